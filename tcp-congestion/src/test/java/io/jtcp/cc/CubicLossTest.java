package io.jtcp.cc;

import static io.jtcp.cc.AckClock.MS;
import static io.jtcp.cc.AckClock.SECOND;
import static io.jtcp.core.spi.CongestionEvent.ECN;
import static io.jtcp.core.spi.CongestionEvent.FAST_RETRANSMIT;
import static io.jtcp.core.spi.CongestionEvent.RTO;
import static io.jtcp.core.spi.CongestionEvent.RTO_REPEATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * CUBIC's responses to congestion: the multiplicative decrease (RFC 9438 §4.6), fast convergence
 * (§4.7), the timeout (§4.8) and the undo of a spurious reduction (§4.9).
 */
class CubicLossTest {
  private static final int SMSS = 1460;

  /** HyStart++ off, slow-started to {@code segments} segments on a 100 ms clock. */
  private static AckClock grownTo(int segments) {
    Cubic cubic = new Cubic(SMSS, false);
    AckClock clock = new AckClock(cubic, SMSS, 100 * MS, 0);
    while (cubic.cwnd() < (long) segments * SMSS) {
      clock.ackOne();
    }
    assertEquals(segments, clock.segments(), 1e-9);
    return clock;
  }

  @Test
  void lossSetsSsthreshToSevenTenthsOfFlightSize() {
    AckClock clock = grownTo(100);
    Cubic cubic = clock.cubic();
    cubic.onCongestionEvent(FAST_RETRANSMIT, clock.now, 80L * SMSS, 80L * SMSS);
    assertEquals(56L * SMSS, cubic.ssthresh(), "0.7 · FlightSize (80 segments)");
    assertEquals(56L * SMSS, cubic.cwnd(), "cwnd = ssthresh for the recovery");
    assertEquals(100, cubic.cwndPrior(), 1e-9, "cwnd_prior: cwnd before the reduction");
    assertEquals(100, cubic.wMax(), 1e-9, "the first W_max is cwnd before the reduction");
    cubic.onRecoveryExit(clock.now, false);
    assertEquals(56L * SMSS, cubic.cwnd());
    assertEquals("ca W_max=100.0", cubic.describe());
  }

  @Test
  void ssthreshIsNeverBelowTwoSegments() {
    Cubic loss = new Cubic(SMSS, false);
    loss.onCongestionEvent(FAST_RETRANSMIT, 0, SMSS, SMSS);
    assertEquals(2L * SMSS, loss.ssthresh());
    assertEquals(2L * SMSS, loss.cwnd(), "cwnd is at least 2 SMSS after a loss");

    Cubic ecn = new Cubic(SMSS, false);
    ecn.onCongestionEvent(ECN, 0, SMSS, SMSS);
    assertEquals(2L * SMSS, ecn.ssthresh());
    assertEquals(SMSS, ecn.cwnd(), "cwnd is at least 1 SMSS after an ECN echo");

    Cubic between = new Cubic(SMSS, false);
    between.onCongestionEvent(ECN, 0, 2L * SMSS, 2L * SMSS);
    assertEquals(Math.round(1.4 * SMSS), between.cwnd(), "0.7 · 2 segments, above 1 SMSS");
    assertEquals(2L * SMSS, between.ssthresh());
  }

  @Test
  void fastConvergenceLowersWmaxWhenTheSaturationPointFell() {
    AckClock clock = grownTo(100);
    Cubic cubic = clock.cubic();
    cubic.onCongestionEvent(FAST_RETRANSMIT, clock.now, 100L * SMSS, 100L * SMSS);
    cubic.onRecoveryExit(clock.now, false);
    assertEquals(100, cubic.wMax(), 1e-9);
    // Lost again at 70 segments, below W_max = 100: W_max = 70 · (1 + 0.7)/2 = 59.5.
    cubic.onCongestionEvent(FAST_RETRANSMIT, clock.now, 70L * SMSS, 70L * SMSS);
    assertEquals(59.5, cubic.wMax(), 1e-9);
    assertEquals(70, cubic.cwndPrior(), 1e-9);
    assertEquals(49L * SMSS, cubic.ssthresh(), "0.7 · 70 segments");
    cubic.onRecoveryExit(clock.now, false);
    clock.ackOne();
    assertEquals(Cubic.k(59.5, 49), cubic.k(), 1e-12, "K from the lowered W_max");
  }

