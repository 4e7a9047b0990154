package io.jtcp.core.sim;

import static io.jtcp.core.sim.Packets.A;
import static io.jtcp.core.sim.Packets.B;
import static io.jtcp.core.sim.Packets.C;
import static io.jtcp.core.sim.Packets.MS;
import static io.jtcp.core.sim.Packets.NOWHERE;
import static io.jtcp.core.sim.Packets.probe;
import static io.jtcp.core.sim.Packets.send;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.wire.DropReason;
import io.jtcp.core.wire.Ipv4Address;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Packets crossing the simulated network: timing, queues, loss and routing, to the nanosecond. */
class SimNetworkTest {
  private static final LinkParams IDEAL = LinkParams.DEFAULT;
  private static final ValueLayout.OfInt BIG_ENDIAN_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private static LinkParams delay(long nanos) {
    return IDEAL.withDelayNanos(nanos);
  }

  private static LinkParams rate(long bitsPerSecond) {
    return IDEAL.withBandwidthBitsPerSecond(bitsPerSecond);
  }

  @Test
  void ping_arrivesAfterUplinkPlusDownlinkDelay_andEchoReturnsTheSameWay() {
    SimNetwork net = new SimNetwork(1);
    SimHost a = net.addHost("a", A, delay(2 * MS), delay(1 * MS));
    SimHost b = net.addHost("b", B, delay(3 * MS), delay(4 * MS));
    RecordingNode pinger = RecordingNode.on(a);
    EchoNode echo = EchoNode.on(b);
    TapLog tap = TapLog.on(net);

    net.schedule(10 * MS, () -> send(a.link(), probe(A, B, 7, 100)));
    net.runUntilIdle(100);

    assertEquals(1, echo.echoed);
    assertEquals(List.of(20 * MS), pinger.times(), "10 + a.up 2 + b.down 4 + b.up 3 + a.down 1");
    assertEquals(List.of(7), pinger.ids());
    assertEquals(B, pinger.arrivals.get(0).packet().source());
    assertEquals(
        List.of(
            "10000000 a>b #7 100B SENT",
            "16000000 a>b #7 100B DELIVERED",
            "16000000 b>a #7 100B SENT",
            "20000000 b>a #7 100B DELIVERED"),
        tap.lines());
    assertEquals(20 * MS, net.now());
  }

