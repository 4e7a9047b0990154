package io.jtcp.cc;

import static io.jtcp.cc.AckClock.MS;
import static io.jtcp.cc.HyStartPlusPlus.INFINITY;
import static io.jtcp.cc.HyStartPlusPlus.Phase.CSS;
import static io.jtcp.cc.HyStartPlusPlus.Phase.DONE;
import static io.jtcp.cc.HyStartPlusPlus.Phase.SLOW_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * HyStart++ alone (RFC 9406 §4.2, constants of §4.3) on synthetic ACKs: every round is {@link
 * #ROUND} ACKs of one SMSS, because each ACK reports that many bytes in flight.
 */
class HyStartPlusPlusTest {
  private static final int SMSS = 1000;
  private static final int ROUND = 16;

  /** {@code n} ACKs of one SMSS, each measuring {@code rtt}; whether one of them ended CSS. */
  private static boolean feed(HyStartPlusPlus h, int n, long rtt) {
    boolean done = false;
    for (int i = 0; i < n; i++) {
      done |= h.onAck(SMSS, ROUND * SMSS, ROUND * SMSS, rtt);
    }
    return done;
  }

  /** One full round at {@code baseline}, then half a round whose RTT rose enough: CSS. */
  private static HyStartPlusPlus inCss(long baseline, long raised) {
    HyStartPlusPlus h = new HyStartPlusPlus();
    feed(h, ROUND, baseline);
    feed(h, HyStartPlusPlus.N_RTT_SAMPLE, raised);
    assertEquals(CSS, h.phase());
    return h;
  }

  @Test
  void theRfcConstants() {
    assertEquals(4 * MS, HyStartPlusPlus.MIN_RTT_THRESH);
    assertEquals(16 * MS, HyStartPlusPlus.MAX_RTT_THRESH);
    assertEquals(8, HyStartPlusPlus.MIN_RTT_DIVISOR);
    assertEquals(8, HyStartPlusPlus.N_RTT_SAMPLE);
    assertEquals(4, HyStartPlusPlus.CSS_GROWTH_DIVISOR);
    assertEquals(5, HyStartPlusPlus.CSS_ROUNDS);
    assertEquals(8, HyStartPlusPlus.L);
  }

  @Test
  void theThresholdIsAnEighthOfTheBaselineBetween4And16Ms() {
    assertEquals(4 * MS, HyStartPlusPlus.rttThresh(20 * MS), "2.5 ms raised to 4");
    assertEquals(4 * MS, HyStartPlusPlus.rttThresh(32 * MS));
    assertEquals(10 * MS, HyStartPlusPlus.rttThresh(80 * MS));
    assertEquals(16 * MS, HyStartPlusPlus.rttThresh(128 * MS));
    assertEquals(16 * MS, HyStartPlusPlus.rttThresh(200 * MS), "25 ms cut to 16");
  }

  @Test
  void anRttRiseOfTheThresholdEntersCss() {
    for (long[] c : new long[][] {{20 * MS, 4 * MS}, {80 * MS, 10 * MS}, {200 * MS, 16 * MS}}) {
      long baseline = c[0];
      long thresh = c[1];
      HyStartPlusPlus h = new HyStartPlusPlus();
      feed(h, ROUND, baseline);
      assertEquals(baseline, h.lastRoundMinRtt());
      feed(h, HyStartPlusPlus.N_RTT_SAMPLE - 1, baseline + thresh);
      assertEquals(SLOW_START, h.phase(), "fewer than N_RTT_SAMPLE samples in the round");
      feed(h, 1, baseline + thresh);
      assertEquals(CSS, h.phase(), "baseline " + baseline);
      assertEquals(baseline + thresh, h.cssBaselineMinRtt());
    }
  }

  @Test
  void anRttRiseJustBelowTheThresholdStaysInSlowStart() {
    for (long[] c : new long[][] {{20 * MS, 4 * MS}, {80 * MS, 10 * MS}, {200 * MS, 16 * MS}}) {
      HyStartPlusPlus h = new HyStartPlusPlus();
      feed(h, ROUND, c[0]);
      for (int r = 0; r < 3; r++) {
        feed(h, ROUND, c[0] + c[1] - 1);
        assertEquals(SLOW_START, h.phase(), "baseline " + c[0]);
        feed(h, ROUND, c[0]); // back down, so that each round compares with the baseline
      }
    }
  }

  @Test
  void roundsWithTooFewSamplesNeverLeaveSlowStart() {
    HyStartPlusPlus h = new HyStartPlusPlus();
    for (int r = 0; r < 20; r++) {
      for (int i = 0; i < ROUND; i++) {
        long rtt = i < HyStartPlusPlus.N_RTT_SAMPLE - 1 ? (50 + 20 * r) * MS : -1;
        h.onAck(SMSS, ROUND * SMSS, ROUND * SMSS, rtt);
      }
    }
    assertEquals(SLOW_START, h.phase());
  }

  @Test
  void anRttBackBelowTheBaselineResumesSlowStart() {
    HyStartPlusPlus h = inCss(80 * MS, 90 * MS);
    feed(h, ROUND - HyStartPlusPlus.N_RTT_SAMPLE, 90 * MS); // the rest of the round
    assertEquals(1, h.cssRounds());
    feed(h, HyStartPlusPlus.N_RTT_SAMPLE - 1, 89 * MS);
    assertEquals(CSS, h.phase(), "fewer than N_RTT_SAMPLE samples in the round");
    feed(h, 1, 89 * MS);
    assertEquals(SLOW_START, h.phase());
    assertEquals(INFINITY, h.cssBaselineMinRtt());
  }

  @Test
  void anRttAtTheBaselineStaysInCss() {
    HyStartPlusPlus h = inCss(80 * MS, 90 * MS);
    feed(h, ROUND * 2, 90 * MS);
    assertEquals(CSS, h.phase());
  }

  @Test
  void cssEndsAfterFiveRoundsCountingThePartialOne() {
    HyStartPlusPlus h = inCss(80 * MS, 90 * MS); // in the middle of round 2
    assertFalse(feed(h, ROUND - HyStartPlusPlus.N_RTT_SAMPLE, 90 * MS));
    assertEquals(1, h.cssRounds(), "the partial round counts");
    assertFalse(feed(h, 3 * ROUND, 95 * MS));
    assertEquals(4, h.cssRounds());
    assertFalse(feed(h, ROUND - 1, 95 * MS));
    assertEquals(CSS, h.phase());
    assertTrue(feed(h, 1, 95 * MS), "the fifth round's last ACK ends CSS");
    assertEquals(DONE, h.phase());
    assertFalse(feed(h, ROUND, 95 * MS), "said once");
  }

  @Test
  void cssGrowsAtAQuarterOfSlowStartsRate() {
    HyStartPlusPlus h = new HyStartPlusPlus();
    assertEquals(SMSS, h.increase(SMSS, SMSS));
    assertEquals(8 * SMSS, h.increase(20 * SMSS, SMSS), "L = 8");
    h = inCss(80 * MS, 90 * MS);
    assertEquals(SMSS / 4, h.increase(SMSS, SMSS));
    assertEquals(2 * SMSS, h.increase(20 * SMSS, SMSS), "min(N, L·SMSS)/4");
  }

  @Test
  void congestionEndsHyStartInEitherPhase() {
    HyStartPlusPlus ss = new HyStartPlusPlus();
    ss.onCongestion();
    assertEquals(DONE, ss.phase());
    HyStartPlusPlus css = inCss(80 * MS, 90 * MS);
    css.onCongestion();
    assertEquals(DONE, css.phase());
    assertEquals(0, css.increase(SMSS, SMSS));
    assertFalse(feed(css, 10 * ROUND, 200 * MS));
    assertEquals(DONE, css.phase());
  }

  @Test
  void aRoundEndsWhenTheBytesInFlightAtItsStartAreDelivered() {
    HyStartPlusPlus h = new HyStartPlusPlus();
    h.onAck(1000, 5000, 4000, 50 * MS); // the first round: the 5000 bytes in flight before
    h.onAck(1500, 4000, 2500, 60 * MS);
    h.onAck(0, 2500, 1000, 40 * MS); // delivers nothing new, still measures
    h.onAck(2499, 2500, 1, -1);
    assertEquals(INFINITY, h.lastRoundMinRtt(), "4999 of 5000 bytes");
    assertEquals(40 * MS, h.currentRoundMinRtt());
    h.onAck(1, 1, 7000, -1); // ends it; 7000 bytes are in flight for the next
    assertEquals(40 * MS, h.lastRoundMinRtt());
    assertEquals(INFINITY, h.currentRoundMinRtt());
    for (int i = 0; i < 6; i++) {
      h.onAck(1000, 7000, 7000, 30 * MS);
    }
    assertEquals(40 * MS, h.lastRoundMinRtt(), "6000 of 7000 bytes");
    h.onAck(1000, 7000, 7000, 35 * MS);
    assertEquals(30 * MS, h.lastRoundMinRtt());
  }

  @Test
  void aCopyIsIndependent() {
    HyStartPlusPlus h = inCss(80 * MS, 90 * MS);
    HyStartPlusPlus saved = h.copy();
    h.onCongestion();
    assertEquals(CSS, saved.phase());
    assertEquals(90 * MS, saved.cssBaselineMinRtt());
  }
}
