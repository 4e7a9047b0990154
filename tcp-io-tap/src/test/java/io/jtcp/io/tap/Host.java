package io.jtcp.io.tap;

import io.jtcp.testkit.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What the device tests need of the machine, and how they run its commands. Without root, {@code
 * /dev/net/tun} or a tool they skip, saying why; under CI ({@code CI=true}), which runs as root and
 * must run them, they fail instead.
 */
final class Host {
  private Host() {}

  private static final long COMMAND_TIMEOUT_SECONDS = 20;

  /** Skips (or under CI fails) the calling test unless it runs as root with /dev/net/tun and ip. */
  static void requireRootAndTun() {
    String missing = missingRootOrTun();
    if (missing != null) {
      Machine.skipOrFail("needs root and /dev/net/tun: " + missing);
    }
  }

  /** Skips (or under CI fails) unless {@code tool} is on the PATH. */
  static void requireTool(String tool, String debianPackage) {
    Machine.requireTool(tool, debianPackage);
  }

  private static @Nullable String missingRootOrTun() {
    long uid = Machine.effectiveUid();
    if (uid != 0) {
      return uid < 0 ? "cannot tell the user id (no /proc/self/status)" : "running as uid " + uid;
    }
    if (!Files.exists(Path.of(TapLink.CLONE_DEVICE))) {
      return TapLink.CLONE_DEVICE + " does not exist (modprobe tun)";
    }
    if (Machine.onPath("ip").isEmpty()) {
      return "the ip command (iproute2) is not installed";
    }
    return null;
  }

  /** Runs a command and returns its output; throws with the output if it fails. */
  static String run(String... command) {
    Result r = tryRun(command);
    if (r.exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + r.exit + ": " + r.output.strip());
    }
    return r.output;
  }

  /** A command's exit status and its output (stdout and stderr together). */
  record Result(int exit, String output) {}

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

  /** Whether an interface of this name exists in the root namespace. */
  static boolean linkExists(String name) {
    return tryRun("ip", "link", "show", "dev", name).exit == 0;
  }
}