  @Test
  void withoutAFallWmaxIsTheWindowBeforeTheReduction() {
    AckClock clock = AckClock.afterLoss(SMSS, 50, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    clock.runUntil(clock.now + 10 * SECOND); // well past W_max = 50
    double window = clock.segments();
    assertTrue(window > 55, "grew past W_max: " + window);
    cubic.onCongestionEvent(FAST_RETRANSMIT, clock.now, cubic.cwnd(), cubic.cwnd());
    assertEquals(window, cubic.wMax(), 1e-9);
  }

  @Test
  void rtoLeavesOneSegmentAndRestartsTheCurveFromKZero() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS); // W_max = 100
    Cubic cubic = clock.cubic();
    clock.ackOne();
    clock.runUntil(clock.now + 3 * SECOND);
    assertEquals(100, cubic.wMax(), 1e-9);
    long window = cubic.cwnd();
    cubic.onCongestionEvent(RTO, clock.now, 80L * SMSS, 80L * SMSS);
    assertEquals(SMSS, cubic.cwnd(), "§4.8: Reno's loss window");
    assertEquals(56L * SMSS, cubic.ssthresh(), "§4.8: ssthresh from β_cubic");
    assertEquals((double) window / SMSS, cubic.cwndPrior(), 1e-9);
    assertTrue(Double.isNaN(cubic.wMax()), "W_max waits for congestion avoidance");
    assertEquals("ss", cubic.describe());

    cubic.onCongestionEvent(RTO_REPEATED, clock.now, 30L * SMSS, 0);
    assertEquals(SMSS, cubic.cwnd());
    assertEquals(56L * SMSS, cubic.ssthresh(), "a second expiry keeps ssthresh");
    cubic.onRecoveryExit(clock.now, true);
    assertEquals(SMSS, cubic.cwnd(), "no cwnd = ssthresh after an RTO's recovery");

