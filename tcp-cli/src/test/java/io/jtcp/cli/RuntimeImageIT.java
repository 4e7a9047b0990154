package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jlink runtime image that {@code mvn package} builds runs jtcp with no JDK on the PATH or in
 * JAVA_HOME: its launcher finds the image's own runtime, and ServiceLoader still finds the built-in
 * congestion controls in the shaded jar.
 */
class RuntimeImageIT {
  private static final Path IMAGE = Path.of("target", "jtcp-image");

  private record Run(int exit, String out) {}

  private static Run run(String... args) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(IMAGE.resolve("bin/jtcp").toString()),
                        java.util.stream.Stream.of(args))
                    .toList())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("JAVA_HOME");
    env.keySet().removeIf(k -> k.startsWith("JAVA") || k.startsWith("JDK"));
    env.put("PATH", "/usr/bin:/bin");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the image's jtcp did not finish");
    return new Run(p.exitValue(), out);
  }

  @Test
  void theImageIsARuntimeWithALauncher() {
    assertTrue(Files.isExecutable(IMAGE.resolve("bin/jtcp")), "bin/jtcp in " + IMAGE);
    assertTrue(Files.isExecutable(IMAGE.resolve("bin/java")), "bin/java in " + IMAGE);
    assertFalse(Files.exists(IMAGE.resolve("bin/javac")), "a runtime, not a JDK");
  }

  @Test
  void versionNamesJtcpAndTheImagesJava() throws Exception {
    Run r = run("--version");
    assertEquals(0, r.exit(), r.out());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.getFirst().startsWith("jtcp "), r.out());
    assertTrue(r.out().contains("Java 25"), r.out());
  }

  @Test
  void theDemoRunsOnTheImage() throws Exception {
    Run r = run("demo");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("both ends CLOSED"), r.out());
  }

  @Test
  void builtInCongestionControlsAreFound() throws Exception {
    Run r = run("cc", "list");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("cubic"), r.out());
    assertTrue(r.out().contains("reno"), r.out());
  }
}
