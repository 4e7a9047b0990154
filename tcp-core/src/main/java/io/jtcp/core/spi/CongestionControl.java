package io.jtcp.core.spi;

/**
 * A congestion-control algorithm for one connection: it owns the congestion window ({@code cwnd}),
 * the slow-start threshold ({@code ssthresh}) and, optionally, a pacing rate. The engine owns loss
 * detection and recovery (RFC 6675 with SACK, RFC 6582 without), the retransmission timer and the
 * send path; it tells the algorithm what happened through value objects and never hands it the
 * connection.
 *
 * <p>All methods run on the stack's engine thread, one connection at a time, so an implementation
 * needs no synchronisation. Time is the {@code now} the engine passes (nanoseconds on the stack's
 * clock, virtual in the simulator): an algorithm must not read a clock of its own, or simulations
 * stop being reproducible. Byte counts are bytes, not segments; {@link #cwnd()} is read before
 * every transmission opportunity, so an algorithm changes the window simply by changing what it
 * returns.
 *
 * <p>The engine sends a segment of new data when {@code cwnd() − pipe} is at least its length (a
 * full SMSS unless less is queued or the peer's window is smaller), where {@code pipe} is RFC
 * 6675's estimate of the bytes in flight. During a recovery it sends retransmissions and new data
 * while {@code cwnd() − pipe ≥ SMSS} (RFC 6675 §5 step C), so RFC 6675 §5 step 4.2 — {@code cwnd =
 * ssthresh} on entry — is the algorithm's job in {@link #onCongestionEvent}.
 */
public interface CongestionControl {

  /** The congestion window in bytes; at least one SMSS (the engine never sends less than that). */
  long cwnd();

  /** The slow-start threshold in bytes; {@link Long#MAX_VALUE} while none is set. */
  long ssthresh();

  /**
   * Payload bytes per second at which the engine paces data segments, or 0 (or less) for no pacing:
   * send as the window allows, as Reno and CUBIC do. The unit is that of {@link
   * AckSample#deliveryRate()}, so an algorithm that paces at its estimate of the bottleneck's
   * delivery rate fills the bottleneck, headers included.
   *
   * <p>The engine reads this at every transmission opportunity, so an algorithm changes the rate
   * simply by returning another one. While it is positive, a data segment the windows allow goes
   * out only when the pacing clock allows: each data segment moves the clock on by {@code payload /
   * rate}, and a timer at the clock's time resumes sending. The clock may lag by one SMSS's time,
   * so at most two SMSS leave back to back after a pause (the burst Linux's fq allows a paced flow,
   * its quantum of two MTUs). A segment the pacing clock allows then still waits for room on the
   * link. The segments the engine sends whatever cwnd says — the fast retransmission that starts a
   * recovery (RFC 6675 §5 step 4.3) or follows a NewReno partial ACK, the retransmission of a
   * timeout, a persist-timer probe — go at once and take their share of the clock, so the segments
   * after them keep the rate; a timeout restarts the clock, so a rate lowered since the clock ran
   * ahead never holds its retransmission back. Pure ACKs are not paced.
   */
  default long pacingRate() {
    return 0;
  }

  /**
   * Called for every acceptable ACK (one whose acknowledgment number is at most SND.MAX) that
   * acknowledges or SACKs something or arrives while data is outstanding; the ACKs a pure receiver
   * gets with nothing outstanding, and the handshake's, are not reported. It comes after the engine
   * has updated its loss-recovery state and RTT estimate from it and after any {@link
   * #onCongestionEvent} or {@link #onRecoveryExit} the same ACK caused. The sample is valid only
   * during the call: copy what you need.
   *
   * <p>RFC 5681 growth belongs here; an algorithm that follows RFC 6675 does not grow {@code cwnd}
   * while {@link AckSample#inRecovery()} is true.
   */
  void onAck(AckSample ack);

  /**
   * The network signalled congestion: the engine has detected a loss ({@link
   * CongestionEvent#FAST_RETRANSMIT}, about to retransmit), the retransmission timer expired
   * ({@link CongestionEvent#RTO}, or {@link CongestionEvent#RTO_REPEATED} when it expires again
   * before the previous timeout's recovery ended; called before the retransmission), or an ECN echo
   * arrived ({@link CongestionEvent#ECN}). RFC 5681 eqn. 4 sets {@code ssthresh = max(flightSize /
   * 2, 2·SMSS)} here; after an RTO the loss window is one SMSS.
   *
   * @param now the engine's time, nanoseconds
   * @param flightSize RFC 5681 FlightSize: bytes sent and not yet cumulatively acknowledged
   * @param pipe RFC 6675 pipe: the bytes still believed in flight (SACKed and lost ones excluded)
   */
  void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe);

  /**
   * The cumulative ACK reached the recovery point: a fast recovery (or the recovery after an RTO)
   * is over. RFC 6582 §3.2 step 3's full ACK; an algorithm typically sets {@code cwnd = ssthresh}
   * after a fast recovery. Called before the {@link #onAck} of the ACK that ended it.
   *
   * @param afterRto whether the recovery that ended followed a retransmission timeout
   */
  default void onRecoveryExit(long now, boolean afterRto) {}

  /**
   * Every retransmission of the latest recovery proved unnecessary (all D-SACKed, RFC 3708): the
   * reduction may be undone (RFC 4015's response), for instance by restoring the {@code cwnd} and
   * {@code ssthresh} saved when the episode started.
   */
  default void onSpuriousCongestion(long now) {}

  /**
   * The connection is about to send after an idle period longer than the RTO with nothing in flight
   * (RFC 5681 §4.1; Linux's {@code tcp_slow_start_after_idle}): an algorithm may shrink {@code
   * cwnd} to its restart window.
   *
   * @param idleNanos how long nothing was sent
   */
  default void onIdleRestart(long now, long idleNanos) {}

  /** The sender's maximum segment size changed (path MTU): windows in segments change scale. */
  default void onSmssChange(int smss) {}

  /**
   * One short line of internal state for traces (for example {@code "ca W_max=102400 K=4.2"}); the
   * engine prints it beside cwnd and ssthresh.
   */
  default String describe() {
    return "";
  }
}
