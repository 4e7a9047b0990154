package io.jtcp.io.pcap;

import io.jtcp.testkit.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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
      Machine.skipOrFail(e.getMessage());
    }
  }

  /**
   * Skips (or under CI fails) unless the test can make network namespaces and veth pairs and open
   * them with libpcap: root, iproute2, python3 (to turn the veth offloads off) and libpcap.
   */
  static void requireRootAndNetns() {
    requireLibpcap();
    long uid = Machine.effectiveUid();
    if (uid != 0) {
      Machine.skipOrFail(
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
    Machine.requireTool(tool, debianPackage);
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
