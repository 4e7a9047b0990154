package org.example.cc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code jtcp} CLI jar in its own JVM, as a researcher would: the integration tests
 * must see what {@code java -jar jtcp.jar} sees, class loaders and all.
 */
final class JtcpCli {
  /** The plug-in jar `package` just built; failsafe sets the property from the pom. */
  static final Path PLUGIN_JAR = property("cc.plugin.jar");

  /** tcp-cli's shaded jar, which the reactor builds before this module. */
  static final Path CLI_JAR = property("jtcp.cli.jar");

  private static final long TIMEOUT_SECONDS = 120;

  /** What one run printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private JtcpCli() {}

  private static Path property(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      throw new IllegalStateException(
          "system property " + name + " is unset: run the integration tests through Maven");
    }
    return Path.of(v).toAbsolutePath();
  }

  /** Checks the jars exist, with a message that says how to build a missing one. */
  static void requireJars() {
    assertTrue(
        Files.isRegularFile(CLI_JAR),
        CLI_JAR
            + " is missing: build the CLI first (mvn -pl tcp-cli -am package"
            + " -Dmaven.test.skip=true), or run `mvn verify` from the root");
    assertTrue(
        Files.isRegularFile(PLUGIN_JAR), PLUGIN_JAR + " is missing: run the `package` phase");
  }

  /**
   * {@code java -jar jtcp.jar args...} with {@code env} added to an environment cleared of the
   * variables that would change the outcome ({@code JTCP_PLUGINS}, {@code AIMD_BETA}).
   */
  static Result run(Path workDir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    // The test JVM is the toolchain's JDK 25, the one the build selected: use the same for the CLI.
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(CLI_JAR.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("JTCP_PLUGINS");
    pb.environment().remove(AimdFactory.ENV);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
