package io.jtcp.cli;

import io.jtcp.core.congestion.CongestionRegistry;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --plugin JAR} (repeatable) for every command that picks a congestion-control algorithm,
 * plus the jars {@code JTCP_PLUGINS} lists (separated by the platform's path separator, ':' on
 * Linux, as {@code CLASSPATH} is): their {@code META-INF/services} entries join the built-ins.
 */
final class PluginOptions {
  /** The environment variable that lists plug-in jars. */
  static final String ENV = "JTCP_PLUGINS";

  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--plugin",
      paramLabel = "JAR",
      description =
          "A jar with congestion-control algorithms (META-INF/services); repeatable. Jars in $"
              + ENV
              + " are loaded too.")
  List<Path> jars = new ArrayList<>();

  /** The environment, replaceable by tests. */
  static Map<String, String> environment = System.getenv();

  private @Nullable CongestionRegistry registry;

  /**
   * The built-ins and the plug-ins.
   *
   * @throws ParameterException when a jar does not exist, or the plug-ins clash with each other or
   *     with a built-in
   */
  CongestionRegistry registry() {
    if (registry != null) {
      return registry;
    }
    List<Path> all = new ArrayList<>();
    String env = environment.get(ENV);
    if (env != null && !env.isBlank()) {
      for (String p : env.split(File.pathSeparator)) {
        if (!p.isBlank()) {
          all.add(Path.of(p.trim()));
        }
      }
    }
    all.addAll(jars);
    List<URL> urls = new ArrayList<>();
    for (Path p : all) {
      if (!Files.isRegularFile(p)) {
        throw new ParameterException(
            spec.commandLine(),
            "plug-in jar "
                + p
                + " does not exist"
                + (jars.contains(p) ? "" : " (listed in $" + ENV + ")"));
      }
      try {
        urls.add(p.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new ParameterException(spec.commandLine(), "not a usable path: " + p);
      }
    }
    ClassLoader parent = PluginOptions.class.getClassLoader();
    ClassLoader loader =
        urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
    try {
      registry = CongestionRegistry.discover(loader);
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return registry;
  }

  /**
   * The factory for {@code name}.
   *
   * @throws ParameterException naming the option and the available algorithms
   */
  io.jtcp.core.spi.CongestionControlFactory resolve(String option, String name) {
    try {
      return registry().resolve(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
