package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.sim.FrameFate;
import io.jtcp.core.sim.LinkParams;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Pacing on the simulator: a fixed window far larger than the path needs, a 1 Gbit/s link, and a
 * pacing rate well below it, so the pacer alone sets the pace. Departures are read from the frames
 * the client puts on its uplink ({@link FrameFate#SENT}), not from the engine.
 *
 * <p>The pacing rate counts payload bytes (see {@code CongestionControl.pacingRate()}), so the
 * goodput is the rate itself, and the bound checked is the pacer's: in any run of departures, the
 * payload sent is at most {@code 2·SMSS + rate·(last − first)} — one segment's time of lag, so at
 * most two segments back to back. In particular no data segment leaves less than {@code 1448/rate}
 * after the one two places before it.
 */
class PacingSimTest {
  private static final long MBIT = 1_000_000 / 8; // bytes per second per Mbit/s
  private static final int SMSS = 1448; // 1500 − 20 (IP) − 20 (TCP) − 12 (timestamps)
  private static final long MS = SimPair.MS;

  /** Data segments the client sent: time and payload. */
  private final List<long[]> departures = new ArrayList<>();

  private final List<PacedWindow> created = new ArrayList<>();

  /** Runs a bulk transfer client → server for {@code millis} of virtual time. */
  private void bulk(LongUnaryOperator rate, long millis) {
    SimPair p =
        new SimPair(
            LinkParams.DEFAULT.withDelayNanos(10 * MS).withBandwidthBitsPerSecond(1_000_000_000),
            Sysctls.LINUX,
            5);
    p.client.setCongestionControl(PacedWindow.factory(400, rate, created));
    p.net.addTap(
        (time, from, to, packet, fate) -> {
          if (fate != FrameFate.SENT || !from.equals("client")) {
            return;
          }
          Ipv4Packet ip = Ipv4Packet.parse(packet).orElseThrow();
          TcpSegment s =
              TcpSegment.parse(ip.payload(), ip.source().bits(), ip.destination().bits())
                  .orElseThrow();
          if (s.payload().length > 0) {
            departures.add(new long[] {time, s.payload().length});
          }
        });
    Listener l = p.listen(80);
    Connection c = p.connect(80);
    p.run(100);
    Connection s = l.accept();
    byte[] data = new byte[256 * 1024];
    byte[] sink = new byte[256 * 1024];
    for (long t = 0; t < millis; t++) {
      p.at(now -> c.write(data, 0, data.length, now));
      while (p.at(now -> s.read(sink, 0, sink.length, now)) > 0) {
        // discard
      }
      p.run(1);
    }
  }

  /** Payload bytes per second that left in [from, to) ms after the first departure. */
  private double goodput(long fromMs, long toMs) {
    long t0 = departures.getFirst()[0];
    long bytes = 0;
    for (long[] d : departures) {
      if (d[0] >= t0 + fromMs * MS && d[0] < t0 + toMs * MS) {
        bytes += d[1];
      }
    }
    return bytes * 1e9 / ((toMs - fromMs) * MS);
  }

  /**
   * The pacer's bound over every run of departures i..j: payload ≤ 2·SMSS + rate·(t_j − t_i), in
   * O(n) as max over j of (S_j − rate·t_j) − min over i ≤ j of (S_{i−1} − rate·t_i).
   */
  private void assertPacedAt(double bytesPerSecond, long fromMs, long toMs) {
    double perNano = bytesPerSecond / 1e9;
    long t0 = departures.getFirst()[0];
    double sumBefore = 0; // S_{i-1}
    double minStart = Double.MAX_VALUE;
    double worst = 0;
    long[] worstAt = null;
    int n = 0;
    for (long[] d : departures) {
      if (d[0] < t0 + fromMs * MS || d[0] >= t0 + toMs * MS) {
        continue;
      }
      n++;
      minStart = Math.min(minStart, sumBefore - perNano * d[0]);
      double sum = sumBefore + d[1];
      double excess = (sum - perNano * d[0]) - minStart;
      if (excess > worst) {
        worst = excess;
        worstAt = d;
      }
      sumBefore = sum;
    }
    assertTrue(n > 100, "departures in the window: " + n);
    assertTrue(
        worst <= 2 * SMSS + 1,
        String.format(
            "a run of departures ending at %.6f ms sent %.0f bytes more than the rate allows",
            worstAt == null ? 0 : worstAt[0] / 1e6, worst));
  }

  @Test
  void tenMbitPacing_onAGigabitLink_goodputIsTheRateAndNoBurstExceedsTwoSegments() {
    long rate = 10 * MBIT;
    bulk(t -> rate, 3000);
    double goodput = goodput(1000, 3000);
    assertEquals(rate, goodput, rate * 0.02, "goodput " + goodput * 8 / 1e6 + " Mbit/s");
    assertPacedAt(rate, 0, 3000);
    long t0 = departures.getFirst()[0];
    long minGap = Long.MAX_VALUE;
    for (int i = 2; i < departures.size(); i++) {
      if (departures.get(i)[0] >= t0 + 3000 * MS) {
        break;
      }
      minGap = Math.min(minGap, departures.get(i)[0] - departures.get(i - 2)[0]);
    }
    long segmentTime = SMSS * 1_000_000_000L / rate;
    assertTrue(
        minGap >= segmentTime - 1000,
        "departures two apart at least one segment's time (" + segmentTime + " ns): " + minGap);
  }

  @Test
  void rateRaisedMidTransfer_departuresFollowIt() {
    long slow = 10 * MBIT;
    long fast = 40 * MBIT;
    bulk(t -> t < 1500 * MS ? slow : fast, 3000);
    double before = goodput(500, 1400);
    double after = goodput(1800, 2900);
    assertEquals(slow, before, slow * 0.02, "before " + before * 8 / 1e6 + " Mbit/s");
    assertEquals(fast, after, fast * 0.02, "after " + after * 8 / 1e6 + " Mbit/s");
    assertPacedAt(fast, 1800, 2900);
  }

  @Test
  void noPacingRate_theWindowSetsThePace() {
    bulk(t -> 0, 400);
    double goodput = goodput(200, 400);
    // 400 segments per 20 ms round trip: some 230 Mbit/s, far above any pacing above.
    assertTrue(goodput > 100 * MBIT, "unpaced goodput " + goodput * 8 / 1e6 + " Mbit/s");
  }
}
