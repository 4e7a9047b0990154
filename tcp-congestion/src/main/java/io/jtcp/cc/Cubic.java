package io.jtcp.cc;

import io.jtcp.core.congestion.Reno;
import io.jtcp.core.spi.AckSample;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;
import java.util.Locale;

/**
 * CUBIC congestion control (RFC 9438) with HyStart++ (RFC 9406) for the initial slow start.
 *
 * <p>{@code cwnd} and {@code ssthresh} are bytes, as the SPI wants; the cubic function, W_max, K,
 * W_est and cwnd_prior are segments of the current SMSS, as in the RFC, and time is the engine's
 * {@code now}. The window follows W_cubic(t) = C·(t − K)³ + W_max (§4.2, Figure 1) with K =
 * cbrt((W_max − cwnd_epoch)/C) (Figure 2): each new ACK in congestion avoidance grows {@code cwnd}
 * by (target − cwnd)/cwnd per segment acknowledged, byte-counted, toward target = W_cubic(t + SRTT)
 * clamped to [cwnd, 1.5·cwnd] (§4.4, §4.5), unless the Reno-friendly estimate W_est is ahead of the
 * curve (§4.3). On loss {@code ssthresh = max(β·FlightSize, 2·SMSS)} with fast convergence (§4.6,
 * §4.7); an RTO leaves one segment and restarts the curve from K = 0 (§4.8); a D-SACK-proven
 * spurious reduction is undone (§4.9).
 */
public final class Cubic implements CongestionControl {
  /** RFC 9438 §5: C = 0.4, in segments per second cubed. */
  static final double C = 0.4;

  /** RFC 9438 §4.6: β_cubic = 0.7, the multiplicative decrease factor. */
  static final double BETA = 0.7;

  /** RFC 9438 §4.3, Figure 3: α_cubic = 3(1 − β)/(1 + β) ≈ 0.53, Reno's rate at CUBIC's β. */
  static final double ALPHA_CUBIC = 3 * (1 - BETA) / (1 + BETA);

  /** RFC 9438 §4.2: the target is at most 1.5·cwnd, below slow start's doubling. */
  private static final double MAX_TARGET_RATIO = 1.5;

  private static final double NANOS_PER_SECOND = 1e9;

  /** The factory registered as {@code cubic}: RFC 9438 with HyStart++ on. */
  public static final CongestionControlFactory FACTORY = factory(true);

  private int smss;
  private long cwnd;
  private long ssthresh = Long.MAX_VALUE;

  /** Null when HyStart++ is off: slow start is then RFC 5681's with RFC 3465's L = 2. */
  private HyStartPlusPlus hystart;

  private final CubicState state = new CubicState();

  /** A fast recovery's reduction is in force: its exit sets cwnd = ssthresh (RFC 6582 §3.2). */
  private boolean recoveryReduction;

  /** What the last loss changed, for the RFC 9438 §4.9 undo; null when there is nothing to undo. */
  private Snapshot prior;

  /** A connection's CUBIC with HyStart++ on. */
  public Cubic(int smss) {
    this(smss, true);
  }

  /**
   * A connection's CUBIC.
   *
   * @param smss the sender's maximum segment size in bytes
   * @param hystart whether the initial slow start uses HyStart++ (RFC 9438 §4.10's SHOULD) rather
   *     than RFC 5681's slow start
   */
  public Cubic(int smss, boolean hystart) {
    if (smss <= 0) {
      throw new IllegalArgumentException("smss must be positive, got " + smss);
    }
    this.smss = smss;
    this.cwnd = Reno.initialWindow(smss);
    this.hystart = hystart ? new HyStartPlusPlus() : null;
  }

  /**
   * A factory for CUBIC with or without HyStart++: {@code cubic} with it (as {@link #FACTORY}),
   * {@code cubic-nohystart} without, so that both can sit in one catalog.
   */
  public static CongestionControlFactory factory(boolean hystart) {
    return new CongestionControlFactory() {
      @Override
      public String name() {
        return hystart ? "cubic" : "cubic-nohystart";
      }

      @Override
      public String description() {
        return hystart
            ? "RFC 9438 CUBIC with HyStart++ (RFC 9406) leaving the initial slow start"
            : "RFC 9438 CUBIC with RFC 5681 slow start (HyStart++ off)";
      }

      @Override
      public CongestionControl create(ConnectionParams params) {
        return new Cubic(params.smss(), hystart);
      }
    };
  }

