package io.jtcp.core.sim;

import static io.jtcp.core.sim.Packets.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conservation, order and causality of the network under random link models and random traffic
 * (DESIGN.md testing pyramid, level 3).
 */
class SimNetworkPropertiesTest {
  private static final List<String> NAMES = List.of("a", "b", "c");
  private static final List<Ipv4Address> ADDRESSES = List.of(Packets.A, Packets.B, Packets.C);

  /** Destination index for the address no host owns. */
  private static final int NOWHERE = 3;

  record Host(LinkParams up, LinkParams down) {}

  record Send(long time, int from, int to, int size) {}

  record Scenario(long seed, List<Host> hosts, List<Send> sends) {}

  /** Each knob is off about a third of the time, so failures shrink toward ideal links. */
  private static final Gen<LinkParams> LINK =
      src -> {
        LinkParams p = LinkParams.DEFAULT;
        if (src.bool(0.7)) {
          p = p.withDelayNanos(src.longIn(1, 20 * MS));
        }
        if (src.bool(0.7)) {
          p = p.withBandwidthBitsPerSecond(src.longIn(100_000, 1_000_000_000));
        }
        if (src.bool(0.6)) {
          p = p.withQueueLimitBytes(src.longIn(1, 20_000));
        }
        if (src.bool(0.6)) {
          p = p.withLossRate(src.intIn(1, 500) / 1000.0);
        }
        if (src.bool(0.3)) {
          p = p.withMtu(src.intIn(LinkParams.MIN_MTU, LinkParams.DEFAULT_MTU));
        }
        return p.withSeed(src.intIn(0, 3));
      };

  private static final Gen<Host> HOST = src -> new Host(LINK.generate(src), LINK.generate(src));

  private static final Gen<Scenario> SCENARIO =
      src -> {
        long seed = src.longIn(0, 1000);
        List<Host> hosts = List.of(HOST.generate(src), HOST.generate(src), HOST.generate(src));
        Gen<Long> time =
            Gens.frequency(
                Gens.weighted(1, Gens.constant(0L)),
                Gens.weighted(2, Gens.longs(0, 10)),
                Gens.weighted(4, Gens.longs(0, 30 * MS)));
        Gen<Send> send =
            s -> {
              long at = time.generate(s);
              int from = s.intIn(0, 2);
              int to = s.intIn(0, 3);
              int size = s.intIn(24, hosts.get(from).up().mtu());
              return new Send(at, from, to, size);
            };
        return new Scenario(seed, hosts, Gens.lists(send, 0, 60).generate(src));
      };

  @Test
  void everyPacketIsDeliveredOnceOrDroppedOnce_inOrder_andNeverEarly() {
    Property.forAll(SCENARIO).tries(400).check(SimNetworkPropertiesTest::check);
  }

  private record Fate(long time, FrameFate fate, String from, String to) {}

  private static void check(Scenario scenario) {
    SimNetwork net = new SimNetwork(scenario.seed());
    List<SimHost> hosts = new ArrayList<>();
    List<RecordingNode> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Host h = scenario.hosts().get(i);
      SimHost host = net.addHost(NAMES.get(i), ADDRESSES.get(i), h.up(), h.down());
      hosts.add(host);
      nodes.add(RecordingNode.on(host));
    }
    Map<Integer, List<Fate>> fates = new HashMap<>();
    Map<String, List<RecordingNode.Arrival>> delivered = new HashMap<>();
    net.addTap(
        (time, from, to, packet, fate) -> {
          fates
              .computeIfAbsent(Packets.id(packet), id -> new ArrayList<>())
              .add(new Fate(time, fate, from, to));
          if (fate == FrameFate.DELIVERED) {
            delivered
                .computeIfAbsent(to, h -> new ArrayList<>())
                .add(new RecordingNode.Arrival(time, Ipv4Packet.parse(packet).orElseThrow()));
          }
        });

