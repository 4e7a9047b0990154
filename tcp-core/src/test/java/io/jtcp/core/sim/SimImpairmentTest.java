package io.jtcp.core.sim;

import static io.jtcp.core.sim.Packets.A;
import static io.jtcp.core.sim.Packets.B;
import static io.jtcp.core.sim.Packets.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.Pollable;
import io.jtcp.core.wire.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Impairments inside a whole {@link SimNetwork}: what the receiver's parser makes of corrupted and
 * truncated packets, how duplicates and annotations show in taps and counters, the order of the
 * pipeline, and exact replay of a whole run.
 */
class SimImpairmentTest {

  /** A node that keeps the raw bytes of everything its link delivers. */
  private static final class RawNode implements Pollable {
    final LinkDriver link;
    final List<byte[]> packets = new ArrayList<>();

    RawNode(SimHost host) {
      this.link = host.link();
      host.attach(this);
    }

    @Override
    public void poll(long now) {
      link.receive(
          (seg, off, len) ->
              packets.add(seg.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)),
          Integer.MAX_VALUE);
    }

    @Override
    public long nextDeadline() {
      return NO_DEADLINE;
    }
  }

  /** {@code n} TCP packets from a to b with random payloads of 0 to 1400 bytes, 100 µs apart. */
  private static List<byte[]> sendTcp(SimNetwork net, SimHost a, int n) {
    SplittableRandom r = new SplittableRandom(99);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] payload = new byte[r.nextInt(1401)];
      r.nextBytes(payload);
      byte[] p = Packets.tcp(A, B, i * 1000, payload);
      sent.add(p);
      net.schedule(i * 100_000L, () -> Packets.send(a.link(), p));
    }
    return sent;
  }

  private static Map<DropReason, Integer> reasons(List<byte[]> packets) {
    Map<DropReason, Integer> n = new EnumMap<>(DropReason.class);
    for (byte[] p : packets) {
      DropReason r = Packets.tcpDropReason(p);
      assertNotNull(r, "a corrupted packet parsed as a valid TCP segment");
      n.merge(r, 1, Integer::sum);
    }
    return n;
  }

  @Test
  void corruptedTcpSegments_areAllDroppedByTheReceiversChecksums() {
    SimNetwork net = new SimNetwork(1);
    SimHost a = net.addHost("a", A);
    SimHost b = net.addHost("b", B, LinkParams.DEFAULT, LinkParams.DEFAULT.withCorruptRate(1.0));
    RawNode rx = new RawNode(b);
    TapLog tap = TapLog.on(net);
    List<byte[]> sent = sendTcp(net, a, 3000);
    for (byte[] p : sent) {
      assertNull(Packets.tcpDropReason(p), "the test's packets are valid before the link");
    }
    net.runUntilIdle(100_000);

    assertEquals(3000, rx.packets.size());
    assertEquals(3000, tap.withFate(FrameFate.CORRUPTED).size());
    Map<DropReason, Integer> reasons = reasons(rx.packets);
    assertTrue(reasons.getOrDefault(DropReason.IP_CHECKSUM, 0) > 20, reasons.toString());
    assertTrue(reasons.getOrDefault(DropReason.TCP_CHECKSUM, 0) > 2000, reasons.toString());
  }

  @Test
  void corruptionOnTheUplink_mayMisrouteOrMalformAPacket_andWhatArrivesStillFailsItsChecksum() {
    SimNetwork net = new SimNetwork(2);
    SimHost a = net.addHost("a", A, LinkParams.DEFAULT.withCorruptRate(1.0), LinkParams.DEFAULT);
    SimHost b = net.addHost("b", B);
    RawNode rx = new RawNode(b);
    sendTcp(net, a, 3000);
    net.runUntilIdle(100_000);

    FrameCounts c = net.stats().frames();
    assertEquals(3000, c.frames(FrameFate.CORRUPTED));
    assertEquals(3000, c.finished());
    assertEquals(rx.packets.size(), b.stats().inbound().frames(FrameFate.DELIVERED));
    assertTrue(c.frames(FrameFate.DROPPED_UNROUTABLE) > 0, "a flipped destination: " + c);
    reasons(rx.packets);
  }

  @Test
  void truncatedPackets_areDroppedAsTruncated_byTheReceiver_orByTheRouter() {
    SimNetwork net = new SimNetwork(3);
    SimHost a = net.addHost("a", A, LinkParams.DEFAULT.withTruncateRate(0.5), LinkParams.DEFAULT);
    SimHost b = net.addHost("b", B, LinkParams.DEFAULT, LinkParams.DEFAULT.withTruncateRate(1.0));
    RawNode rx = new RawNode(b);
    List<byte[]> sent = sendTcp(net, a, 2000);
    TapLog tap = TapLog.on(net);
    net.runUntilIdle(100_000);

    NetworkStats st = net.stats();
    long upCut = st.frames().frames(FrameFate.DROPPED_MALFORMED);
    assertEquals(0.5, upCut / 2000.0, 0.05);
    assertEquals(Map.of(DropReason.TRUNCATED, upCut), st.malformed(), "cut on the uplink");
    assertEquals(2000 - upCut, rx.packets.size());
    assertEquals(2000, tap.withFate(FrameFate.TRUNCATED).size(), "every packet, once");
    assertEquals(Map.of(DropReason.TRUNCATED, rx.packets.size()), reasons(rx.packets));
    // What arrives is, in order, a cut prefix of a subsequence of what was sent.
    int next = 0;
    for (byte[] p : rx.packets) {
      while (next < sent.size()
          && !(p.length < sent.get(next).length
              && java.util.Arrays.equals(java.util.Arrays.copyOf(sent.get(next), p.length), p))) {
        next++;
      }
      assertTrue(next < sent.size(), "not a prefix of a packet sent after the last one matched");
      next++;
    }
  }

  @Test
  void duplicates_showAsNewInstances_andBalanceTheCounters() {
    SimNetwork net = new SimNetwork(4);
    LinkParams dup = LinkParams.DEFAULT.withDuplicateRate(0.5).withDelay(Duration.ofMillis(1));
    SimHost a = net.addHost("a", A, dup, LinkParams.DEFAULT);
    SimHost b = net.addHost("b", B, LinkParams.DEFAULT, dup);
    RecordingNode rx = RecordingNode.on(b);
    List<FrameEvent> events = new ArrayList<>();
    net.addTap(
        new FrameTap() {
          @Override
          public void onFrame(long time, String from, String to, byte[] packet, FrameFate fate) {}

          @Override
          public void onEvent(FrameEvent e) {
            events.add(e);
          }
        });
    for (int i = 0; i < 1000; i++) {
      int id = i;
      net.schedule(i * MS, () -> Packets.send(a.link(), Packets.probe(A, B, id, 100)));
    }
    net.runUntilIdle(100_000);

    FrameCounts c = net.stats().frames();
    long copies = c.frames(FrameFate.DUPLICATED);
    assertEquals(0.5 + 0.5 * 1.5, copies / 1000.0, 0.1, "half on the uplink, half of 1.5x down");
    assertEquals(1000 + copies, c.started());
    assertEquals(c.started(), c.frames(FrameFate.DELIVERED));
    assertEquals(0, c.inFlight());
    assertEquals(c.started(), rx.arrivals.size());
    for (FrameEvent e : events) {
      if (e.fate() == FrameFate.SENT) {
        assertEquals(e.id(), e.original());
      } else if (e.fate() == FrameFate.DUPLICATED) {
        assertTrue(e.isCopy() && e.id() > e.original());
      }
    }
    // Ids stay in order at the receiver: each copy arrives right after its original.
    List<Integer> ids = rx.ids();
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i) >= ids.get(i - 1), "FIFO: " + ids.subList(i - 1, i + 1));
    }
    HostStats hb = b.stats();
    assertEquals(c.frames(FrameFate.DELIVERED), hb.inbound().frames(FrameFate.DELIVERED));
  }

  @Test
  void stagesFor_placesEveryImpairmentInItsOrder_andLeavesOutWhatIsOff() {
    assertEquals(
        List.of("mtu 1500"),
        LinkModel.stagesFor(LinkParams.DEFAULT, 1).stream().map(LinkStage::name).toList(),
        "the default link is impairment-free");
    LinkParams all =
        LinkParams.DEFAULT
            .withLossRate(0.01)
            .withBurstLoss(0.02, 2)
            .withDuplicateRate(0.03)
            .withCorruptRate(0.04)
            .withTruncateRate(0.05)
            .withBandwidthBitsPerSecond(1_000_000)
            .withDelayNanos(10)
            .withJitterNanos(5)
            .withReordering(0.06, 3);
    List<String> names = LinkModel.stagesFor(all, 1).stream().map(LinkStage::name).toList();
    List<String> prefixes =
        List.of(
            "mtu",
            "loss",
            "burst loss",
            "duplicate",
            "corrupt",
            "truncate",
            "queue",
            "delay 10 ns jitter uniform 5 ns",
            "reorder 0.06 depth 3");
    assertEquals(prefixes.size(), names.size(), names.toString());
    for (int i = 0; i < names.size(); i++) {
      assertTrue(names.get(i).startsWith(prefixes.get(i)), names.toString());
    }
  }

  @Test
  void jitter_onAWholeLink_keepsPacketsInOrder() {
    SimNetwork net = new SimNetwork(5);
    LinkParams up =
        LinkParams.DEFAULT.withDelay(Duration.ofMillis(20)).withJitter(Duration.ofMillis(10));
    SimHost a = net.addHost("a", A, up, LinkParams.DEFAULT);
    RecordingNode rx = RecordingNode.on(net.addHost("b", B));
    for (int i = 0; i < 500; i++) {
      int id = i;
      net.schedule(i * 100_000L, () -> Packets.send(a.link(), Packets.probe(A, B, id, 60)));
    }
    net.runUntilIdle(100_000);
    assertEquals(java.util.stream.IntStream.range(0, 500).boxed().toList(), rx.ids());
    List<Long> delays = new ArrayList<>();
    for (RecordingNode.Arrival arrival : rx.arrivals) {
      delays.add(arrival.time() - arrival.id() * 100_000L);
    }
    assertTrue(delays.stream().allMatch(d -> d >= 10 * MS && d <= 30 * MS), "" + delays);
    assertTrue(delays.stream().distinct().count() > 100, "the delays vary");
  }

  /** A run with every impairment on both links, as the tap saw it. */
  private static List<String> fullMix(long seed) {
    SimNetwork net = new SimNetwork(seed);
    LinkParams link =
        LinkParams.DEFAULT
            .withDelay(Duration.ofMillis(5))
            .withJitter(Duration.ofMillis(2), JitterDistribution.NORMAL)
            .withBandwidthBitsPerSecond(10_000_000)
            .withQueueLimitBytes(20_000)
            .withLossRate(0.02)
            .withBurstLoss(0.03, 3)
            .withReordering(0.05, 2)
            .withDuplicateRate(0.03)
            .withCorruptRate(0.02)
            .withTruncateRate(0.02);
    SimHost a = net.addHost("a", A, link);
    net.addHost("b", B, link);
    List<String> log = new ArrayList<>();
    net.addTap(
        new FrameTap() {
          @Override
          public void onFrame(long time, String from, String to, byte[] packet, FrameFate fate) {}

          @Override
          public void onEvent(FrameEvent e) {
            log.add(
                e.time()
                    + " #"
                    + e.id()
                    + "/"
                    + e.original()
                    + " "
                    + e.fate()
                    + " "
                    + java.util.Arrays.hashCode(e.packet()));
          }
        });
    sendTcp(net, a, 2000);
    net.runUntilIdle(1_000_000);
    assertEquals(0, net.stats().frames().inFlight());
    return log;
  }

  @Test
  void aRunWithEveryImpairment_replaysEventForEventFromItsSeed() {
    List<String> first = fullMix(77);
    assertEquals(first, fullMix(77));
    assertNotEquals(first, fullMix(78));
    for (FrameFate f : FrameFate.values()) {
      if (f != FrameFate.DROPPED_TOO_BIG
          && f != FrameFate.DROPPED_LINK_CLOSED
          && f != FrameFate.DROPPED_UNROUTABLE) {
        assertTrue(first.stream().anyMatch(l -> l.contains(" " + f + " ")), "a " + f + " event");
      }
    }
  }

  @Test
  void aCancelledTimer_neverRuns_andLeavesTheNetworkIdle() {
    SimNetwork net = new SimNetwork();
    List<String> ran = new ArrayList<>();
    Scheduler.Timer t = net.scheduler().schedule(10, () -> ran.add("t"), () -> "t");
    net.scheduler().schedule(5, () -> ran.add("u"), () -> "u").cancel();
    assertEquals(10, net.nextEventTime(), "the cancelled event at 5 is skipped");
    t.cancel();
    t.cancel();
    assertTrue(net.isIdle());
    assertEquals(0, net.runUntilIdle(10));
    assertEquals(List.of(), ran);
    Scheduler.Timer done = net.scheduler().schedule(20, () -> ran.add("v"), () -> "v");
    net.runUntilIdle(10);
    done.cancel(); // after it ran: nothing to do
    assertEquals(List.of("v"), ran);
    assertTrue(net.isIdle());
  }
}
