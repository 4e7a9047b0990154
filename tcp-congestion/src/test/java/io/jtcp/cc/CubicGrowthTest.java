package io.jtcp.cc;

import static io.jtcp.cc.AckClock.MS;
import static io.jtcp.cc.AckClock.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.congestion.Reno;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;
import org.junit.jupiter.api.Test;

/**
 * When CUBIC's window may grow and from where: RFC 6928's initial window, byte-counted slow start,
 * no growth while application-limited (RFC 9438 §5.8, RFC 7661) or in recovery, the restart window
 * after idle (RFC 5681 §4.1), an SMSS change, and the factories.
 */
class CubicGrowthTest {
  private static final int SMSS = 1460;

  @Test
  void theInitialWindowIsRfc6928s() {
    for (int smss : new int[] {536, 1460, 4000, 9000}) {
      Cubic cubic = new Cubic(smss);
      assertEquals(Reno.initialWindow(smss), cubic.cwnd(), "smss " + smss);
      assertEquals(Long.MAX_VALUE, cubic.ssthresh());
      assertEquals("ss", cubic.describe());
    }
    assertEquals(5360, new Cubic(536).cwnd(), "10 segments");
    assertEquals(14600, new Cubic(1460).cwnd(), "10 segments");
    assertEquals(14600, new Cubic(4000).cwnd(), "14600 bytes");
    assertEquals(18000, new Cubic(9000).cwnd(), "2 segments");
  }

  @Test
  void slowStartCountsBytesUpToTwoSegmentsPerAckWithoutHyStart() {
    Cubic cubic = new Cubic(SMSS, false);
    cubic.onAck(new TestAck().acked(5L * SMSS));
    assertEquals(12L * SMSS, cubic.cwnd(), "RFC 3465: L = 2·SMSS");
    cubic.onAck(new TestAck().acked(SMSS / 2));
    assertEquals(12L * SMSS + SMSS / 2, cubic.cwnd());
  }

  @Test
  void slowStartCountsBytesUpToEightSegmentsPerAckWithHyStart() {
    Cubic cubic = new Cubic(SMSS);
    cubic.onAck(new TestAck().acked(10L * SMSS).inFlight(10L * SMSS, 0));
    assertEquals(18L * SMSS, cubic.cwnd(), "RFC 9406 §4.3: L = 8 without pacing");
  }

  @Test
  void noGrowthWhileApplicationLimited() {
    Cubic ss = new Cubic(SMSS);
    ss.onAck(new TestAck().acked(SMSS).appLimited(true));
    assertEquals(10L * SMSS, ss.cwnd(), "slow start");

    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic ca = clock.cubic();
    clock.ackOne();
    clock.run(10);
    long cwnd = ca.cwnd();
    double wEst = ca.wEst();
    for (int i = 0; i < 100; i++) {
      clock.now += 10 * MS;
      ca.onAck(clock.ack.now(clock.now).acked(SMSS).appLimited(true));
    }
    assertEquals(cwnd, ca.cwnd(), "congestion avoidance");
    assertEquals(wEst, ca.wEst(), "W_est does not grow either");
  }

  @Test
  void noGrowthInRecovery() {
    Cubic ss = new Cubic(SMSS);
    ss.onAck(new TestAck().acked(SMSS).inRecovery(true));
    assertEquals(10L * SMSS, ss.cwnd());

    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic ca = clock.cubic();
    ca.onCongestionEvent(CongestionEvent.FAST_RETRANSMIT, clock.now, ca.cwnd(), ca.cwnd());
    long cwnd = ca.cwnd();
    for (int i = 0; i < 100; i++) {
      clock.now += 10 * MS;
      ca.onAck(clock.ack.now(clock.now).acked(SMSS).inRecovery(true));
    }
    assertEquals(cwnd, ca.cwnd());
    assertFalse(ca.inEpoch(), "the epoch starts after the recovery");
  }

