package org.example.cc;

import io.jtcp.core.spi.AckSample;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionEvent;

/**
 * Additive-increase, multiplicative-decrease congestion control (Chiu and Jain, 1989) with a
 * configurable decrease factor β. With β = 0.5 it is RFC 5681 Reno's window arithmetic; other
 * values show what the back-off costs and buys (the larger β, the smaller each cut and the slower
 * the flow gives way to others).
 *
 * <ul>
 *   <li>Slow start from RFC 6928's initial window, by the bytes acknowledged but at most 2·SMSS per
 *       ACK (RFC 3465, L = 2), up to {@code ssthresh}.
 *   <li>Congestion avoidance: one SMSS each time a whole {@code cwnd} of bytes has been
 *       acknowledged (RFC 3465 §2.1), about one SMSS per round trip.
 *   <li>Fast retransmit: {@code ssthresh = max(β·FlightSize, 2·SMSS)} (RFC 5681 eqn. 4 with β in
 *       place of ½) and {@code cwnd = ssthresh} (RFC 6675 §5 step 4.2).
 *   <li>Retransmission timeout: the same {@code ssthresh}, and {@code cwnd} becomes the one-SMSS
 *       loss window (RFC 5681 §3.1); a repeated timeout keeps {@code ssthresh}.
 *   <li>ECN echo: the fast-retransmit cut, at most once per round trip and not during a recovery
 *       (RFC 3168 §6.1.2).
 *   <li>No growth during a fast recovery or while the application, not {@code cwnd}, limits the
 *       sender (RFC 7661).
 * </ul>
 */
public final class Aimd implements CongestionControl {
  /**
   * The recovery the engine is in, as the callbacks tell it. Tracked here because the ECN guard and
   * {@link #describe} need it between ACKs, and {@link AckSample#inRecovery()} is false during the
   * recovery after a timeout.
   */
  private enum Recovery {
    NONE,
    FAST,
    AFTER_RTO
  }

  private final double beta;
  private int smss;
  private long cwnd;
  private long ssthresh = Long.MAX_VALUE;

  /** Congestion avoidance: bytes acknowledged since cwnd last grew. */
  private long caAcked;

  private Recovery recovery = Recovery.NONE;

  /**
   * The last smoothed RTT an ACK reported. Copied because the ECN guard needs a round trip when the
   * event arrives, and the event carries none: the sample is gone by then.
   */
  private long srtt;

  /** When the window was last cut, for the ECN guard; meaningful once {@link #hasCut}. */
  private long lastCutAt;

  private boolean hasCut;

  /** cwnd and ssthresh before the latest loss response, for an undo (RFC 4015). */
  private long undoCwnd;

  private long undoSsthresh = Long.MAX_VALUE;

  private int fastRetransmits;
  private int timeouts;
  private int ecnCuts;

  /**
   * @param smss the sender's maximum segment size in bytes
   * @param beta the decrease factor: after a loss the window becomes β times the bytes in flight;
   *     strictly between 0 and 1
   */
  public Aimd(int smss, double beta) {
    if (smss <= 0) {
      throw new IllegalArgumentException("smss must be positive, got " + smss);
    }
    this.smss = smss;
    this.beta = checkBeta(beta);
    this.cwnd = initialWindow(smss);
  }

  static double checkBeta(double beta) {
    // 1 would never back off, which is no congestion control; NaN fails this test too.
    if (!(beta > 0 && beta < 1)) {
      throw new IllegalArgumentException("beta must be strictly between 0 and 1, got " + beta);
    }
    return beta;
  }

  /** RFC 6928's initial window: min(10·SMSS, max(2·SMSS, 14600)) bytes. */
  public static long initialWindow(int smss) {
    return Math.min(10L * smss, Math.max(2L * smss, 14600));
  }

  /** The decrease factor β this instance applies. */
  public double beta() {
    return beta;
  }

  @Override
  public long cwnd() {
    return cwnd;
  }

  @Override
  public long ssthresh() {
    return ssthresh;
  }

