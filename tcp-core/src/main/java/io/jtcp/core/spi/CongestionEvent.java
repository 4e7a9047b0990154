package io.jtcp.core.spi;

/** The congestion signals the engine reports to {@link CongestionControl#onCongestionEvent}. */
public enum CongestionEvent {
  /**
   * Loss detected from duplicate ACKs or SACK information (RFC 5681 §3.2, RFC 6675 §5 step 4): fast
   * retransmit and recovery start.
   */
  FAST_RETRANSMIT,

  /**
   * The retransmission timer expired (RFC 6298 §5.5) while no recovery after an earlier timeout was
   * in progress: {@code ssthresh} falls (RFC 5681 eqn. 4) and {@code cwnd} becomes the loss window.
   */
  RTO,

  /**
   * The timer expired again before the recovery after the previous timeout ended: the loss window
   * applies again, but {@code ssthresh} stays (RFC 5681 §3.1: a segment "retransmitted a second
   * time" does not lower it further).
   */
  RTO_REPEATED,

  /** The peer echoed an ECN congestion-experienced mark (RFC 3168 §6.1.2). */
  ECN
}