  /** RFC 9438 §4.2, Figure 2: K = cbrt((W_max − cwnd_epoch)/C), in seconds. */
  static double k(double wMax, double cwndEpoch) {
    return Math.cbrt((wMax - cwndEpoch) / C);
  }

  /** RFC 9438 §4.2, Figure 1: W_cubic(t) = C·(t − K)³ + W_max, in segments; t in seconds. */
  static double wCubic(double t, double k, double wMax) {
    double d = t - k;
    return C * d * d * d + wMax;
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
    if (ack.inRecovery()) {
      return; // RFC 6675 §5: the window set on entry holds until the recovery ends
    }
    if (cwnd < ssthresh) {
      slowStart(ack);
    } else {
      congestionAvoidance(ack);
    }
  }

  private void slowStart(AckSample ack) {
    // §4.1: t_epoch is the start of the current congestion-avoidance stage; this one has ended.
    state.inEpoch = false;
    long acked = ack.ackedBytes();
    boolean grow = acked > 0 && !ack.appLimited(); // RFC 7661, RFC 9438 §5.8
    if (hystart == null || hystart.phase() == HyStartPlusPlus.Phase.DONE) {
      if (grow) {
        cwnd += Math.min(acked, 2L * smss); // RFC 3465 §2.2, L = 2·SMSS
      }
      return;
    }
    if (grow) {
      cwnd += hystart.increase(acked, smss);
    }
    boolean cssDone =
        hystart.onAck(
            acked + ack.sackedBytes(), ack.priorInFlight(), ack.inFlight(), ack.rttSample());
    if (cssDone) {
      // RFC 9406 §4.2: ssthresh = cwnd. RFC 9438 §4.10: cwnd_prior = cwnd, and W_max is undefined,
      // so the first epoch starts with K = 0 and W_max = cwnd_epoch.
      ssthresh = cwnd;
      state.cwndPrior = segments(cwnd);
      state.wMax = Double.NaN;
    }
  }

  private void congestionAvoidance(AckSample ack) {
    long now = ack.now();
    long acked = ack.ackedBytes();
    if (!state.inEpoch) {
      if (acked <= 0 || ack.appLimited()) {
        return; // the epoch starts with the first ACK that may grow the window
      }
      startEpoch(now);
    } else if (ack.appLimited()) {
      // §4.2 and §5.8: t must not include application-limited periods, during which the window
      // does not grow either; the time since the previous ACK is taken out of the epoch.
      state.epochStart += now - state.lastAckAt;
      state.lastAckAt = now;
      return;
    }
    state.lastAckAt = now;
    if (acked <= 0) {
      return;
    }
    double w = segments(cwnd);
    double segmentsAcked = (double) acked / smss;
    // §4.3: α_cubic until W_est reaches cwnd_prior, then 1 (Reno's own AIMD(1, 0.5) rate).
    state.wEst += alpha() * segmentsAcked / w;
    double t = (now - state.epochStart) / NANOS_PER_SECOND;
    if (wCubic(t, state.k, state.wMax) < state.wEst) {
      // §4.3: the Reno-friendly region, cwnd = W_est (never lowered by an ACK).
      cwnd = Math.max(cwnd, (long) (state.wEst * smss));
      return;
    }
    // §4.2: the target one smoothed RTT ahead; §4.4/§4.5: (target − cwnd)/cwnd per segment.
    double rtt = Math.max(ack.srtt(), 0) / NANOS_PER_SECOND;
    double target = Math.clamp(wCubic(t + rtt, state.k, state.wMax), w, MAX_TARGET_RATIO * w);
    state.growthCredit += (target - w) / w * acked;
    long whole = (long) state.growthCredit;
    cwnd += whole;
    state.growthCredit -= whole;
  }

