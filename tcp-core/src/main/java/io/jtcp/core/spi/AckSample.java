package io.jtcp.core.spi;

/**
 * What one ACK told the sender, as {@link CongestionControl#onAck} sees it. The engine reuses one
 * instance for every connection of a stack (nothing is allocated per ACK), so it is valid only
 * during the call.
 */
public interface AckSample {
  /** When the ACK arrived, nanoseconds on the stack's clock. */
  long now();

  /** The sender's maximum segment size in bytes. */
  int smss();

  /** Bytes newly acknowledged by the cumulative ACK (SND.UNA's advance, SYN and FIN excluded). */
  long ackedBytes();

  /** Bytes newly selectively acknowledged by this ACK's SACK blocks (RFC 2018). */
  long sackedBytes();

  /** Bytes this ACK caused to be marked lost (RFC 6675 IsLost). */
  long lostBytes();

  /** Bytes in flight (RFC 6675 pipe) before the ACK was processed. */
  long priorInFlight();

  /** Bytes in flight (RFC 6675 pipe) after the ACK was processed. */
  long inFlight();

  /**
   * The round-trip time this ACK measured in nanoseconds (from a timestamp echo, RFC 7323 §4, or
   * from a timed segment with Karn's rule), or -1 when it measured none.
   */
  long rttSample();

  /** The smoothed round-trip time (RFC 6298 SRTT) in nanoseconds, 0 before the first sample. */
  long srtt();

  /** The smallest RTT sample seen on the connection in nanoseconds, 0 before the first sample. */
  long minRtt();

  /** Whether the ACK is a duplicate (RFC 5681 §2, or RFC 6675 §2 with SACK). */
  boolean duplicate();

  /** Whether the ACK carried an ECN echo (ECE). */
  boolean ece();

  /**
   * Whether a fast recovery is in progress (RFC 6675 §5, RFC 6582): {@code cwnd} should not grow.
   * The recovery after a retransmission timeout is not a fast recovery: there RFC 5681 §3.1 slow
   * starts from the loss window, so this is false.
   */
  boolean inRecovery();

  /**
   * Whether the sender was limited by the application (or by the receiver's window) rather than by
   * {@code cwnd} when it last stopped sending: growing {@code cwnd} on such ACKs inflates it beyond
   * what the network was shown to carry (RFC 7661). In slow start the engine counts a window at
   * least half used as cwnd-limited, as Linux's tcp_is_cwnd_limited does.
   *
   * <p>This is about the sender now, for window growth; {@link #deliveryAppLimited()} is about the
   * delivery-rate sample, and the two can differ (a sample taken over a flight sent while the
   * application was short of data stays app-limited after the application catches up).
   */
  boolean appLimited();

  // ---- Delivery rate (draft-cheng-iccrg-delivery-rate-estimation-02, Linux's tcp_rate.c) ------
  //
  // The engine implements all of these. The defaults (no sample) exist so that test doubles of
  // this interface keep compiling; they are what the engine reports when it has no sample.

  /**
   * Bytes delivered to the receiver so far on this connection, this ACK included: every sequence
   * number cumulatively acknowledged or SACKed, counted once, when its first ACK or SACK arrives
   * (the draft's {@code C.delivered}; Linux's {@code tp->delivered}, in bytes instead of packets).
   * A FIN counts one. Without SACK only the cumulative ACK delivers. Valid on every ACK; it never
   * decreases. The default is 0.
   */
  default long delivered() {
    return 0;
  }

  /**
   * The delivery rate this ACK measured, in payload bytes per second, or 0 when it gave no sample.
   *
   * <p>The engine keeps, for every segment it sends, a snapshot of {@link #delivered()}, of when
   * that last grew and of when the most recently delivered segment had been sent. Of the segments
   * this ACK newly delivers (cumulatively or by SACK) it takes the one sent last, and measures
   * {@code (delivered() − priorDelivered()) / deliveryIntervalNanos()}, where the interval is the
   * longer of the send phase (that segment's send time less the send time of the segment delivered
   * when it was sent) and the ACK phase (now less the time {@link #delivered()} last grew before it
   * was sent): ACK compression can make either phase the short one, and the rate cannot have been
   * faster than the slower phase. It is a goodput: headers are not counted, and a sender limited by
   * the application or the receiver's window measures what it sent, not the path's capacity (see
   * {@link #deliveryAppLimited()}). No sample is taken when the ACK delivers nothing the engine
   * sent, or when the interval comes out shorter than {@link #minRtt()} (as tcp_rate_gen: only an
   * ACK for a spurious retransmission can do that, and its rate would be too high).
   */
  default long deliveryRate() {
    return 0;
  }

  /**
   * The interval over which {@link #deliveryRate()} was measured, in nanoseconds; 0 exactly when
   * there is no rate sample.
   */
  default long deliveryIntervalNanos() {
    return 0;
  }

  /**
   * {@link #delivered()} as it was when the segment the rate sample rests on was sent (the draft's
   * {@code rs.prior_delivered}), or -1 when this ACK delivered no segment the engine sent. Set also
   * when the interval was rejected and {@link #deliveryRate()} is 0. BBR counts round trips with
   * it: a round ends when an ACK delivers a segment sent after the round began, that is when this
   * reaches the {@code delivered()} the round began at.
   */
  default long priorDelivered() {
    return -1;
  }

  /**
   * Whether the rate sample is application-limited (the draft's {@code rs.is_app_limited}): the
   * segment it rests on was sent while the engine had marked the connection short of data, so the
   * sample may be below what the path carries. An algorithm that filters for the maximum bandwidth
   * (BBR) uses such a sample only if it is higher than its estimate.
   *
   * <p>The engine marks the connection when the application writes while less than one SMSS is
   * unsent, the pipe is below {@code cwnd}, no lost data awaits retransmission and nothing waits
   * for the link (Linux's tcp_rate_check_app_limited, run by tcp_sendmsg); the mark lasts until the
   * bytes in flight at that moment have been delivered. Unlike {@link #appLimited()}, which says
   * whether the sender is held back by something other than cwnd now, this dates from when the
   * sampled segment was sent. False when there is no sample.
   */
  default boolean deliveryAppLimited() {
    return false;
  }

  /**
   * Whether this ACK newly acknowledged or SACKed bytes that had been retransmitted (at least once
   * since they were first sent), whatever retransmitted them: fast retransmit, recovery, a timeout.
   * Part of a retransmitted segment counts. Linux's {@code rs->is_retrans} says this of the sampled
   * segment only; this covers every byte the ACK delivers, so it is true on the ACK that ends a
   * recovery by covering its retransmission even when a later original is what the rate sample
   * rests on. False when the ACK delivered nothing.
   */
  default boolean retransmissionAcked() {
    return false;
  }
}