  @Override
  public void onAck(AckSample ack) {
    // The sample is reused by the engine after this call returns: keep values, never the object.
    if (ack.srtt() > 0) {
      srtt = ack.srtt();
    }
    long acked = ack.ackedBytes();
    // Growing during a recovery would send new data into the loss; growing while app-limited
    // would inflate cwnd beyond what the path was shown to carry.
    if (acked <= 0 || ack.inRecovery() || ack.appLimited()) {
      return;
    }
    if (cwnd < ssthresh) {
      // Capped at ssthresh so that slow start after a timeout ends exactly where the timeout's
      // response said congestion avoidance should start, as Linux's tcp_slow_start does.
      cwnd = Math.min(cwnd + Math.min(acked, 2L * smss), ssthresh);
      return;
    }
    caAcked += acked;
    if (caAcked >= cwnd) {
      caAcked -= cwnd;
      cwnd += smss;
    }
  }

  @Override
  public void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe) {
    switch (event) {
      case FAST_RETRANSMIT -> {
        saveForUndo();
        cut(now, flightSize);
        cwnd = ssthresh;
        recovery = Recovery.FAST;
        fastRetransmits++;
      }
      case RTO -> {
        saveForUndo();
        cut(now, flightSize);
        cwnd = smss;
        recovery = Recovery.AFTER_RTO;
        timeouts++;
      }
      case RTO_REPEATED -> {
        // RFC 5681 §3.1: a segment retransmitted a second time must not lower ssthresh again,
        // or one long outage would drive it to the 2·SMSS floor.
        caAcked = 0;
        cwnd = smss;
        recovery = Recovery.AFTER_RTO;
        timeouts++;
      }
      case ECN -> {
        // RFC 3168 §6.1.2: one reduction per window of data. A recovery has already cut for this
        // window, and marks within one RTT of the last cut are echoes of the same congestion.
        if (recovery != Recovery.NONE || (hasCut && srtt > 0 && now - lastCutAt < srtt)) {
          return;
        }
        cut(now, flightSize);
        cwnd = ssthresh;
        // Nothing was retransmitted, so no D-SACK can prove this cut spurious; forgetting the
        // saved window keeps a later undo of an earlier loss from erasing it.
        undoCwnd = 0;
        undoSsthresh = 0;
        ecnCuts++;
      }
    }
  }

  private void saveForUndo() {
    undoCwnd = cwnd;
    undoSsthresh = ssthresh;
  }

  private void cut(long now, long flightSize) {
    ssthresh = Math.max((long) (beta * flightSize), 2L * smss);
    caAcked = 0;
    lastCutAt = now;
    hasCut = true;
  }

  @Override
  public void onRecoveryExit(long now, boolean afterRto) {
    if (!afterRto) {
      cwnd = ssthresh; // RFC 6582 §3.2 step 3, option 2
    }
    recovery = Recovery.NONE;
  }

  @Override
  public void onSpuriousCongestion(long now) {
    cwnd = Math.max(cwnd, undoCwnd);
    ssthresh = Math.max(ssthresh, undoSsthresh);
  }

  @Override
  public void onIdleRestart(long now, long idleNanos) {
    cwnd = Math.min(cwnd, initialWindow(smss)); // RFC 5681 §4.1: RW = min(IW, cwnd)
  }

  @Override
  public void onSmssChange(int smss) {
    this.smss = smss;
    cwnd = Math.max(cwnd, smss); // the SPI promises the engine at least one SMSS
  }

  @Override
  public String describe() {
    String phase =
        switch (recovery) {
          case FAST -> "fast recovery";
          case AFTER_RTO -> cwnd < ssthresh ? "slow start after RTO" : "ca after RTO";
          case NONE -> cwnd < ssthresh ? "slow start" : "ca " + caAcked + "/" + cwnd;
        };
    return phase
        + " beta="
        + beta
        + " cuts fr="
        + fastRetransmits
        + " rto="
        + timeouts
        + " ecn="
        + ecnCuts;
  }
}
