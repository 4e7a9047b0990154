package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @AfterEach
  void restoreEnvironment() {
    PluginOptions.environment = System.getenv();
  }

  /**
   * A plug-in jar holding only a services file that names {@code provider}: enough for
   * ServiceLoader when the class itself is already visible (here, a test class).
   */
  private static Path jarNaming(Path dir, String name, Class<?> provider) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream f = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(f)) {
      j.putNextEntry(new JarEntry("META-INF/services/io.jtcp.core.spi.CongestionControlFactory"));
      j.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return jar;
  }

  @Test
  void list_showsTheBuiltIns_withTheirSources() {
    assertEquals(0, run("cc", "list"));
    String text = out.toString();
    assertTrue(text.startsWith("NAME"), text);
    assertTrue(text.matches("(?s).*\\ncubic +built-in \\(tcp-congestion\\) .*"), text);
    assertTrue(text.matches("(?s).*\\nnewreno +built-in \\(tcp-congestion\\) .*"), text);
    assertTrue(text.matches("(?s).*\\nreno +built-in \\(tcp-core\\) .*"), text);
  }

  @Test
  void listJson_isAnArrayOfNameDescriptionSource() {
    assertEquals(0, run("cc", "list", "--json"));
    String json = out.toString().trim();
    assertTrue(json.startsWith("[{\"name\":\"cubic\",\"description\":\""), json);
    assertTrue(json.contains("{\"name\":\"reno\",\"description\":\""), json);
    assertTrue(json.contains("\"source\":\"built-in (tcp-core)\"}"), json);
  }

  @Test
  void pluginJar_fromTheOptionOrTheEnvironment_isListed(@TempDir Path dir) throws IOException {
    Path jar = jarNaming(dir, "fixed.jar", FixedPlugin.class);
    assertEquals(0, run("cc", "list", "--plugin", jar.toString()));
    assertTrue(
        out.toString().matches("(?s).*\\nfixed +plug-in .*FixedPlugin from .*"), out.toString());

    out.getBuffer().setLength(0);
    PluginOptions.environment = Map.of(PluginOptions.ENV, jar.toString());
    assertEquals(0, run("cc", "list"));
    assertTrue(out.toString().contains("\nfixed "), out.toString());
  }

  @Test
  void missingJar_andClashingNames_areUsageErrorsThatSayWhy(@TempDir Path dir) throws IOException {
    assertEquals(2, run("cc", "list", "--plugin", dir.resolve("nope.jar").toString()));
    assertTrue(
        err.toString().contains("plug-in jar " + dir.resolve("nope.jar") + " does not exist"),
        err.toString());

    err.getBuffer().setLength(0);
    Path clash = jarNaming(dir, "clash.jar", FakeCubic.class);
    assertEquals(2, run("cc", "list", "--plugin", clash.toString()));
    assertTrue(
        err.toString()
            .contains("two congestion controls are named 'cubic': built-in (tcp-congestion)"),
        err.toString());
  }

  @Test
  void aPluginsRun_printsAReplayCommandThatLoadsThePluginAgain(@TempDir Path dir)
      throws IOException {
    Path jar = jarNaming(dir, "fixed.jar", FixedPlugin.class);
    assertEquals(
        0,
        run(
            "sim",
            "transfer",
            "--bytes",
            "64KiB",
            "--cc",
            "fixed",
            "--plugin",
            jar.toString(),
            "--json"),
        err.toString());
    String json = out.toString();
    assertTrue(json.contains("\"cc\":\"fixed\""), json);
    assertTrue(
        json.contains("--cc fixed") && json.contains("--plugin " + jar),
        "the replay command: " + json);
  }

  @Test
  void ccWithoutASubcommand_isAUsageError() {
    assertEquals(2, run("cc"));
    assertTrue(err.toString().contains("jtcp cc needs a command"), err.toString());
  }

  /** A plug-in as a third party would write it. */
  public static final class FixedPlugin implements io.jtcp.core.spi.CongestionControlFactory {
    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public String description() {
      return "a fixed window, for tests";
    }

    @Override
    public io.jtcp.core.spi.CongestionControl create(io.jtcp.core.spi.ConnectionParams p) {
      return new io.jtcp.core.congestion.Reno(p.smss());
    }
  }

  /** A plug-in that takes a built-in's name. */
  public static final class FakeCubic implements io.jtcp.core.spi.CongestionControlFactory {
    @Override
    public String name() {
      return "cubic";
    }

    @Override
    public String description() {
      return "not cubic";
    }

    @Override
    public io.jtcp.core.spi.CongestionControl create(io.jtcp.core.spi.ConnectionParams p) {
      return new io.jtcp.core.congestion.Reno(p.smss());
    }
  }
}
