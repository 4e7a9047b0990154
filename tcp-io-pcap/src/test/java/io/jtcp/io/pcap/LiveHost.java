package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What the live driver's tests need of the machine, and how they run its commands. Without root,
 * libpcap or a tool they skip, saying why; under CI ({@code CI=true}), which runs as root with
 * everything installed and must run them, they fail instead, as tcp-io-tap's device tests do.
 */
final class LiveHost {
  private LiveHost() {}

  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  /** Skips (or under CI fails) unless libpcap could be loaded. */
  static void requireLibpcap() {
    try {
      Libpcap.require();
    } catch (PcapException e) {
      skipOrFail(e.getMessage());
    }
  }

  /**
   * Skips (or under CI fails) unless the test can make network namespaces and veth pairs and open
   * them with libpcap: root, iproute2, python3 (to turn the veth offloads off) and libpcap.
   */
  static void requireRootAndNetns() {
    requireLibpcap();
    long uid = effectiveUid();
    if (uid != 0) {
      skipOrFail(
          "needs root for network namespaces and packet capture: "
              + (uid < 0
                  ? "cannot tell the user id (no /proc/self/status)"
                  : "running as uid " + uid));
    }
    requireTool("ip", "iproute2");
    requireTool("python3", "python3");
  }

  /** Skips (or under CI fails) unless {@code tool} is on the PATH. */
  static void requireTool(String tool, String debianPackage) {
    if (onPath(tool) == null) {
      skipOrFail(
          "needs " + tool + " on the PATH: install it (apt-get install " + debianPackage + ")");
    }
  }

  private static void skipOrFail(String message) {
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " (CI=true, so this fails rather than skips)");
    }
    assumeTrue(false, message);
  }

  private static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static @Nullable Path onPath(String tool) {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, tool);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** A command's exit status and its output (stdout and stderr together). */
  record Result(int exit, String output) {}

  /** Runs a command and returns its output; throws with the output if it fails. */
  static String run(String... command) {
    Result r = tryRun(command);
    if (r.exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + r.exit + ": " + r.output.strip());
    }
    return r.output;
  }

  static Result tryRun(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }
}
