package io.jtcp.cli.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux lets a network namespace other than the first choose as its default only the algorithms in
 * the first namespace's {@code net.ipv4.tcp_allowed_congestion_control}
 * (tcp_set_default_congestion_control answers EPERM otherwise). Debian's default allows cubic; a
 * machine that made bbr its default may allow only "reno bbr". For the test's duration the
 * algorithm is added to the list, and the list is restored afterwards: a setting, not traffic.
 */
final class AllowedCongestionControl implements AutoCloseable {
  private static final Path KNOB = Path.of("/proc/sys/net/ipv4/tcp_allowed_congestion_control");

  private final String before;
  private final boolean changed;

  private AllowedCongestionControl(String before, boolean changed) {
    this.before = before;
    this.changed = changed;
  }

  static AllowedCongestionControl include(String algorithm) throws IOException {
    String before = Files.readString(KNOB).strip();
    for (String a : before.split("\\s+")) {
      if (a.equals(algorithm)) {
        return new AllowedCongestionControl(before, false);
      }
    }
    Files.writeString(KNOB, before + " " + algorithm);
    return new AllowedCongestionControl(before, true);
  }

  @Override
  public void close() throws IOException {
    if (changed) {
      Files.writeString(KNOB, before);
    }
  }
}