  @Test
  void applicationLimitedTimeIsNotPartOfTheEpoch() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    long start = clock.now;
    clock.runUntil(start + SECOND);
    assertEquals(1.0, cubic.elapsed(clock.now), 0.01);
    long limitedFrom = clock.now;
    for (int i = 0; i < 100; i++) { // ten seconds of ACKs with the application holding back
      clock.now += 100 * MS;
      cubic.onAck(clock.ack.now(clock.now).acked(SMSS).appLimited(true));
    }
    assertEquals(1.0, cubic.elapsed(clock.now), 0.01, "t stood still while app-limited");
    clock.ack.appLimited(false);
    clock.runUntil(clock.now + SECOND);
    assertEquals(2.0, cubic.elapsed(clock.now), 0.02);
    // Where the curve is at t = 2 s, not where it would be 12 s in (over 270 segments).
    assertEquals(95.64, clock.segments(), 0.3);
    assertTrue(clock.now - limitedFrom >= 11 * SECOND);
  }

  @Test
  void anIdleRestartShrinksToTheRestartWindow() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    clock.runUntil(clock.now + SECOND);
    clock.now += 5 * SECOND;
    cubic.onIdleRestart(clock.now, 5 * SECOND);
    assertEquals(Reno.initialWindow(SMSS), cubic.cwnd(), "RW = min(IW, cwnd)");
    assertEquals(70L * SMSS, cubic.ssthresh(), "ssthresh stays");
    assertEquals("ss", cubic.describe());
    while (cubic.cwnd() < cubic.ssthresh()) {
      clock.ackOne();
    }
    double epoch = clock.segments();
    clock.ackOne();
    assertTrue(cubic.inEpoch(), "a new congestion-avoidance stage");
    assertEquals(epoch, cubic.cwndEpoch(), 1e-9);
    assertEquals(Cubic.k(100, epoch), cubic.k(), 1e-12, "K toward the same W_max");
  }

  @Test
  void idleTimeIsNotPartOfTheEpoch() {
    // A window at or below the IW survives the restart, and so does its epoch, without the idle.
    AckClock clock = AckClock.afterLoss(SMSS, 10, 100 * MS);
    Cubic cubic = clock.cubic();
    assertEquals(7L * SMSS, cubic.cwnd());
    clock.ackOne();
    clock.runUntil(clock.now + 200 * MS);
    double elapsed = cubic.elapsed(clock.now);
    long cwnd = cubic.cwnd();
    assertTrue(cwnd < Reno.initialWindow(SMSS));
    clock.now += 30 * SECOND;
    cubic.onIdleRestart(clock.now, 30 * SECOND);
    assertEquals(cwnd, cubic.cwnd());
    assertTrue(cubic.inEpoch());
    assertEquals(elapsed, cubic.elapsed(clock.now), 1e-9);
  }

  @Test
  void anSmssChangeKeepsTheWindowsInBytes() {
    AckClock clock = AckClock.afterLoss(SMSS, 100, 100 * MS);
    Cubic cubic = clock.cubic();
    clock.ackOne();
    long cwnd = cubic.cwnd();
    cubic.onSmssChange(1000);
    assertEquals(cwnd, cubic.cwnd());
    assertEquals(146, cubic.wMax(), 1e-9, "100 segments of 1460 are 146 of 1000");
    assertEquals(146, cubic.cwndPrior(), 1e-9);
    assertFalse(cubic.inEpoch(), "the curve restarts in the new unit");
    clock.ack.smss = 1000;
    clock.ack.now(clock.now + MS).acked(1000);
    cubic.onAck(clock.ack);
    assertEquals(Cubic.k(146, cwnd / 1000.0), cubic.k(), 1e-9);

    Cubic small = new Cubic(536, false);
    small.onCongestionEvent(CongestionEvent.RTO, 0, 5360, 5360);
    small.onSmssChange(1460);
    assertEquals(1460, small.cwnd(), "never below one SMSS");
  }

  @Test
  void theFactoriesNameTheVariants() {
    ConnectionParams params = new ConnectionParams(SMSS, true, true, 0);
    assertEquals("cubic", Cubic.FACTORY.name());
    assertFalse(Cubic.FACTORY.description().isBlank());
    CongestionControl on = Cubic.FACTORY.create(params);
    assertEquals(HyStartPlusPlus.Phase.SLOW_START, ((Cubic) on).hystartPhase());
    assertEquals(Reno.initialWindow(SMSS), on.cwnd());
    assertEquals(0, on.pacingRate());

    assertEquals("cubic", Cubic.factory(true).name());
    assertEquals("cubic-nohystart", Cubic.factory(false).name());
    assertNull(((Cubic) Cubic.factory(false).create(params)).hystartPhase());
  }
}
