package io.jtcp.core.spi;

/** Chooses initial sequence numbers (RFC 9293 §3.4.1). */
@FunctionalInterface
public interface IsnGenerator {
  /** The ISN for a connection on this 4-tuple opened at {@code now} (nanoseconds). */
  int isn(int localAddress, int localPort, int remoteAddress, int remotePort, long now);

  /** Always {@code isn}: for segment-script tests that need exact sequence numbers. */
  static IsnGenerator fixed(int isn) {
    return (la, lp, ra, rp, now) -> isn;
  }
}
