package io.jtcp.io.pcap.trace;

/**
 * One side's sequence numbers as 64-bit offsets from its initial sequence number, so that a
 * transfer past 4 GiB keeps counting up instead of wrapping. Each number is unwrapped against the
 * last one (RFC 9293 §3.4: two numbers in use are always within 2^31 of each other).
 */
final class SequenceSpace {
  private boolean known;
  private int lastRaw;
  private long lastRelative;

  /** Whether the initial sequence number is set. */
  boolean known() {
    return known;
  }

  /** Sets the number shown as 0: the SYN's, or one below the first number seen. */
  void start(int initial) {
    known = true;
    lastRaw = initial;
    lastRelative = 0;
  }

  /** {@code raw} relative to the initial number; {@code remember} moves the reference point. */
  long relative(int raw, boolean remember) {
    long r = lastRelative + (raw - lastRaw);
    if (remember) {
      lastRaw = raw;
      lastRelative = r;
    }
    return r;
  }
}
