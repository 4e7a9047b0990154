package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.sim.LinkParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Delivery-rate samples on the simulator, through a 20 Mbit/s bottleneck (the uplinks'
 * serialization rate; 10 ms each way) with a fixed window of 64 segments, about twice the
 * bandwidth-delay product, so the bottleneck stays busy and a queue holds the rest.
 *
 * <p>What is measured is the payload rate, the unit of {@code AckSample.deliveryRate()}: a data
 * segment is 1500 bytes on the wire, of which 1448 are payload (20 IP, 20 TCP and 12 timestamp
 * bytes of header), so the bottleneck delivers 20 Mbit/s · 1448/1500 = 2 413 333 payload bytes per
 * second.
 */
class DeliveryRateSimTest {
  private static final long MS = SimPair.MS;
  private static final long BOTTLENECK_BITS = 20_000_000;
  private static final double PAYLOAD_RATE = BOTTLENECK_BITS / 8.0 * 1448 / 1500;

  private final List<PacedWindow> created = new ArrayList<>();
  private long written;
  private long read;

  /**
   * Client → server for {@code millis}: in bulk (as much as fits, every millisecond) from {@code
   * bulkFromMs} on, before that one segment's worth every {@code slowEveryMs}.
   */
  private PacedWindow transfer(LinkParams link, long millis, long bulkFromMs, long slowEveryMs) {
    SimPair p = new SimPair(link, Sysctls.LINUX, 9);
    p.client.setCongestionControl(PacedWindow.factory(64, 0, created));
    Listener l = p.listen(80);
    Connection c = p.connect(80);
    p.run(100);
    Connection s = l.accept();
    byte[] data = new byte[256 * 1024];
    byte[] sink = new byte[256 * 1024];
    for (long t = 0; t < millis; t++) {
      int len = t >= bulkFromMs ? data.length : t % slowEveryMs == 0 ? 1448 : 0;
      if (len > 0) {
        written += p.at(now -> c.write(data, 0, len, now));
      }
      int n;
      while ((n = p.at(now -> s.read(sink, 0, sink.length, now))) > 0) {
        read += n;
      }
      p.run(1);
    }
    p.run(2000); // the rest arrives and is acknowledged
    int n;
    while ((n = p.at(now -> s.read(sink, 0, sink.length, now))) > 0) {
      read += n;
    }
    return created.getFirst();
  }

  private static LinkParams bottleneck() {
    return LinkParams.DEFAULT.withDelayNanos(10 * MS).withBandwidthBitsPerSecond(BOTTLENECK_BITS);
  }

  /** The samples with a rate taken in [fromMs, toMs) of virtual time. */
  private static int[] samples(PacedWindow w, long fromMs, long toMs) {
    return java.util.stream.IntStream.range(0, w.count)
        .filter(i -> w.deliveryRate[i] > 0 && w.at[i] >= fromMs * MS && w.at[i] < toMs * MS)
        .toArray();
  }

  private static void assertNearBottleneck(PacedWindow w, int[] samples) {
    assertTrue(samples.length > 500, "samples: " + samples.length);
    for (int i : samples) {
      assertEquals(PAYLOAD_RATE, w.deliveryRate[i], PAYLOAD_RATE * 0.10, w.describe(i));
      assertTrue(!w.appLimited[i], "a bulk sender is not app-limited: " + w.describe(i));
    }
    long[] rates = Arrays.stream(samples).mapToLong(i -> w.deliveryRate[i]).sorted().toArray();
    double median = rates[rates.length / 2];
    assertEquals(PAYLOAD_RATE, median, PAYLOAD_RATE * 0.01, "median sample");
  }

  @Test
  void bulkThroughA20MbitBottleneck_samplesAreTheBottleneckPayloadRate() {
    PacedWindow w = transfer(bottleneck(), 3000, 0, 1);
    // Past the first second (the window's first flights, the queue filling) every sample is the
    // bottleneck's rate within 10%, and their median within 1%.
    assertNearBottleneck(w, samples(w, 1100, 3100));
    assertEquals(read, written, "everything arrived");
    assertEquals(written, w.delivered[w.last()], "every byte delivered once");
  }

  @Test
  void slowWriter_samplesAreAppLimited() {
    // One segment every 10 ms: 1.16 Mbit/s into a 20 Mbit/s path.
    PacedWindow w = transfer(bottleneck(), 3000, Long.MAX_VALUE, 10);
    int[] all = samples(w, 0, 4000);
    assertTrue(all.length > 100, "samples (one ACK per two segments): " + all.length);
    for (int i : all) {
      assertTrue(w.appLimited[i], w.describe(i));
      assertTrue(w.deliveryRate[i] < PAYLOAD_RATE / 2, w.describe(i));
    }
  }

  @Test
  void slowThenBulk_theBubbleEndsAndSamplesAreTheBottleneckAgain() {
    PacedWindow w = transfer(bottleneck(), 3500, 1000, 10);
    assertTrue(w.appLimited[samples(w, 500, 1000)[0]], "the slow start is app-limited");
    assertNearBottleneck(w, samples(w, 2100, 3600));
  }

  @Test
  void randomLossWithSack_deliveredCountsEachByteOnceAndRetransmissionsAreFlagged() {
    PacedWindow w = transfer(bottleneck().withLossRate(0.01), 3000, 0, 1);
    assertEquals(read, written, "everything arrived");
    assertEquals(written, w.delivered[w.last()], "every byte delivered once, SACKed or not");
    long flagged = 0;
    for (int i = 0; i < w.count; i++) {
      flagged += w.retransmissionAcked[i] ? 1 : 0;
    }
    assertTrue(w.congestionEvents > 5, "losses: " + w.congestionEvents);
    assertTrue(flagged >= w.congestionEvents, "ACKs of retransmissions: " + flagged);
    // The window is fixed and SACK keeps the bottleneck busy through the losses: the typical
    // sample is still the bottleneck's rate.
    int[] s = samples(w, 1100, 3100);
    long[] rates = Arrays.stream(s).mapToLong(i -> w.deliveryRate[i]).sorted().toArray();
    assertEquals(PAYLOAD_RATE, rates[rates.length / 2], PAYLOAD_RATE * 0.05, "median sample");
  }
}
