package io.jtcp.core.engine;

/**
 * The pacing clock of one connection: when the next paced data segment may leave, given the rate
 * the congestion control asks for ({@code CongestionControl.pacingRate()}, payload bytes per
 * second, read afresh at every transmission opportunity).
 *
 * <p>Each data segment sent moves the clock on by its payload's time at that rate, as Linux's
 * internal pacing moves {@code tcp_wstamp_ns} in tcp_update_skb_after_send; the engine sends the
 * next one only once the clock allows it and otherwise arms a timer for {@link #nextSendTime()}.
 * The clock may lag {@code now} by at most one SMSS's time, so after a pause at most two SMSS leave
 * back to back: in any interval of length t a paced connection sends at most {@code 2·SMSS +
 * rate·t} payload bytes. That is the burst Linux's fq allows a paced flow, which it paces per
 * quantum (two MTUs by default, sch_fq.c), and it lets a timer that fires late catch up instead of
 * losing the time, as the credit in tcp_update_skb_after_send does for timer jitter.
 *
 * <p>The clock counts payload bytes, the unit of the delivery-rate samples the engine reports, so
 * an algorithm that paces at its estimate of the bottleneck's delivery rate fills the bottleneck
 * (headers included) and no more; Linux counts packets and so multiplies by the MTU instead.
 */
final class Pacer {
  /** Long.MIN_VALUE until the first segment: a connection's first data is sent after a pause. */
  private long nextSendTime = Long.MIN_VALUE;

  /** Whether a segment may leave at {@code now}: always when {@code rate ≤ 0} (no pacing). */
  boolean allows(long rate, long now) {
    return rate <= 0 || now >= nextSendTime;
  }

  /** When the next paced segment may leave, nanoseconds on the stack's clock. */
  long nextSendTime() {
    return nextSendTime;
  }

  /**
   * A data segment of {@code payload} bytes left at {@code now}, paced or not: whatever goes out
   * takes its share of the rate, so that the segments after an unpaced one (a fast retransmission)
   * keep to it.
   */
  void sent(long rate, int payload, int smss, long now) {
    if (rate <= 0) {
      return;
    }
    long base = Math.max(nextSendTime, now - nanos(smss, rate));
    nextSendTime = base + nanos(payload, rate);
  }

  /**
   * Forgets the debt of earlier segments: after a retransmission timeout the clock restarts at
   * {@code now}, so the retransmission goes at once and a clock run ahead by a rate since lowered
   * cannot delay the recovery. It restarts without credit: the segment after the retransmission
   * waits its full time, as a timeout is no moment for a burst.
   */
  void restart(long now) {
    nextSendTime = now;
  }

  /** How long {@code bytes} take at {@code rate} bytes per second, rounded up. */
  static long nanos(long bytes, long rate) {
    if (bytes <= 0) {
      return 0;
    }
    // bytes is at most a 64 KiB segment, so bytes·10^9 cannot overflow.
    return Math.ceilDiv(bytes * 1_000_000_000L, rate);
  }

  @Override
  public String toString() {
    return "Pacer[next=" + nextSendTime + "]";
  }
}
