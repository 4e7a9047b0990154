package io.jtcp.cc;

/**
 * HyStart++ (RFC 9406): leaves the initial slow start when the round-trip time starts to rise,
 * through Conservative Slow Start (CSS), before losses force it out. {@link Cubic} drives one per
 * connection; it holds no window of its own, only the round and RTT state, and tells the caller how
 * much to grow {@code cwnd} and when to enter congestion avoidance.
 *
 * <p>Rounds. RFC 9406 §4.2 ends a round when an ACK passes the sequence number that was next to be
 * sent when the round began. The SPI reports no sequence numbers, so a round is tracked in bytes
 * instead: it ends once the bytes acknowledged or SACKed since it began reach the bytes that were
 * in flight when it began (the {@code inFlight} of the ACK that ended the previous round, or the
 * {@code priorInFlight} of the very first ACK, which belongs to the first round). Bytes SACKed and
 * later acknowledged cumulatively count twice and end a round early; that needs a loss or
 * reordering, and a loss ends HyStart++ anyway.
 */
final class HyStartPlusPlus {
  /** RFC 9406 §4.3: the RTT increase that ends slow start is never below 4 ms... */
  static final long MIN_RTT_THRESH = 4_000_000L;

  /** ...nor above 16 ms... */
  static final long MAX_RTT_THRESH = 16_000_000L;

  /** ...and otherwise an eighth of the last round's minimum RTT. */
  static final int MIN_RTT_DIVISOR = 8;

  /** RFC 9406 §4.3: RTT samples a round needs before its minimum is compared. */
  static final int N_RTT_SAMPLE = 8;

  /** RFC 9406 §4.3: CSS grows {@code cwnd} at a quarter of slow start's rate. */
  static final int CSS_GROWTH_DIVISOR = 4;

  /**
   * RFC 9406 §4.3: rounds of CSS (the partial one it began in included) before congestion
   * avoidance.
   */
  static final int CSS_ROUNDS = 5;

  /**
   * RFC 9406 §4.3: L = 8 segments of byte counting per ACK without pacing (the engine does not pace
   * CUBIC, {@link Cubic#pacingRate()} is 0).
   */
  static final int L = 8;

  /** RFC 9406's "infinity" for RTTs not yet measured. */
  static final long INFINITY = Long.MAX_VALUE;

  /** Where HyStart++ has the connection. */
  enum Phase {
    /** Standard slow start, watching the RTT. */
    SLOW_START,
    /** Conservative Slow Start: the RTT rose, so the window grows at a quarter of the rate. */
    CSS,
    /** Finished: CSS ran its rounds, or a loss or ECN mark came; congestion control takes over. */
    DONE
  }

  private Phase phase = Phase.SLOW_START;
  private long lastRoundMinRtt = INFINITY;
  private long currentRoundMinRtt = INFINITY;
  private int rttSampleCount;
  private long cssBaselineMinRtt = INFINITY;
  private int cssRounds;

  private boolean roundStarted;
  private long roundTarget;
  private long roundDelivered;

  HyStartPlusPlus() {}

  private HyStartPlusPlus(HyStartPlusPlus o) {
    phase = o.phase;
    lastRoundMinRtt = o.lastRoundMinRtt;
    currentRoundMinRtt = o.currentRoundMinRtt;
    rttSampleCount = o.rttSampleCount;
    cssBaselineMinRtt = o.cssBaselineMinRtt;
    cssRounds = o.cssRounds;
    roundStarted = o.roundStarted;
    roundTarget = o.roundTarget;
    roundDelivered = o.roundDelivered;
  }

  /** An independent copy, for undoing a congestion response later (RFC 9438 §4.9). */
  HyStartPlusPlus copy() {
    return new HyStartPlusPlus(this);
  }

  Phase phase() {
    return phase;
  }

