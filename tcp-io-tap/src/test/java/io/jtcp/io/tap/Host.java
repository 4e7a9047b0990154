package io.jtcp.io.tap;

import io.jtcp.testkit.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What the device tests need of the machine. Without root, {@code /dev/net/tun} or a tool they
 * skip, saying why; under CI ({@code CI=true}), which runs as root and must run them, they fail
 * instead.
 */
final class Host {
  private Host() {}

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

  /** Whether an interface of this name exists in the root namespace. */
  static boolean linkExists(String name) {
    return Machine.tryRun("ip", "link", "show", "dev", name).exit() == 0;
  }
}