    while (cubic.cwnd() < cubic.ssthresh()) {
      clock.ackOne();
    }
    double epoch = clock.segments();
    clock.ackOne();
    assertTrue(cubic.inEpoch());
    assertEquals(epoch, cubic.cwndEpoch(), 1e-9);
    assertEquals(0, cubic.k(), "§4.8: K = 0");
    assertEquals(epoch, cubic.wMax(), 1e-9, "§4.8: W_max = cwnd at the start of the stage");
    assertEquals(epoch, Cubic.wCubic(0, cubic.k(), cubic.wMax()), 1e-9);
  }

  @Test
  void aFlightSizeAboveCwnd_neverRaisesTheWindow() {
    // After a recovery RFC 6675 may have sent new data far past a hole, so that SND.NXT − SND.UNA
    // is well above cwnd when the next loss comes: the reduction works from cwnd then, as Linux's
    // does, and the window falls as a loss demands.
    AckClock clock = grownTo(100);
    Cubic cubic = clock.cubic();
    cubic.onCongestionEvent(FAST_RETRANSMIT, clock.now, 160L * SMSS, 100L * SMSS);
    assertEquals(70L * SMSS, cubic.ssthresh());
    assertEquals(70L * SMSS, cubic.cwnd());
    cubic.onRecoveryExit(clock.now, false);
    assertEquals(70L * SMSS, cubic.cwnd());
    assertEquals(100, cubic.wMax(), 1e-9);
  }

  @Test
  void aSpuriousFastRetransmitIsUndone() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    clock.runUntil(clock.now + 3 * SECOND);
    long cwnd = cubic.cwnd();
    long ssthresh = cubic.ssthresh();
    double wMax = cubic.wMax();
    double k = cubic.k();
    double wEst = cubic.wEst();
    double cwndPrior = cubic.cwndPrior();
    long lossAt = clock.now;
    double elapsed = cubic.elapsed(lossAt);

    cubic.onCongestionEvent(FAST_RETRANSMIT, lossAt, cwnd, cwnd);
    assertTrue(cubic.cwnd() < cwnd);
    assertFalse(cubic.inEpoch());
    long later = lossAt + 150 * MS;
    cubic.onSpuriousCongestion(later);

    assertEquals(cwnd, cubic.cwnd());
    assertEquals(ssthresh, cubic.ssthresh());
    assertEquals(wMax, cubic.wMax());
    assertEquals(k, cubic.k());
    assertEquals(wEst, cubic.wEst());
    assertEquals(cwndPrior, cubic.cwndPrior());
    assertTrue(cubic.inEpoch(), "prior_epoch_start restored");
    assertEquals(elapsed + 0.15, cubic.elapsed(later), 1e-9);
    cubic.onRecoveryExit(later, false);
    assertEquals(cwnd, cubic.cwnd(), "the recovery's exit does not reapply the reduction");
    assertEquals("ca W_max=100.0 K=4.22s", cubic.describe());
  }

  @Test
  void aSpuriousTimeoutIsUndone() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    clock.runUntil(clock.now + 2 * SECOND);
    long cwnd = cubic.cwnd();
    double wEst = cubic.wEst();
    cubic.onCongestionEvent(RTO, clock.now, cwnd, cwnd);
    cubic.onCongestionEvent(RTO_REPEATED, clock.now, cwnd, cwnd);
    assertEquals(SMSS, cubic.cwnd());
    cubic.onSpuriousCongestion(clock.now);
    assertEquals(cwnd, cubic.cwnd());
    assertEquals(70L * SMSS, cubic.ssthresh());
    assertEquals(100, cubic.wMax(), 1e-9);
    assertEquals(Cubic.k(100, 70), cubic.k(), 1e-12);
    assertEquals(wEst, cubic.wEst());
  }

  @Test
  void undoKeepsTheCurrentStateOnceCwndHasGrownPastThePrior() {
    // §4.9.2: restore only "if the current cwnd is lower than prior_cwnd".
    AckClock clock = AckClock.afterLoss(SMSS, 20, MS);
    Cubic cubic = clock.cubic();
    long prior = cubic.cwnd();
    cubic.onCongestionEvent(FAST_RETRANSMIT, clock.now, prior, prior);
    cubic.onRecoveryExit(clock.now, false);
    long ssthresh = cubic.ssthresh();
    while (cubic.cwnd() <= prior) {
      clock.ackOne(); // 1 ms RTT: W_est climbs back quickly
    }
    long grown = cubic.cwnd();
    cubic.onSpuriousCongestion(clock.now);
    assertEquals(grown, cubic.cwnd());
    assertEquals(ssthresh, cubic.ssthresh());
  }

  @Test
  void thereIsNothingToUndoWithoutAReductionOrAfterAnEcnEcho() {
    Cubic fresh = new Cubic(SMSS);
    fresh.onSpuriousCongestion(0);
    assertEquals(10L * SMSS, fresh.cwnd());
    assertEquals(Long.MAX_VALUE, fresh.ssthresh());

    AckClock clock = grownTo(40);
    Cubic cubic = clock.cubic();
    cubic.onCongestionEvent(ECN, clock.now, 40L * SMSS, 40L * SMSS);
    cubic.onSpuriousCongestion(clock.now);
    assertEquals(28L * SMSS, cubic.cwnd(), "an ECN echo is no loss to disprove");

    cubic.onCongestionEvent(FAST_RETRANSMIT, clock.now, 28L * SMSS, 28L * SMSS);
    cubic.onSpuriousCongestion(clock.now);
    assertEquals(28L * SMSS, cubic.cwnd());
    cubic.onCongestionEvent(RTO_REPEATED, clock.now, 28L * SMSS, 0); // saves nothing new
    cubic.onSpuriousCongestion(clock.now);
    assertEquals(SMSS, cubic.cwnd(), "one undo per reduction");
  }
}