  /**
   * RFC 9406 §4.2: RttThresh = max(MIN_RTT_THRESH, min(lastRoundMinRTT / MIN_RTT_DIVISOR,
   * MAX_RTT_THRESH)), in nanoseconds.
   */
  static long rttThresh(long lastRoundMinRtt) {
    return Math.max(MIN_RTT_THRESH, Math.min(lastRoundMinRtt / MIN_RTT_DIVISOR, MAX_RTT_THRESH));
  }

  /**
   * How many bytes {@code cwnd} grows by for {@code newlyAcked} bytes newly acknowledged: RFC 9406
   * §4.2's min(N, L·SMSS) in slow start, divided by {@link #CSS_GROWTH_DIVISOR} in CSS, nothing
   * once {@link Phase#DONE}.
   */
  long increase(long newlyAcked, int smss) {
    long n = Math.min(Math.max(newlyAcked, 0), (long) L * smss);
    return switch (phase) {
      case SLOW_START -> n;
      case CSS -> n / CSS_GROWTH_DIVISOR;
      case DONE -> 0;
    };
  }

  /**
   * Takes one ACK of the slow start: its RTT sample, and the bytes it delivered for the round
   * count.
   *
   * @param delivered bytes newly acknowledged or SACKed by this ACK
   * @param priorInFlight bytes in flight before the ACK
   * @param inFlight bytes in flight after the ACK
   * @param rttSample the ACK's RTT sample in nanoseconds, or negative for none
   * @return whether CSS has just run its {@link #CSS_ROUNDS} rounds: the caller enters congestion
   *     avoidance with {@code ssthresh = cwnd} (RFC 9406 §4.2)
   */
  boolean onAck(long delivered, long priorInFlight, long inFlight, long rttSample) {
    if (phase == Phase.DONE) {
      return false;
    }
    if (!roundStarted) {
      startRound(priorInFlight); // this ACK's bytes belong to the first round
    }
    if (rttSample >= 0) {
      currentRoundMinRtt = Math.min(currentRoundMinRtt, rttSample);
      rttSampleCount++;
    }
    if (rttSampleCount >= N_RTT_SAMPLE) {
      if (phase == Phase.SLOW_START
          && lastRoundMinRtt != INFINITY
          && currentRoundMinRtt >= lastRoundMinRtt + rttThresh(lastRoundMinRtt)) {
        cssBaselineMinRtt = currentRoundMinRtt;
        cssRounds = 0;
        phase = Phase.CSS;
      } else if (phase == Phase.CSS && currentRoundMinRtt < cssBaselineMinRtt) {
        // The RTT fell back: the exit was spurious (RFC 9406 §4.2), slow start resumes.
        cssBaselineMinRtt = INFINITY;
        phase = Phase.SLOW_START;
      }
    }
    roundDelivered += Math.max(delivered, 0);
    if (roundDelivered < roundTarget) {
      return false;
    }
    // RFC 9406 §4.2: "If the transition into CSS happens in the middle of a round, that partial
    // round counts towards the limit."
    if (phase == Phase.CSS && ++cssRounds >= CSS_ROUNDS) {
      phase = Phase.DONE;
      return true;
    }
    startRound(inFlight);
    return false;
  }

  private void startRound(long bytesInFlight) {
    roundStarted = true;
    roundTarget = Math.max(bytesInFlight, 0);
    roundDelivered = 0;
    lastRoundMinRtt = currentRoundMinRtt;
    currentRoundMinRtt = INFINITY;
    rttSampleCount = 0;
  }

  /** A loss or ECN mark: RFC 9406 §4.2 hands the connection to congestion avoidance for good. */
  void onCongestion() {
    phase = Phase.DONE;
  }

  long lastRoundMinRtt() {
    return lastRoundMinRtt;
  }

  long currentRoundMinRtt() {
    return currentRoundMinRtt;
  }

  long cssBaselineMinRtt() {
    return cssBaselineMinRtt;
  }

  int cssRounds() {
    return cssRounds;
  }

  int rttSampleCount() {
    return rttSampleCount;
  }
}
