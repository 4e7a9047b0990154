package io.jtcp.cc;

import static io.jtcp.cc.AckClock.MS;
import static io.jtcp.cc.AckClock.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * RFC 9438's window functions with the RFC's own numbers: K and W_cubic(t) for W_max = 100 and
 * cwnd_epoch = 70 (§4.2), the window the algorithm reaches when fed ACKs, and the Reno-friendly
 * region (§4.3) at short and long RTTs.
 */
class CubicCurveTest {
  private static final int SMSS = 1460;

  /** W_cubic(t) for t = 0…6 s, W_max = 100, cwnd_epoch = 70: C·(t − 4.2172)³ + 100. */
  private static final double[] CURVE = {70.00, 86.68, 95.64, 99.28, 100.00, 100.19, 102.27};

  @Test
  void kIsTheTimeTheCurveTakesBackToWmax() {
    assertEquals(4.2172, Cubic.k(100, 70), 1e-4);
    // RFC 8312's K = cbrt(W_max·(1 − β)/C) is the same when cwnd_epoch = β·W_max.
    assertEquals(Math.cbrt(100 * (1 - 0.7) / 0.4), Cubic.k(100, 70), 1e-12);
    assertEquals(0, Cubic.k(70, 70), 0);
  }

  @Test
  void theCurvePassesThroughTheRfcPoints() {
    double k = Cubic.k(100, 70);
    for (int t = 0; t < CURVE.length; t++) {
      assertEquals(CURVE[t], Cubic.wCubic(t, k, 100), 0.005, "W_cubic(" + t + " s)");
    }
  }

  @Test
  void theWindowFollowsTheCurveWhenFedAcks() {
    // At 200 ms W_est grows 0.53 segment per RTT, far below the curve: the cubic region throughout.
    AckClock clock = AckClock.afterLoss(SMSS, 100, 200 * MS);
    Cubic cubic = clock.cubic();
    assertEquals(70, clock.segments(), 1e-9, "cwnd = ssthresh = 0.7 · 100");
    clock.ackOne(); // the first ACK of congestion avoidance starts the epoch
    long start = clock.now;
    assertEquals(70, cubic.cwndEpoch(), 1e-9);
    assertEquals(100, cubic.wMax(), 1e-9);
    assertEquals(4.2172, cubic.k(), 1e-4);
    assertEquals("ca W_max=100.0 K=4.22s", cubic.describe());
    for (int t = 1; t < CURVE.length; t++) {
      clock.runUntil(start + t * SECOND);
      assertEquals(CURVE[t], clock.segments(), 0.2, "cwnd at t = " + t + " s");
    }
  }

  @Test
  void noAckShrinksTheWindowAcrossTheRegions() {
    // At 100 ms, W_est overtakes the curve near t = 5.7 s while cwnd, aimed one RTT ahead, is
    // above both: the Reno-friendly region must not pull cwnd down to W_est.
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    long end = clock.now + 8 * SECOND;
    while (clock.now < end) {
      long before = cubic.cwnd();
      clock.ackOne();
      assertTrue(cubic.cwnd() >= before, "cwnd fell from " + before + " at " + clock.now);
    }
    assertTrue(cubic.wEst() > Cubic.wCubic(cubic.elapsed(clock.now), cubic.k(), cubic.wMax()));
  }

  @Test
  void theTargetIsAtMostOneAndAHalfWindows() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    clock.ackOne();
    long before = clock.cubic().cwnd();
    // 20 s on, W_cubic is over 1600 segments: the target is clamped to 1.5·cwnd, so one segment
    // acknowledged grows cwnd by (1.5·cwnd − cwnd)/cwnd = half a segment.
    clock.ack.now(clock.now + 20 * SECOND).acked(SMSS);
    clock.cubic().onAck(clock.ack);
    assertEquals(before + SMSS / 2, clock.cubic().cwnd(), 1);
  }

  @Test
  void aTargetBelowTheWindowHoldsIt() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    long start = clock.now;
    // A delay spike: with SRTT = 10 s the target is 1.5·cwnd, and ten segments take cwnd to 75.
    clock.ack.now(start + 10 * MS).acked(10L * SMSS).rtt(10 * SECOND);
    cubic.onAck(clock.ack);
    assertEquals(75, clock.segments(), 0.1);
    // SRTT back to 10 ms: W_cubic(t + RTT) ≈ 70.6 is below cwnd, and §4.2 raises the target to
    // cwnd.
    long before = cubic.cwnd();
    clock.ack.now(start + 20 * MS).acked(10L * SMSS).rtt(10 * MS);
    cubic.onAck(clock.ack);
    assertTrue(Cubic.wCubic(cubic.elapsed(clock.ack.now) + 0.01, cubic.k(), cubic.wMax()) < 71);
    assertTrue(cubic.wEst() < 71, "the cubic region, not the Reno-friendly one");
    assertEquals(before, cubic.cwnd());
  }

  @Test
  void renoFriendlyRegionDominatesAtShortRtt() {
    // At 1 ms, W_est gains α_cubic ≈ 0.53 segment per RTT while the curve barely moves: §4.3 sets
    // cwnd to W_est.
    AckClock clock = AckClock.afterLoss(SMSS, 100, MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    clock.run(10);
    double curve = Cubic.wCubic(cubic.elapsed(clock.now), cubic.k(), cubic.wMax());
    assertEquals(70 + 10 * Cubic.ALPHA_CUBIC, clock.segments(), 0.1, "Reno-friendly growth");
    assertEquals(cubic.wEst(), clock.segments(), 1.0 / SMSS, "cwnd = W_est");
    assertTrue(clock.segments() > curve + 5, "well above W_cubic(t) = " + curve);
  }

  @Test
  void cubicRegionDominatesAtLongRtt() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 200 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    clock.runUntil(clock.now + SECOND);
    assertEquals(70 + 5 * Cubic.ALPHA_CUBIC, cubic.wEst(), 0.1, "W_est after five RTTs");
    assertEquals(86.68, clock.segments(), 0.2, "cwnd follows W_cubic(1 s)");
  }

  @Test
  void alphaBecomesOneOnceWestReachesCwndPrior() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    assertEquals(100, cubic.cwndPrior(), 1e-9);
    assertEquals(0.5294, Cubic.ALPHA_CUBIC, 1e-4, "3(1 − 0.7)/(1 + 0.7)");
    assertEquals(Cubic.ALPHA_CUBIC, cubic.alpha());
    double before = cubic.wEst();
    clock.run(10);
    assertEquals(10 * Cubic.ALPHA_CUBIC, cubic.wEst() - before, 0.1, "α_cubic per RTT below 100");

    for (int rtts = 0; cubic.wEst() < 100; rtts++) {
      assertTrue(rtts < 100, "W_est reaches cwnd_prior");
      clock.run(1);
    }
    assertEquals(1, cubic.alpha());
    before = clock.segments();
    clock.run(10);
    assertEquals(10, clock.segments() - before, 0.2, "one segment per RTT, as Reno");
  }
}
