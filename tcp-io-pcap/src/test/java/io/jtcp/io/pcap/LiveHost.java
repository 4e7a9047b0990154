package io.jtcp.io.pcap;

import io.jtcp.testkit.Machine;

/**
 * What the live driver's tests need of the machine. Without root, libpcap or a tool they skip,
 * saying why; under CI ({@code CI=true}), which runs as root with everything installed and must run
 * them, they fail instead, as tcp-io-tap's device tests do.
 */
final class LiveHost {
  private LiveHost() {}

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
}