  private void startEpoch(long now) {
    state.inEpoch = true;
    state.epochStart = now;
    state.lastAckAt = now;
    state.cwndEpoch = segments(cwnd);
    if (Double.isNaN(state.wMax) || state.wMax <= state.cwndEpoch) {
      // §4.8 (after an RTO) and §4.10 (after HyStart++): K = 0, W_max = cwnd_epoch. A window
      // already past W_max starts the same way, as Linux's origin_point = cwnd does.
      state.wMax = state.cwndEpoch;
      state.k = 0;
    } else {
      state.k = k(state.wMax, state.cwndEpoch);
    }
    state.wEst = state.cwndEpoch; // §4.3
    state.growthCredit = 0;
  }

  @Override
  public void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe) {
    if (event == CongestionEvent.RTO_REPEATED) {
      cwnd = smss; // RFC 5681 §3.1: the loss window again, ssthresh unchanged
      state.inEpoch = false;
      return;
    }
    prior = event == CongestionEvent.ECN ? null : new Snapshot(this);
    if (hystart != null) {
      hystart.onCongestion(); // RFC 9406 §4.2: loss or ECN ends slow start and CSS
    }
    double w = segments(cwnd);
    // §4.6 reduces FlightSize, Linux (bictcp_recalc_ssthresh) cwnd; this takes the smaller. A
    // sender that used less than cwnd is not credited with it (the RFC's concern), and a loss right
    // after a recovery, when RFC 6675 has sent new data far past a hole so that SND.NXT − SND.UNA
    // is several times cwnd, does not raise the window (measured: with FlightSize alone a 64 MiB
    // transfer on a 100 Mbit/s, 50 ms path grew cwnd from 1.3 to 2.9 MB through four such losses,
    // retransmitted 40% of its segments and took 3,145 segments' worth of RTOs).
    long reduced = Math.round(Math.min(flightSize, cwnd) * BETA);
    ssthresh = Math.max(reduced, 2L * smss);
    state.cwndPrior = w;
    state.inEpoch = false;
    state.growthCredit = 0;
    switch (event) {
      case RTO -> {
        // §4.8: Reno's loss window; W_max is set when congestion avoidance starts again (K = 0).
        cwnd = smss;
        state.wMax = Double.NaN;
        recoveryReduction = false;
      }
      case FAST_RETRANSMIT -> {
        fastConvergence(w);
        cwnd = Math.max(reduced, 2L * smss);
        recoveryReduction = true;
      }
      case ECN -> {
        fastConvergence(w);
        cwnd = Math.max(reduced, smss); // §4.6: at least 1 SMSS on an ECN echo
      }
      default -> throw new AssertionError(event);
    }
  }

  /** RFC 9438 §4.7: a saturation point lower than last time releases bandwidth for new flows. */
  private void fastConvergence(double w) {
    state.wMax = !Double.isNaN(state.wMax) && w < state.wMax ? w * (1 + BETA) / 2 : w;
  }

  @Override
  public void onRecoveryExit(long now, boolean afterRto) {
    if (!afterRto && recoveryReduction) {
      cwnd = ssthresh; // RFC 6582 §3.2 step 3 (full ACK), after RFC 6675's recovery as well
    }
    recoveryReduction = false;
  }

  @Override
  public void onSpuriousCongestion(long now) {
    Snapshot p = prior;
    prior = null;
    // §4.9: restore only "if the current cwnd is lower than prior_cwnd"; otherwise keep the
    // current values.
    if (p != null && cwnd < p.cwnd) {
      p.restoreInto(this);
      recoveryReduction = false;
    }
  }

  @Override
  public void onIdleRestart(long now, long idleNanos) {
    if (state.inEpoch) {
      // §5.8: the idle time is application-limited time, kept out of t (Linux shifts epoch_start).
      state.epochStart += now - state.lastAckAt;
      state.lastAckAt = now;
    }
    cwnd = Math.min(cwnd, Reno.initialWindow(smss)); // RFC 5681 §4.1: RW = min(IW, cwnd)
  }

  @Override
  public void onSmssChange(int smss) {
    if (smss <= 0 || smss == this.smss) {
      return;
    }
    // Keep the windows' sizes in bytes; in segments they change scale. The epoch restarts from the
    // current cwnd (K from the rescaled W_max), and a reduction measured in the old segments is no
    // longer undone.
    double scale = (double) this.smss / smss;
    this.smss = smss;
    state.wMax *= scale;
    state.wEst *= scale;
    state.cwndPrior *= scale;
    state.cwndEpoch *= scale;
    state.inEpoch = false;
    prior = null;
    cwnd = Math.max(cwnd, smss);
  }

  @Override
  public String describe() {
    if (cwnd < ssthresh) {
      return hystart != null && hystart.phase() == HyStartPlusPlus.Phase.CSS ? "css" : "ss";
    }
    if (!state.inEpoch) {
      return Double.isNaN(state.wMax)
          ? "ca"
          : String.format(Locale.ROOT, "ca W_max=%.1f", state.wMax);
    }
    return String.format(Locale.ROOT, "ca W_max=%.1f K=%.2fs", state.wMax, state.k);
  }

  private double segments(long bytes) {
    return (double) bytes / smss;
  }

  /** §4.3's α: α_cubic until W_est reaches cwnd_prior, then 1. */
  double alpha() {
    return state.wEst >= state.cwndPrior ? 1 : ALPHA_CUBIC;
  }

  /** W_max in segments; NaN while undefined (before the first loss, or after an RTO). */
  double wMax() {
    return state.wMax;
  }

  /** K in seconds, for the current epoch. */
  double k() {
    return state.k;
  }

  /** W_est in segments (§4.3). */
  double wEst() {
    return state.wEst;
  }

  /** cwnd_prior in segments (§4.1). */
  double cwndPrior() {
    return state.cwndPrior;
  }

  /** cwnd_epoch in segments; meaningful while {@link #inEpoch()}. */
  double cwndEpoch() {
    return state.cwndEpoch;
  }

  /** Whether a congestion-avoidance epoch is running (t_epoch is set). */
  boolean inEpoch() {
    return state.inEpoch;
  }

  /** The epoch's t at {@code now}, in seconds, application-limited time excluded. */
  double elapsed(long now) {
    return (now - state.epochStart) / NANOS_PER_SECOND;
  }

  /** HyStart++'s phase, or null when it is off. */
  HyStartPlusPlus.Phase hystartPhase() {
    return hystart == null ? null : hystart.phase();
  }

  /** The RFC 9438 §4.1 variables of one connection, in segments and nanoseconds. */
  private static final class CubicState {
    double wMax = Double.NaN;
    double k;
    double cwndPrior;
    double cwndEpoch;
    double wEst;
    boolean inEpoch;
    long epochStart;

    /** When the epoch last heard an ACK: the start of any application-limited gap. */
    long lastAckAt;

    /** Growth earned but not yet a whole byte. */
    double growthCredit;

    CubicState copy() {
      CubicState c = new CubicState();
      c.wMax = wMax;
      c.k = k;
      c.cwndPrior = cwndPrior;
      c.cwndEpoch = cwndEpoch;
      c.wEst = wEst;
      c.inEpoch = inEpoch;
      c.epochStart = epochStart;
      c.lastAckAt = lastAckAt;
      c.growthCredit = growthCredit;
      return c;
    }

    void set(CubicState o) {
      wMax = o.wMax;
      k = o.k;
      cwndPrior = o.cwndPrior;
      cwndEpoch = o.cwndEpoch;
      wEst = o.wEst;
      inEpoch = o.inEpoch;
      epochStart = o.epochStart;
      lastAckAt = o.lastAckAt;
      growthCredit = o.growthCredit;
    }
  }

  /**
   * RFC 9438 §4.9.2's prior_cwnd, prior_ssthresh, prior_W_max, prior_K, prior_epoch_start and
   * prior_W_est, with cwnd_prior and HyStart++'s state besides, saved before a reduction.
   */
  private static final class Snapshot {
    final long cwnd;
    final long ssthresh;
    final CubicState state;
    final HyStartPlusPlus hystart;

    Snapshot(Cubic c) {
      cwnd = c.cwnd;
      ssthresh = c.ssthresh;
      state = c.state.copy();
      hystart = c.hystart == null ? null : c.hystart.copy();
    }

    void restoreInto(Cubic c) {
      c.cwnd = cwnd;
      c.ssthresh = ssthresh;
      c.state.set(state);
      c.hystart = hystart;
    }
  }
}
