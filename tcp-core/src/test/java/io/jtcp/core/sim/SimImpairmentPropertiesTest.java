package io.jtcp.core.sim;

import static io.jtcp.core.sim.Packets.MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jtcp.core.sim.FaultyLink.Faults;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conservation under random impairment mixes, in the simulator and in {@link FaultyLink}: every
 * packet offered is accounted for — delivered (more than once only where duplication is on), or
 * dropped with a fate the links' parameters allow — and nothing changes a packet's bytes without
 * saying so.
 */
class SimImpairmentPropertiesTest {
  private static final List<String> NAMES = List.of("a", "b", "c");
  private static final List<Ipv4Address> ADDRESSES = List.of(Packets.A, Packets.B, Packets.C);

  /** Destination index for the address no host owns. */
  private static final int NOWHERE = 3;

  record Host(LinkParams up, LinkParams down) {}

  record Send(long time, int from, int to, int size) {}

  record Scenario(long seed, List<Host> hosts, List<Send> sends) {}

  private static double rate(io.jtcp.testkit.Source src, int maxPerMille) {
    return src.intIn(1, maxPerMille) / 1000.0;
  }

  /** Each impairment is on about a third of the time, so failures shrink toward ideal links. */
  private static final Gen<LinkParams> LINK =
      src -> {
        LinkParams p = LinkParams.DEFAULT;
        if (src.bool(0.5)) {
          p = p.withDelayNanos(src.longIn(1, 20 * MS));
        }
        if (src.bool(0.3)) {
          p =
              p.withJitterNanos(src.longIn(1, 10 * MS))
                  .withJitterDistribution(
                      src.bool() ? JitterDistribution.NORMAL : JitterDistribution.UNIFORM);
        }
        if (src.bool(0.4)) {
          p = p.withBandwidthBitsPerSecond(src.longIn(100_000, 1_000_000_000));
        }
        if (src.bool(0.3)) {
          p = p.withQueueLimitBytes(src.longIn(1, 20_000));
        }
        if (src.bool(0.3)) {
          p = p.withLossRate(rate(src, 300));
        }
        if (src.bool(0.3)) {
          p = p.withBurstLoss(rate(src, 300), src.intIn(1, 6));
        }
        if (src.bool(0.3)) {
          p =
              p.withReordering(
                  new Reordering(rate(src, 500), src.intIn(1, 5), src.longIn(1, 20 * MS)));
        }
        if (src.bool(0.3)) {
          p = p.withDuplicateRate(rate(src, 500));
        }
        if (src.bool(0.3)) {
          p = p.withCorruptRate(rate(src, 500));
        }
        if (src.bool(0.3)) {
          p = p.withTruncateRate(rate(src, 500));
        }
        if (src.bool(0.2)) {
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
  void simulator_everyPacketIsAccountedFor_andOnlyDuplicationDeliversTwice() {
    Property.forAll(SCENARIO).tries(400).check(SimImpairmentPropertiesTest::check);
  }

  /** Whether {@code fate}, happening on link {@code where}, is something that link can do. */
  private static boolean allowed(FrameFate fate, String where, Scenario scenario, Send send) {
    if (where.equals(SimNetwork.ROUTER)) {
      LinkParams up = scenario.hosts().get(send.from()).up();
      return switch (fate) {
        case DROPPED_MALFORMED -> up.corruptRate() > 0 || up.truncateRate() > 0;
        case DROPPED_UNROUTABLE -> send.to() == NOWHERE || up.corruptRate() > 0;
        default -> false;
      };
    }
    String host = where.substring(0, where.indexOf('/'));
    boolean uplink = where.endsWith("/up");
    Host h = scenario.hosts().get(NAMES.indexOf(host));
    LinkParams p = uplink ? h.up() : h.down();
    return switch (fate) {
      case SENT, DELIVERED -> true;
      case DROPPED_LOSS -> p.lossRate() > 0;
      case DROPPED_BURST_LOSS -> p.burstLoss().isActive();
      case DROPPED_QUEUE_FULL -> p.queueLimitBytes() > 0 && !p.unlimitedBandwidth();
      case DROPPED_TOO_BIG -> !uplink && send.size() > p.mtu();
      case DROPPED_MALFORMED, DROPPED_UNROUTABLE, DROPPED_LINK_CLOSED -> false;
      case DUPLICATED -> p.duplicateRate() > 0;
      case CORRUPTED -> p.corruptRate() > 0;
      case TRUNCATED -> p.truncateRate() > 0;
      case REORDERED -> p.reordering().isActive();
    };
  }

  private static void check(Scenario scenario) {
    SimNetwork net = new SimNetwork(scenario.seed());
    List<SimHost> hosts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Host h = scenario.hosts().get(i);
      hosts.add(net.addHost(NAMES.get(i), ADDRESSES.get(i), h.up(), h.down()));
    }
    Map<Long, List<FrameEvent>> byOriginal = new LinkedHashMap<>();
    net.addTap(
        new FrameTap() {
          @Override
          public void onFrame(long time, String from, String to, byte[] packet, FrameFate fate) {}

          @Override
          public void onEvent(FrameEvent e) {
            byOriginal.computeIfAbsent(e.original(), k -> new ArrayList<>()).add(e);
          }
        });

    List<Send> sends =
        scenario.sends().stream().sorted(Comparator.comparingLong(Send::time)).toList();
    List<byte[]> packets = new ArrayList<>();
    for (int id = 0; id < sends.size(); id++) {
      Send s = sends.get(id);
      Ipv4Address to = s.to() == NOWHERE ? Packets.NOWHERE : ADDRESSES.get(s.to());
      byte[] packet = Packets.probe(ADDRESSES.get(s.from()), to, id, s.size()).toBytes();
      packets.add(packet);
      net.schedule(s.time(), () -> Packets.send(hosts.get(s.from()).link(), packet));
    }
    net.runUntilIdle(10_000_000);

    assertEquals(sends.size(), byOriginal.size(), "one journey per packet sent");
    Map<String, List<long[]>> arrivals = new HashMap<>(); // per (sender, receiver): ids, times
    int original = 0;
    for (List<FrameEvent> events : byOriginal.values()) {
      Send s = sends.get(original);
      byte[] sent = packets.get(original);
      original++;
      FrameEvent first = events.get(0);
      assertEquals(FrameFate.SENT, first.fate());
      assertEquals(first.id(), first.original());
      assertEquals(s.time(), first.time());
      assertArrayEquals(sent, first.packet());

      Map<Long, FrameEvent> ends = new HashMap<>();
      Map<Long, Boolean> changed = new HashMap<>();
      changed.put(first.id(), false);
      boolean duplication = false;
      int delivered = 0;
      for (FrameEvent e : events.subList(1, events.size())) {
        assertTrue(
            allowed(e.fate(), e.link(), scenario, s),
            e.fate() + " on " + e.link() + " for " + s + ": " + events);
        assertFalse(e.fate() == FrameFate.SENT, "sent once");
        if (e.fate() == FrameFate.DUPLICATED) {
          duplication = true;
          assertTrue(e.isCopy());
          // A copy has its parent's bytes, changed already if the parent's were.
          assertEquals(
              null, changed.put(e.id(), !Arrays.equals(sent, e.packet())), "a new instance");
          continue;
        }
        assertTrue(changed.containsKey(e.id()), "an event of an instance that never started");
        assertFalse(ends.containsKey(e.id()), "an event after the end of #" + e.id());
        if (e.fate() == FrameFate.CORRUPTED || e.fate() == FrameFate.TRUNCATED) {
          changed.put(e.id(), true);
        }
        if (e.fate().isFinal()) {
          ends.put(e.id(), e);
        }
        if (e.fate() == FrameFate.DELIVERED) {
          delivered++;
          if (!changed.get(e.id())) {
            assertArrayEquals(sent, e.packet(), "bytes changed without an annotation");
          } else {
            assertFalse(Arrays.equals(sent, e.packet()), "an annotated change changed nothing");
          }
          assertTrue(e.time() >= s.time());
          String receiver = e.link().substring(0, e.link().indexOf('/'));
          arrivals
              .computeIfAbsent(NAMES.get(s.from()) + ">" + receiver, k -> new ArrayList<>())
              .add(new long[] {e.original(), e.time()});
        }
      }
      assertEquals(changed.keySet(), ends.keySet(), "every instance ends once: " + events);
      assertTrue(delivered <= 1 || duplication, "delivered twice without duplication: " + events);
    }

    // Without reordering on either link, a pair's packets arrive in the order they were sent.
    for (var e : arrivals.entrySet()) {
      String[] pair = e.getKey().split(">");
      LinkParams up = scenario.hosts().get(NAMES.indexOf(pair[0])).up();
      LinkParams down = scenario.hosts().get(NAMES.indexOf(pair[1])).down();
      if (up.reordering().isActive() || down.reordering().isActive()) {
        continue;
      }
      List<long[]> a = e.getValue();
      for (int i = 1; i < a.size(); i++) {
        assertTrue(a.get(i)[0] >= a.get(i - 1)[0], e.getKey() + ": #" + a.get(i)[0] + " overtook");
      }
    }

    FrameCounts total = net.stats().frames();
    assertEquals(sends.size(), total.frames(FrameFate.SENT));
    assertEquals(0, total.inFlight(), "nothing in flight when the network is idle");
    long started = 0;
    for (SimHost h : hosts) {
      HostStats st = h.stats();
      assertEquals(0, st.outbound().inFlight(), h.name());
      started += st.outbound().started();
    }
    assertEquals(total.started(), started);
    assertTrue(net.isIdle());
  }

  // ---- the decorator ----

  record LinkScenario(long seed, Faults transmit, Faults receive, List<Integer> ops) {}

  private static final Gen<Faults> FAULTS =
      src -> {
        Faults f = Faults.NONE;
        if (src.bool(0.4)) {
          f = f.withLossRate(rate(src, 300));
        }
        if (src.bool(0.4)) {
          f = f.withBurstLoss(rate(src, 300), src.intIn(1, 6));
        }
        if (src.bool(0.4)) {
          f = f.withDuplicateRate(rate(src, 500));
        }
        if (src.bool(0.4)) {
          f = f.withCorruptRate(rate(src, 500));
        }
        if (src.bool(0.4)) {
          f = f.withTruncateRate(rate(src, 500));
        }
        if (src.bool(0.4)) {
          f = f.withReordering(rate(src, 500), src.intIn(1, 5));
        }
        return f;
      };

  /**
   * Ops: 0 transmit a frame, 1 a frame arrives, 2 receive with a limit of 1, 3 receive with a limit
   * of 8, 4 flush.
   */
  private static final Gen<LinkScenario> LINK_SCENARIO =
      src ->
          new LinkScenario(
              src.longIn(0, 1000),
              FAULTS.generate(src),
              FAULTS.generate(src),
              Gens.lists(Gens.ints(0, 4), 0, 200).generate(src));

  @Test
  void faultyLink_everyFrameIsAccountedFor_inBothDirections() {
    Property.forAll(LINK_SCENARIO).tries(300).check(SimImpairmentPropertiesTest::checkLink);
  }

  private static byte[] frame(int n) {
    return Packets.probe(Packets.A, Packets.B, n, 24 + n % 100).toBytes();
  }

  private static void checkLink(LinkScenario sc) {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = new FaultyLink(inner, sc.transmit(), sc.receive(), sc.seed());
    List<byte[]> out = new ArrayList<>();
    List<byte[]> in = new ArrayList<>();
    List<byte[]> received = new ArrayList<>();
    for (int op : sc.ops()) {
      switch (op) {
        case 0 -> {
          byte[] f = frame(out.size());
          out.add(f);
          assertTrue(QueueDriver.send(link, f));
        }
        case 1 -> {
          byte[] f = frame(1000 + in.size());
          in.add(f);
          inner.arrive(f);
        }
        case 2, 3 -> {
          int limit = op == 2 ? 1 : 8;
          List<byte[]> got = QueueDriver.take(link, limit);
          assertTrue(got.size() <= limit);
          received.addAll(got);
        }
        case 4 -> link.flush();
        default -> fail("op " + op);
      }
      for (FaultyLink.Direction d : FaultyLink.Direction.values()) {
        assertEquals(link.pending(d), link.counts(d).inFlight(), d + " balance after op " + op);
      }
    }
    link.flush();
    List<byte[]> got;
    while (!(got = QueueDriver.take(link, 8)).isEmpty()) {
      received.addAll(got);
    }
    check(link.counts(FaultyLink.Direction.TRANSMIT), sc.transmit(), out, inner.sent);
    check(link.counts(FaultyLink.Direction.RECEIVE), sc.receive(), in, received);
    assertEquals(0, link.pending(FaultyLink.Direction.TRANSMIT));
    assertEquals(0, link.pending(FaultyLink.Direction.RECEIVE));
  }

  private static void check(FrameCounts c, Faults f, List<byte[]> offered, List<byte[]> passed) {
    assertEquals(offered.size(), c.frames(FrameFate.SENT));
    assertEquals(passed.size(), c.frames(FrameFate.DELIVERED));
    assertEquals(0, c.inFlight(), "all accounted for: " + c);
    assertTrue(f.lossRate() > 0 || c.frames(FrameFate.DROPPED_LOSS) == 0);
    assertTrue(f.burstLoss().isActive() || c.frames(FrameFate.DROPPED_BURST_LOSS) == 0);
    assertTrue(f.duplicateRate() > 0 || c.frames(FrameFate.DUPLICATED) == 0);
    assertTrue(f.corruptRate() > 0 || c.frames(FrameFate.CORRUPTED) == 0);
    assertTrue(f.truncateRate() > 0 || c.frames(FrameFate.TRUNCATED) == 0);
    assertTrue(f.reordering().isActive() || c.frames(FrameFate.REORDERED) == 0);
    assertEquals(0, c.frames(FrameFate.DROPPED_QUEUE_FULL));
    // Frames that arrive intact arrive at most once, unless duplication is on.
    Map<Integer, Integer> intact = new HashMap<>();
    for (byte[] p : passed) {
      int i = indexOf(offered, p);
      if (i >= 0) {
        intact.merge(i, 1, Integer::sum);
      } else {
        assertTrue(f.corruptRate() > 0 || f.truncateRate() > 0, "bytes changed silently");
      }
    }
    for (int n : intact.values()) {
      assertTrue(n == 1 || (n == 2 && f.duplicateRate() > 0), "delivered " + n + " times");
    }
  }

  private static int indexOf(List<byte[]> frames, byte[] p) {
    for (int i = 0; i < frames.size(); i++) {
      if (Arrays.equals(frames.get(i), p)) {
        return i;
      }
    }
    return -1;
  }
}
