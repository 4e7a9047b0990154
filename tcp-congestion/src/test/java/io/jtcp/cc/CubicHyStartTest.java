package io.jtcp.cc;

import static io.jtcp.cc.AckClock.MS;
import static io.jtcp.cc.HyStartPlusPlus.Phase.CSS;
import static io.jtcp.cc.HyStartPlusPlus.Phase.DONE;
import static io.jtcp.cc.HyStartPlusPlus.Phase.SLOW_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.CongestionEvent;
import org.junit.jupiter.api.Test;

/**
 * HyStart++ inside CUBIC: the initial slow start leaves through CSS when the RTT rises (RFC 9406),
 * and congestion avoidance then starts from K = 0 with W_max = cwnd (RFC 9438 §4.10).
 */
class CubicHyStartTest {
  private static final int SMSS = 1460;

  /** Slow start at a steady 100 ms until cwnd reaches 40 segments: several whole rounds. */
  private static AckClock steadySlowStart() {
    Cubic cubic = new Cubic(SMSS);
    AckClock clock = new AckClock(cubic, SMSS, 100 * MS, 0);
    while (cubic.cwnd() < 40L * SMSS) {
      clock.ackOne();
    }
    assertEquals(SLOW_START, cubic.hystartPhase());
    return clock;
  }

  /** ACKs until HyStart++ reaches {@code phase}; fails after {@code limit} ACKs. */
  private static void ackUntil(AckClock clock, HyStartPlusPlus.Phase phase, int limit) {
    for (int i = 0; clock.cubic().hystartPhase() != phase; i++) {
      assertTrue(i < limit, "reached " + phase + " within " + limit + " ACKs");
      clock.ackOne();
    }
  }

  @Test
  void aRisingRttLeadsThroughCssIntoCongestionAvoidance() {
    AckClock clock = steadySlowStart();
    Cubic cubic = clock.cubic();
    clock.rtt = 113 * MS; // 100 ms + 12.5 ms, the threshold
    ackUntil(clock, CSS, 200);
    assertEquals("css", cubic.describe());
    assertEquals(Long.MAX_VALUE, cubic.ssthresh());

    long before = cubic.cwnd();
    clock.ackOne();
    assertEquals(SMSS / 4, cubic.cwnd() - before, "a quarter of slow start's SMSS per SMSS");

    ackUntil(clock, DONE, 5_000);
    long cwnd = cubic.cwnd();
    assertEquals(cwnd, cubic.ssthresh(), "RFC 9406: ssthresh = cwnd after CSS_ROUNDS rounds");
    assertEquals((double) cwnd / SMSS, cubic.cwndPrior(), 1e-9, "RFC 9438 §4.10: cwnd_prior");
    assertTrue(Double.isNaN(cubic.wMax()));
    assertEquals("ca", cubic.describe());

    clock.ackOne();
    assertTrue(cubic.inEpoch());
    assertEquals(0, cubic.k(), "§4.10: K = 0");
    assertEquals((double) cwnd / SMSS, cubic.wMax(), 1e-9, "§4.10: W_max = cwnd_epoch");
    assertEquals(1, cubic.alpha(), "W_est starts at cwnd_prior");
  }

  @Test
  void cssGrowsTheWindowFourTimesSlowerThanSlowStart() {
    AckClock ss = steadySlowStart();
    AckClock css = steadySlowStart();
    css.rtt = 113 * MS;
    ackUntil(css, CSS, 200);
    long ssFrom = ss.cubic().cwnd();
    long cssFrom = css.cubic().cwnd();
    for (int i = 0; i < 40; i++) {
      ss.ackOne();
      css.ackOne();
    }
    assertEquals(40L * SMSS, ss.cubic().cwnd() - ssFrom);
    assertEquals(40L * SMSS / 4, css.cubic().cwnd() - cssFrom);
  }

  @Test
  void anRttBelowTheThresholdKeepsSlowStart() {
    AckClock clock = steadySlowStart();
    clock.rtt = 112 * MS; // 0.5 ms short of the 12.5 ms threshold
    while (clock.cubic().cwnd() < 1000L * SMSS) {
      clock.ackOne();
    }
    assertEquals(SLOW_START, clock.cubic().hystartPhase());
  }

  @Test
  void anRttBackBelowTheBaselineResumesSlowStart() {
    AckClock clock = steadySlowStart();
    clock.rtt = 113 * MS;
    ackUntil(clock, CSS, 200);
    clock.rtt = 105 * MS;
    ackUntil(clock, SLOW_START, 50);
    assertEquals("ss", clock.cubic().describe());
    long before = clock.cubic().cwnd();
    clock.ackOne();
    assertEquals(SMSS, clock.cubic().cwnd() - before);
  }

  @Test
  void aLossInSlowStartEndsHyStartAndAnUndoBringsItBack() {
    AckClock clock = steadySlowStart();
    Cubic cubic = clock.cubic();
    long cwnd = cubic.cwnd();
    cubic.onCongestionEvent(CongestionEvent.FAST_RETRANSMIT, clock.now, cwnd, cwnd);
    assertEquals(DONE, cubic.hystartPhase());
    assertEquals(Math.round(cwnd * Cubic.BETA), cubic.ssthresh());

    cubic.onSpuriousCongestion(clock.now);
    assertEquals(SLOW_START, cubic.hystartPhase());
    assertEquals(cwnd, cubic.cwnd());
    assertEquals(Long.MAX_VALUE, cubic.ssthresh());
    cubic.onRecoveryExit(clock.now, false);
    assertEquals(cwnd, cubic.cwnd(), "no cwnd = ssthresh (infinite) at the exit");
  }

  @Test
  void laterSlowStartsAreRfc5681s() {
    AckClock clock = steadySlowStart();
    Cubic cubic = clock.cubic();
    cubic.onCongestionEvent(CongestionEvent.RTO, clock.now, cubic.cwnd(), cubic.cwnd());
    assertEquals(DONE, cubic.hystartPhase());
    clock.ack.now(clock.now + MS).acked(5L * SMSS);
    cubic.onAck(clock.ack);
    assertEquals(3L * SMSS, cubic.cwnd(), "1 SMSS + L = 2 SMSS (RFC 3465)");
  }
}