    // Ids follow the transmit order: by time, then as listed (same-time actions run FIFO).
    List<Send> sends =
        scenario.sends().stream().sorted(Comparator.comparingLong(Send::time)).toList();
    for (int id = 0; id < sends.size(); id++) {
      Send s = sends.get(id);
      Ipv4Address to = s.to() == NOWHERE ? Packets.NOWHERE : ADDRESSES.get(s.to());
      byte[] packet = Packets.probe(ADDRESSES.get(s.from()), to, id, s.size()).toBytes();
      net.schedule(s.time(), () -> Packets.send(hosts.get(s.from()).link(), packet));
    }
    net.runUntilIdle(1_000_000);

    for (int id = 0; id < sends.size(); id++) {
      Send s = sends.get(id);
      List<Fate> events = fates.getOrDefault(id, List.of());
      assertEquals(2, events.size(), "packet " + id + " is sent once and ends once: " + events);
      Fate sent = events.get(0);
      Fate end = events.get(1);
      assertEquals(FrameFate.SENT, sent.fate());
      assertEquals(s.time(), sent.time());
      assertEquals(NAMES.get(s.from()), sent.from());
      assertEquals(s.to() == NOWHERE ? "203.0.113.9" : NAMES.get(s.to()), sent.to());

      LinkParams up = scenario.hosts().get(s.from()).up();
      LinkParams down = s.to() == NOWHERE ? null : scenario.hosts().get(s.to()).down();
      switch (end.fate()) {
        case DELIVERED -> {
          assertTrue(down != null && s.size() <= down.mtu(), "delivered " + id);
          long earliest =
              s.time()
                  + up.serializationNanos(s.size())
                  + up.delayNanos()
                  + down.serializationNanos(s.size())
                  + down.delayNanos();
          assertTrue(
              end.time() >= earliest,
              "packet " + id + " arrived at " + end.time() + ", before " + earliest);
        }
        case DROPPED_LOSS ->
            assertTrue(up.lossRate() > 0 || (down != null && down.lossRate() > 0), "lost " + id);
        case DROPPED_QUEUE_FULL ->
            assertTrue(
                up.queueLimitBytes() > 0 || (down != null && down.queueLimitBytes() > 0),
                "queue-dropped " + id);
        case DROPPED_TOO_BIG -> assertTrue(down != null && s.size() > down.mtu(), "too big " + id);
        case DROPPED_UNROUTABLE -> assertEquals(NOWHERE, s.to(), "unroutable " + id);
        default -> fail("packet " + id + " ended as " + end);
      }
      if (s.to() == NOWHERE && end.fate() != FrameFate.DROPPED_UNROUTABLE) {
        assertTrue(
            end.fate() == FrameFate.DROPPED_LOSS || end.fate() == FrameFate.DROPPED_QUEUE_FULL);
      }
    }

    for (int i = 0; i < 3; i++) {
      int host = i;
      List<RecordingNode.Arrival> tapped = delivered.getOrDefault(NAMES.get(i), List.of());
      assertEquals(tapped, nodes.get(i).arrivals, "the node got what the tap saw, when it saw it");
      Map<Ipv4Address, Integer> lastFrom = new HashMap<>();
      for (RecordingNode.Arrival arrival : tapped) { // FIFO per sender: nothing here reorders
        Integer last = lastFrom.put(arrival.packet().source(), arrival.id());
        assertTrue(
            last == null || last < arrival.id(),
            "at " + NAMES.get(i) + ", packet " + arrival.id() + " overtook " + last);
      }
      assertEquals(0, hosts.get(i).queued());
      HostStats st = hosts.get(i).stats();
      assertEquals(
          sends.stream().filter(s -> s.from() == host).count(),
          st.outbound().frames(FrameFate.SENT));
      assertEquals(
          st.outbound().frames(FrameFate.SENT), st.outbound().finished(), "nothing in flight");
      assertEquals(tapped.size(), st.inbound().frames(FrameFate.DELIVERED));
    }
    NetworkStats total = net.stats();
    assertEquals(sends.size(), total.frames().frames(FrameFate.SENT));
    assertEquals(sends.size(), total.frames().finished());
    assertTrue(net.isIdle());
  }
}
