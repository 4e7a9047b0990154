package org.example.cc;

import static io.jtcp.core.spi.CongestionEvent.ECN;
import static io.jtcp.core.spi.CongestionEvent.FAST_RETRANSMIT;
import static io.jtcp.core.spi.CongestionEvent.RTO;
import static io.jtcp.core.spi.CongestionEvent.RTO_REPEATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Aimd} driven ACK by ACK with a synthetic {@link TestAck} on a manual clock: a "round" is
 * one window acknowledged in SMSS-sized ACKs followed by one RTT of the clock.
 */
class AimdTest {
  private static final int SMSS = 1460;
  private static final long RTT = TimeUnit.MILLISECONDS.toNanos(100);

  private final TestAck ack = new TestAck(SMSS);

  private static long segments(long n) {
    return n * SMSS;
  }

  /** Acknowledges the window as it stood when the round began, one SMSS per ACK. */
  private void round(Aimd cc) {
    for (long left = cc.cwnd(); left > 0; left -= SMSS) {
      ack.advance(RTT / 100);
      cc.onAck(ack.acking(Math.min(SMSS, left)));
    }
    ack.advance(RTT);
  }

  /** A connection in congestion avoidance at {@code cwnd} segments after one fast recovery. */
  private Aimd inCongestionAvoidance(long cwndSegments) {
    Aimd cc = new Aimd(SMSS, 0.5);
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(2 * cwndSegments), 0);
    cc.onRecoveryExit(ack.now, false);
    assertEquals(segments(cwndSegments), cc.cwnd());
    assertEquals(cc.cwnd(), cc.ssthresh());
    return cc;
  }

  @ParameterizedTest(name = "SMSS {0} gives IW {1}")
  @CsvSource({"1460, 14600", "536, 5360", "9000, 18000", "4000, 14600"})
  void initialWindowIsRfc6928s(int smss, long iw) {
    Aimd cc = new Aimd(smss, 0.5);
    assertEquals(iw, cc.cwnd());
    assertEquals(Long.MAX_VALUE, cc.ssthresh());
  }

  @Test
  void slowStartDoublesTheWindowEveryRoundTrip() {
    Aimd cc = new Aimd(SMSS, 0.5);
    long expected = cc.cwnd();
    for (int i = 0; i < 5; i++) {
      round(cc);
      expected *= 2;
      assertEquals(expected, cc.cwnd(), "after round " + (i + 1));
    }
    assertEquals(segments(320), cc.cwnd());
  }

  @Test
  void slowStartCountsAtMostTwoSegmentsPerAck() {
    Aimd cc = new Aimd(SMSS, 0.5);
    long before = cc.cwnd();
    cc.onAck(ack.acking(segments(8))); // a stretch ACK, RFC 3465's L = 2·SMSS
    assertEquals(before + segments(2), cc.cwnd());
    cc.onAck(ack.acking(100));
    assertEquals(before + segments(2) + 100, cc.cwnd());
  }

  @Test
  void congestionAvoidanceAddsOneSegmentPerRoundTrip() {
    Aimd cc = inCongestionAvoidance(20);
    for (int i = 0; i < 19; i++) {
      cc.onAck(ack.acking(SMSS));
    }
    assertEquals(segments(20), cc.cwnd(), "grew before a whole window was acknowledged");
    cc.onAck(ack.acking(SMSS));
    assertEquals(segments(21), cc.cwnd());
    for (int i = 0; i < 10; i++) {
      round(cc);
    }
    assertEquals(segments(31), cc.cwnd(), "one SMSS per round trip");
  }

  @ParameterizedTest(name = "beta {0}")
  @ValueSource(doubles = {0.5, 0.7, 0.8, 0.3, 0.125})
  void fastRetransmitMultipliesTheFlightSizeByBeta(double beta) {
    Aimd cc = new Aimd(SMSS, beta);
    round(cc);
    round(cc);
    round(cc); // 80 segments
    long flight = segments(100);
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, flight, flight - SMSS);
    assertEquals(beta * flight, cc.ssthresh(), 1.0);
    assertEquals(cc.ssthresh(), cc.cwnd(), "RFC 6675 §5 step 4.2: cwnd = ssthresh");
  }

  @Test
  void theDecreaseUsesFlightSizeNotCwnd() {
    Aimd cc = new Aimd(SMSS, 0.7);
    round(cc);
    round(cc);
    round(cc); // cwnd 80 segments; an application that kept only 30 in flight
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(30), segments(29));
    assertEquals(segments(21), cc.ssthresh(), 1.0);
  }

  @Test
  void theDecreaseNeverGoesBelowTwoSegments() {
    Aimd cc = new Aimd(SMSS, 0.3);
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(4), segments(3));
    assertEquals(segments(2), cc.ssthresh());
    assertEquals(segments(2), cc.cwnd());
  }

  @Test
  void noGrowthDuringFastRecovery() {
    Aimd cc = new Aimd(SMSS, 0.5);
    round(cc);
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(20), segments(19));
    long cwnd = cc.cwnd();
    ack.inRecovery = true;
    for (int i = 0; i < 50; i++) {
      cc.onAck(ack.duplicateAck());
      cc.onAck(ack.acking(SMSS)); // partial ACKs
    }
    assertEquals(cwnd, cc.cwnd());
    assertTrue(cc.describe().startsWith("fast recovery"), cc.describe());
    cc.onRecoveryExit(ack.now, false);
    ack.inRecovery = false;
    assertEquals(cc.ssthresh(), cc.cwnd());
    cc.onAck(ack.acking(SMSS));
    assertTrue(cc.describe().startsWith("ca "), cc.describe());
  }

  @Test
  void noGrowthWhileApplicationLimited() {
    Aimd slowStart = new Aimd(SMSS, 0.5);
    Aimd avoidance = inCongestionAvoidance(20);
    ack.appLimited = true;
    for (int i = 0; i < 100; i++) {
      slowStart.onAck(ack.acking(SMSS));
      avoidance.onAck(ack.acking(SMSS));
    }
    assertEquals(Aimd.initialWindow(SMSS), slowStart.cwnd());
    assertEquals(segments(20), avoidance.cwnd());
    ack.appLimited = false;
    slowStart.onAck(ack.acking(SMSS));
    assertEquals(Aimd.initialWindow(SMSS) + SMSS, slowStart.cwnd(), "grows once cwnd-limited");
  }

  @Test
  void duplicateAcksDoNotGrowTheWindow() {
    Aimd cc = new Aimd(SMSS, 0.5);
    for (int i = 0; i < 10; i++) {
      cc.onAck(ack.duplicateAck());
    }
    assertEquals(Aimd.initialWindow(SMSS), cc.cwnd());
  }

  @Test
  void timeoutShrinksToTheLossWindowThenSlowStartsToSsthresh() {
    Aimd cc = new Aimd(SMSS, 0.5);
    round(cc);
    round(cc);
    round(cc); // 80 segments
    cc.onCongestionEvent(RTO, ack.now, segments(80), segments(80));
    assertEquals(SMSS, cc.cwnd(), "RFC 5681 §3.1: LW = 1 SMSS");
    assertEquals(segments(40), cc.ssthresh());
    // The recovery after a timeout is slow start, not fast recovery: the engine says so.
    ack.inRecovery = false;
    long[] expected = {2, 4, 8, 16, 32, 40, 41, 42};
    for (long e : expected) {
      round(cc);
      assertEquals(segments(e), cc.cwnd());
    }
  }

  @Test
  void slowStartStopsExactlyAtSsthresh() {
    Aimd cc = new Aimd(SMSS, 0.5);
    cc.onCongestionEvent(RTO, ack.now, segments(80), segments(80));
    for (int i = 0; i < 5; i++) {
      round(cc);
    }
    for (int i = 0; i < 7; i++) {
      cc.onAck(ack.acking(SMSS));
    }
    assertEquals(segments(39), cc.cwnd());
    cc.onAck(ack.acking(segments(2))); // would overshoot to 41 segments
    assertEquals(segments(40), cc.cwnd());
    assertEquals(cc.ssthresh(), cc.cwnd());
  }

  @Test
  void recoveryExitAfterTimeoutKeepsTheSlowStartWindow() {
    Aimd cc = new Aimd(SMSS, 0.5);
    cc.onCongestionEvent(RTO, ack.now, segments(10), segments(10));
    round(cc);
    round(cc);
    assertEquals(segments(4), cc.cwnd());
    cc.onRecoveryExit(ack.now, true);
    assertEquals(segments(4), cc.cwnd(), "not ssthresh: only a fast recovery ends with that");
    assertTrue(cc.describe().startsWith("slow start"), cc.describe());
  }

  @Test
  void aRepeatedTimeoutKeepsSsthresh() {
    Aimd cc = new Aimd(SMSS, 0.5);
    cc.onCongestionEvent(RTO, ack.now, segments(80), segments(80));
    round(cc);
    cc.onCongestionEvent(RTO_REPEATED, ack.now, segments(2), segments(2));
    assertEquals(SMSS, cc.cwnd());
    assertEquals(segments(40), cc.ssthresh(), "RFC 5681 §3.1: not lowered a second time");
    assertTrue(cc.describe().contains("rto=2"), cc.describe());
  }

  @Test
  void ecnCutsOncePerRoundTrip() {
    Aimd cc = inCongestionAvoidance(40);
    ack.advance(2 * RTT); // well clear of the fast retransmit's cut
    ack.srtt = RTT;
    cc.onAck(ack.acking(SMSS)); // the algorithm learns the RTT from ACKs, not from the event
    ack.srtt = 0; // the engine reuses the sample: what the algorithm needs, it must have copied
    cc.onCongestionEvent(ECN, ack.now, segments(40), segments(40));
    assertEquals(segments(20), cc.cwnd());
    assertEquals(segments(20), cc.ssthresh());

    ack.advance(RTT / 2);
    cc.onCongestionEvent(ECN, ack.now, segments(20), segments(20));
    assertEquals(segments(20), cc.cwnd(), "a second mark within one RTT is the same congestion");

    ack.advance(RTT / 2);
    cc.onCongestionEvent(ECN, ack.now, segments(20), segments(20));
    assertEquals(segments(10), cc.cwnd(), "one RTT later it is news");
    assertTrue(cc.describe().contains("ecn=2"), cc.describe());
  }

  @Test
  void ecnDuringFastRecoveryDoesNotCutAgain() {
    Aimd cc = inCongestionAvoidance(40);
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(40), segments(39));
    ack.advance(10 * RTT); // however long the recovery takes
    cc.onCongestionEvent(ECN, ack.now, segments(20), segments(20));
    assertEquals(segments(20), cc.cwnd());
    assertEquals(segments(20), cc.ssthresh());
  }

  @Test
  void aSpuriousRecoveryIsUndone() {
    Aimd cc = inCongestionAvoidance(40);
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(40), segments(39));
    assertEquals(segments(20), cc.cwnd());
    cc.onSpuriousCongestion(ack.now);
    assertEquals(segments(40), cc.cwnd());
    assertEquals(segments(40), cc.ssthresh());
  }

  @Test
  void anUndoDoesNotEraseAnEcnCut() {
    Aimd cc = inCongestionAvoidance(40);
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(40), segments(39));
    cc.onRecoveryExit(ack.now, false);
    ack.advance(2 * RTT);
    cc.onCongestionEvent(ECN, ack.now, segments(20), segments(20));
    cc.onSpuriousCongestion(ack.now);
    assertEquals(segments(10), cc.cwnd());
  }

  @Test
  void idleRestartFallsBackToTheInitialWindow() {
    Aimd big = new Aimd(SMSS, 0.5);
    round(big);
    round(big);
    big.onIdleRestart(ack.now, 10 * RTT);
    assertEquals(Aimd.initialWindow(SMSS), big.cwnd());

    Aimd small = new Aimd(SMSS, 0.5);
    small.onCongestionEvent(RTO, ack.now, segments(10), segments(10));
    small.onIdleRestart(ack.now, 10 * RTT);
    assertEquals(SMSS, small.cwnd(), "RFC 5681 §4.1: min(IW, cwnd), never a growth");
  }

  @Test
  void describeNamesThePhaseBetaAndTheCuts() {
    Aimd cc = new Aimd(SMSS, 0.7);
    assertEquals("slow start beta=0.7 cuts fr=0 rto=0 ecn=0", cc.describe());
    cc.onCongestionEvent(FAST_RETRANSMIT, ack.now, segments(20), segments(19));
    assertEquals("fast recovery beta=0.7 cuts fr=1 rto=0 ecn=0", cc.describe());
    cc.onRecoveryExit(ack.now, false);
    cc.onAck(ack.acking(SMSS));
    assertEquals("ca 1460/20440 beta=0.7 cuts fr=1 rto=0 ecn=0", cc.describe());
  }

  @ParameterizedTest(name = "beta {0}")
  @ValueSource(doubles = {0, 1, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsABetaOutsideZeroToOne(double beta) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Aimd(SMSS, beta));
    assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
  }
}
