package io.jtcp.cc;

import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionEvent;

/**
 * A sender kept cwnd-limited on a path of constant RTT, on a manual clock: every ACK acknowledges
 * one SMSS, and ACKs are spaced {@code rtt · SMSS / cwnd} apart, so one window's worth of them
 * spans one RTT, as an ACK clock does. Each ACK carries the RTT as its sample and as SRTT.
 */
final class AckClock {
  static final long MS = 1_000_000L;
  static final long SECOND = 1_000_000_000L;

  final CongestionControl cc;
  final int smss;
  final TestAck ack = new TestAck();
  long now;
  long rtt;

  AckClock(CongestionControl cc, int smss, long rtt, long start) {
    this.cc = cc;
    this.smss = smss;
    this.rtt = rtt;
    this.now = start;
    ack.smss = smss;
  }

  /**
   * A HyStart++-less CUBIC that slow-started to {@code segments} segments, lost a packet with all
   * of them in flight, and has just left the fast recovery: cwnd = ssthresh = 0.7·segments and
   * W_max = segments, with no epoch yet (the next ACK starts it).
   */
  static AckClock afterLoss(int smss, int segments, long rtt) {
    Cubic cubic = new Cubic(smss, false);
    AckClock clock = new AckClock(cubic, smss, rtt, 0);
    while (cubic.cwnd() < (long) segments * smss) {
      clock.ackOne();
    }
    long window = cubic.cwnd();
    cubic.onCongestionEvent(CongestionEvent.FAST_RETRANSMIT, clock.now, window, window);
    cubic.onRecoveryExit(clock.now, false);
    return clock;
  }

  /** The next ACK of the clock. */
  void ackOne() {
    long window = cc.cwnd();
    now += Math.max(1, rtt * smss / window);
    ack.now(now).acked(smss).inFlight(window, window - smss).rtt(rtt);
    cc.onAck(ack);
  }

  /** ACKs until the clock reaches {@code time}. */
  void runUntil(long time) {
    while (now < time) {
      ackOne();
    }
  }

  /** ACKs for {@code n} round trips. */
  void run(int n) {
    runUntil(now + n * rtt);
  }

  /** The algorithm under test, when it is CUBIC. */
  Cubic cubic() {
    return (Cubic) cc;
  }

  /** cwnd in segments. */
  double segments() {
    return (double) cc.cwnd() / smss;
  }
}