  @Test
  void link_isRawIpWithTheUplinkMtu() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, IDEAL.withMtu(9000), IDEAL.withMtu(576));
    assertEquals(LinkType.RAW_IP, a.link().linkType());
    assertEquals(9000, a.link().mtu());
  }

  @Test
  void backToBackPackets_at12Mbps_arriveOneMillisecondApart() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, rate(12_000_000).withDelayNanos(5 * MS), IDEAL);
    SimHost b = net.addHost("b", B);
    RecordingNode rx = RecordingNode.on(b);

    net.schedule(
        0,
        () -> {
          for (int i = 0; i < 3; i++) {
            send(a.link(), probe(A, B, i, 1500));
          }
        });
    net.runUntilIdle(100);

    assertEquals(List.of(6 * MS, 7 * MS, 8 * MS), rx.times(), "1 ms each to serialize + 5 ms");
    assertEquals(List.of(0, 1, 2), rx.ids());
  }

  @Test
  void serialization_startsWhenThePreviousPacketIsOut_notWhenTheNextIsSent() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, rate(12_000_000), IDEAL);
    SimHost b = net.addHost("b", B);
    RecordingNode rx = RecordingNode.on(b);

    net.schedule(0, () -> send(a.link(), probe(A, B, 0, 1500)));
    net.schedule(MS / 2, () -> send(a.link(), probe(A, B, 1, 750))); // waits 0.5 ms, takes 0.5
    net.schedule(5 * MS, () -> send(a.link(), probe(A, B, 2, 1500))); // idle link: starts now
    net.runUntilIdle(100);

    assertEquals(List.of(MS, MS + MS / 2, 6 * MS), rx.times());
  }

  @Test
  void downlinkBottleneck_queuesWhatAFasterUplinkDelivers() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, rate(24_000_000), IDEAL);
    SimHost b = net.addHost("b", B, IDEAL, rate(12_000_000));
    RecordingNode rx = RecordingNode.on(b);

    net.schedule(
        0,
        () -> {
          for (int i = 0; i < 3; i++) {
            send(a.link(), probe(A, B, i, 1500));
          }
        });
    net.runUntilIdle(100);

    // Out of a at 0.5, 1.0, 1.5 ms; b's downlink takes 1 ms each, starting at 0.5 ms.
    assertEquals(List.of(MS + MS / 2, 2 * MS + MS / 2, 3 * MS + MS / 2), rx.times());
  }

  @Test
  void fullQueue_dropsTheTail_countsItAndShowsItToTheTap() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, rate(12_000_000).withQueueLimitBytes(3000), IDEAL);
    SimHost b = net.addHost("b", B);
    RecordingNode rx = RecordingNode.on(b);
    TapLog tap = TapLog.on(net);

    net.schedule(
        0,
        () -> {
          for (int i = 0; i < 5; i++) { // #0 is on the wire, #1 and #2 fill the queue
            send(a.link(), probe(A, B, i, 1500));
          }
        });
    // At 1 ms #1 starts serializing and leaves the queue: #5 fits behind #2.
    net.schedule(MS, () -> send(a.link(), probe(A, B, 5, 1500)));
    net.runUntilIdle(100);

    assertEquals(List.of(0, 1, 2, 5), rx.ids());
    assertEquals(List.of(MS, 2 * MS, 3 * MS, 4 * MS), rx.times());
    assertEquals(List.of(3, 4), tap.idsWithFate(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(
        List.of(0L, 0L),
        tap.withFate(FrameFate.DROPPED_QUEUE_FULL).stream().map(e -> e.time()).toList());
    HostStats sender = a.stats();
    assertEquals(6, sender.outbound().frames(FrameFate.SENT));
    assertEquals(4, sender.outbound().frames(FrameFate.DELIVERED));
    assertEquals(2, sender.outbound().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(3000, sender.outbound().bytes(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(0, sender.inbound().finished(), "queue drops on a's uplink never reach b");
    assertEquals(4, b.stats().inbound().frames(FrameFate.DELIVERED));
    assertEquals(0, b.stats().inbound().dropped());
    assertEquals(2, net.stats().frames().frames(FrameFate.DROPPED_QUEUE_FULL));
  }

  @Test
  void fullQueueOnTheDownlink_countsAtTheReceiverToo() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    SimHost b = net.addHost("b", B, IDEAL, rate(12_000_000).withQueueLimitBytes(1500));
    net.schedule(
        0,
        () -> {
          for (int i = 0; i < 4; i++) {
            send(a.link(), probe(A, B, i, 1500));
          }
        });
    net.runUntilIdle(100);

    assertEquals(2, b.stats().inbound().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(2, b.stats().inbound().frames(FrameFate.DELIVERED));
    assertEquals(2, a.stats().outbound().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(2, b.queued(), "no node attached: frames wait in the queue");
  }

  @Test
  void randomLoss_isNearTheRate_andReplaysExactlyFromTheSeed() {
    int n = 10_000;
    List<Integer> lost = lostIds(42, 0.1, n);
    // Binomial(10000, 0.1): sd 30; 200 is more than six of them.
    assertTrue(Math.abs(lost.size() - n / 10) < 200, "lost " + lost.size() + " of " + n);
    assertEquals(lost, lostIds(42, 0.1, n), "same seed, same losses");
    assertNotEquals(lost, lostIds(43, 0.1, n), "another seed, other losses");
    assertEquals(List.of(), lostIds(42, 0.0, 1000));
    assertEquals(1000, lostIds(42, 1.0, 1000).size());
  }

  private static List<Integer> lostIds(long seed, double rate, int n) {
    SimNetwork net = new SimNetwork(seed);
    SimHost a = net.addHost("a", A, IDEAL.withLossRate(rate).withDelayNanos(MS), IDEAL);
    SimHost b = net.addHost("b", B);
    RecordingNode rx = RecordingNode.on(b);
    TapLog tap = TapLog.on(net);
    for (int i = 0; i < n; i++) {
      int id = i;
      net.schedule(i * 1000L, () -> send(a.link(), probe(A, B, id, 64)));
    }
    net.runUntilIdle(10L * n);
    List<Integer> lost = tap.idsWithFate(FrameFate.DROPPED_LOSS);
    assertEquals(n - lost.size(), rx.arrivals.size());
    assertEquals(lost.size(), a.stats().outbound().frames(FrameFate.DROPPED_LOSS));
    return lost;
  }

  @Test
  void addingAHost_doesNotChangeTheLossesOfAnotherLink() {
    LinkParams lossy = IDEAL.withLossRate(0.3);
    List<List<Integer>> runs = new ArrayList<>();
    for (boolean withC : new boolean[] {false, true}) {
      SimNetwork net = new SimNetwork(9);
      if (withC) {
        SimHost c = net.addHost("c", C, lossy);
        net.schedule(0, () -> send(c.link(), probe(C, B, -1, 64)));
      }
      SimHost a = net.addHost("a", A, lossy, IDEAL);
      net.addHost("b", B, IDEAL);
      TapLog tap = TapLog.on(net);
      for (int i = 0; i < 200; i++) {
        int id = i;
        net.schedule(i, () -> send(a.link(), probe(A, B, id, 64)));
      }
      net.runUntilIdle(10_000);
      runs.add(tap.idsWithFate(FrameFate.DROPPED_LOSS).stream().filter(id -> id >= 0).toList());
    }
    assertEquals(runs.get(0), runs.get(1));
    assertTrue(runs.get(0).size() > 30, "some losses: " + runs.get(0).size());
  }

  @Test
  void linkSeed_rerollsThatLinkOnly() {
    LinkParams lossy = IDEAL.withLossRate(0.5);
    List<FrameFate> base = lossPattern(lossy, lossy);
    assertEquals(base, lossPattern(lossy, lossy));
    List<FrameFate> rerolled = lossPattern(lossy.withSeed(1), lossy);
    assertNotEquals(base.subList(0, 64), rerolled.subList(0, 64), "a's link re-rolled");
    assertEquals(base.subList(64, 128), rerolled.subList(64, 128), "c's link untouched");
  }

  /** The fates of 64 packets a sends and then 64 packets c sends, all to b. */
  private static List<FrameFate> lossPattern(LinkParams aUp, LinkParams cUp) {
    SimNetwork net = new SimNetwork(5);
    SimHost a = net.addHost("a", A, aUp, IDEAL);
    net.addHost("b", B);
    SimHost c = net.addHost("c", C, cUp, IDEAL);
    List<FrameFate> fates = new ArrayList<>();
    net.addTap(
        (t, from, to, p, fate) -> {
          if (fate.isFinal()) {
            fates.add(fate);
          }
        });
    for (SimHost h : List.of(a, c)) {
      for (int i = 0; i < 64; i++) {
        send(h.link(), probe(h.address(), B, i, 64));
      }
    }
    net.runUntilIdle(1000);
    return fates;
  }

  @Test
  void unroutableDestination_isDroppedAndCountedWithTheAddressAsLabel() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, delay(MS), IDEAL);
    TapLog tap = TapLog.on(net);

    net.schedule(0, () -> send(a.link(), probe(A, NOWHERE, 1, 64)));
    net.runUntilIdle(100);

    assertEquals(
        List.of("0 a>203.0.113.9 #1 64B SENT", "1000000 a>203.0.113.9 #1 64B DROPPED_UNROUTABLE"),
        tap.lines());
    assertEquals(1, a.stats().outbound().frames(FrameFate.DROPPED_UNROUTABLE));
    assertEquals(1, net.stats().frames().frames(FrameFate.DROPPED_UNROUTABLE));
  }

  @Test
  void unreadableHeader_isDroppedAsMalformedWithItsReason() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    net.addHost("b", B);
    TapLog tap = TapLog.on(net);
    byte[] ipv6ish = probe(A, B, 1, 64).toBytes();
    ipv6ish[0] = 0x60;
    byte[] truncated = new byte[10];
    truncated[0] = 0x45;

    net.schedule(
        0,
        () -> {
          send(a.link(), ipv6ish);
          send(a.link(), truncated);
        });
    net.runUntilIdle(100);

    assertEquals(2, tap.withFate(FrameFate.DROPPED_MALFORMED).size());
    assertEquals("?", tap.entries.get(0).to());
    assertEquals(
        Map.of(DropReason.UNSUPPORTED_VERSION, 1L, DropReason.TRUNCATED, 1L),
        net.stats().malformed());
    assertEquals(2, a.stats().outbound().frames(FrameFate.DROPPED_MALFORMED));
  }

  @Test
  void badChecksum_isStillRouted_theReceiverJudgesIt() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    SimHost b = net.addHost("b", B);
    byte[] packet = probe(A, B, 1, 64).toBytes();
    packet[10] ^= 0x55;
    net.schedule(0, () -> send(a.link(), packet));
    net.runUntilIdle(100);
    assertEquals(1, b.queued());
    List<byte[]> got = new ArrayList<>();
    b.link().receive((seg, off, len) -> got.add(seg.asSlice(off, len).toArray(JAVA_BYTE)), 10);
    assertArrayEquals(packet, got.get(0));
  }

  @Test
  void packetLargerThanTheDownlinkMtu_isDroppedTooBig() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    SimHost b = net.addHost("b", B, IDEAL, IDEAL.withMtu(576));
    net.schedule(
        0,
        () -> {
          send(a.link(), probe(A, B, 1, 577));
          send(a.link(), probe(A, B, 2, 576));
        });
    net.runUntilIdle(100);
    assertEquals(1, b.stats().inbound().frames(FrameFate.DROPPED_TOO_BIG));
    assertEquals(1, b.stats().inbound().frames(FrameFate.DELIVERED));
  }

  @Test
  void transmitBeyondTheUplinkMtu_isAnEngineBug() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> send(a.link(), probe(A, B, 1, 1501)));
    assertTrue(e.getMessage().contains("[1, 1500]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.link().transmit(0, (s, o, l) -> {}));
  }

  @Test
  void framesLandingAtOneInstant_arriveInOnePoll() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, delay(MS), IDEAL);
    SimHost b = net.addHost("b", B);
    RecordingNode rx = RecordingNode.on(b);
    net.schedule(
        0,
        () -> {
          send(a.link(), probe(A, B, 1, 64));
          send(a.link(), probe(A, B, 2, 64));
        });
    net.schedule(MS / 2, () -> send(a.link(), probe(A, B, 3, 64)));
    net.runUntilIdle(100);

    assertEquals(List.of(MS, MS + MS / 2), rx.polls);
    assertEquals(List.of(2, 1), rx.batches);
    assertEquals(List.of(1, 2, 3), rx.ids());
  }

  @Test
  void receive_honoursItsLimit_andTheRestWaits() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    SimHost b = net.addHost("b", B);
    net.schedule(
        0,
        () -> {
          for (int i = 0; i < 5; i++) {
            send(a.link(), probe(A, B, i, 64));
          }
        });
    net.runUntilIdle(100);
    List<Integer> ids = new ArrayList<>();
    FrameSink sink = (seg, off, len) -> ids.add(seg.get(BIG_ENDIAN_INT, off + 20));
    assertEquals(2, b.link().receive(sink, 2));
    assertEquals(3, b.queued());
    assertEquals(3, b.link().receive(sink, 10));
    assertEquals(0, b.link().receive(sink, 10));
    assertEquals(List.of(0, 1, 2, 3, 4), ids);
  }

  @Test
  void closedLink_dropsWhatArrivesAndRefusesToTransmit() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, delay(MS), IDEAL);
    SimHost b = net.addHost("b", B);
    net.schedule(0, () -> send(a.link(), probe(A, B, 1, 64)));
    b.link().close();
    b.link().close();
    net.runUntilIdle(100);
    assertEquals(1, b.stats().inbound().frames(FrameFate.DROPPED_LINK_CLOSED));
    assertThrows(IllegalStateException.class, () -> send(b.link(), probe(B, A, 2, 64)));
  }

  @Test
  void sameSeedSameScript_giveTheSameTapLog() {
    List<String> first = lossyConversation(77);
    assertEquals(first, lossyConversation(77));
    assertNotEquals(first, lossyConversation(78));
    assertTrue(first.stream().anyMatch(l -> l.endsWith("DROPPED_LOSS")), "the script has losses");
    assertTrue(first.stream().anyMatch(l -> l.endsWith("DROPPED_QUEUE_FULL")), "and queue drops");
  }

  private static List<String> lossyConversation(long seed) {
    SimNetwork net = new SimNetwork(seed);
    LinkParams wan =
        IDEAL
            .withDelay(Duration.ofMillis(3))
            .withBandwidthBitsPerSecond(10_000_000)
            .withQueueLimitBytes(4000)
            .withLossRate(0.2);
    SimHost a = net.addHost("a", A, wan);
    SimHost b = net.addHost("b", B, wan);
    SimHost c = net.addHost("c", C, wan);
    EchoNode.on(b);
    EchoNode.on(c);
    RecordingNode.on(a);
    TapLog tap = TapLog.on(net);
    for (int i = 0; i < 100; i++) {
      int id = i;
      net.schedule(
          i * 100_000L, () -> send(a.link(), probe(A, id % 2 == 0 ? B : C, id, 200 + 10 * id)));
    }
    net.runUntilIdle(10_000);
    return tap.lines();
  }

  @Test
  void hosts_mustHaveUniqueNamesAndUnicastAddresses() {
    SimNetwork net = new SimNetwork();
    net.addHost("a", A);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> net.addHost("a", B))
            .getMessage()
            .contains("'a' already exists"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> net.addHost("b", A))
            .getMessage()
            .contains("already belongs to host 'a'"));
    assertThrows(IllegalArgumentException.class, () -> net.addHost(" ", B));
    assertThrows(IllegalArgumentException.class, () -> net.addHost("z", Ipv4Address.ANY));
    assertEquals("a", net.host("a").name());
    assertEquals(List.of(net.host("a")), net.hosts());
  }
}
