package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tshark on a capture for the tests that check what jtcp writes. */
final class Tshark {
  private Tshark() {}

  /**
   * Skips the calling test when tshark is not installed, with the reason; under CI ({@code
   * CI=true}) fails instead, since CI must run it (.ci/run installs tshark).
   */
  static void require() {
    boolean found = false;
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      found |= !d.isEmpty() && Files.isExecutable(Path.of(d, "tshark"));
    }
    if (!found && "true".equals(System.getenv("CI"))) {
      fail("tshark is not on the PATH; CI must run this test (.ci/run installs tshark)");
    }
    assumeTrue(found, "tshark is not on the PATH (apt-get install tshark)");
  }

  /** {@code tshark -n -r FILE ARGS}: its standard output, after checking it exited 0. */
  static String read(Path file, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}
