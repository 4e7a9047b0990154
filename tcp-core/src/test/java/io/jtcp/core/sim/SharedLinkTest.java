package io.jtcp.core.sim;

import static io.jtcp.core.sim.Packets.A;
import static io.jtcp.core.sim.Packets.B;
import static io.jtcp.core.sim.Packets.C;
import static io.jtcp.core.sim.Packets.MS;
import static io.jtcp.core.sim.Packets.probe;
import static io.jtcp.core.sim.Packets.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A link that several hosts' packets cross together: one queue, one serializer, in virtual time.
 */
class SharedLinkTest {
  /** 1500 bytes take 1 ms at 12 Mbit/s. */
  private static final LinkParams TWELVE_MBPS =
      LinkParams.DEFAULT.withBandwidthBitsPerSecond(12_000_000);

  private final SimNetwork net = new SimNetwork(1);
  private final SimHost a = net.addHost("a", A);
  private final SimHost b = net.addHost("b", B);
  private final SimHost c = net.addHost("c", C);

  @Test
  void twoSendersThroughOneLink_serializeOneAfterTheOther() {
    SharedLink bottleneck = net.addSharedLink("bottleneck", TWELVE_MBPS);
    bottleneck.carry(a, c).carry(b, c);
    RecordingNode receiver = RecordingNode.on(c);

    net.schedule(
        0,
        () -> {
          send(a.link(), probe(A, C, 1, 1500));
          send(b.link(), probe(B, C, 2, 1500));
          send(a.link(), probe(A, C, 3, 1500));
        });
    net.runUntilIdle(100);

    assertEquals(List.of(1, 2, 3), receiver.ids(), "first come, first served across senders");
    assertEquals(List.of(1 * MS, 2 * MS, 3 * MS), receiver.times());
    assertEquals(3, bottleneck.forwarded());
  }

  @Test
  void withoutTheSharedLink_eachSenderHasTheRateToItself() {
    // The same three packets, each sender with a 12 Mbit/s uplink of its own: b's packet does not
    // wait behind a's, which is what the shared link changes.
    SimNetwork separate = new SimNetwork(1);
    SimHost sa = separate.addHost("a", A, TWELVE_MBPS, LinkParams.DEFAULT);
    SimHost sb = separate.addHost("b", B, TWELVE_MBPS, LinkParams.DEFAULT);
    RecordingNode receiver = RecordingNode.on(separate.addHost("c", C));
    separate.schedule(
        0,
        () -> {
          send(sa.link(), probe(A, C, 1, 1500));
          send(sb.link(), probe(B, C, 2, 1500));
          send(sa.link(), probe(A, C, 3, 1500));
        });
    separate.runUntilIdle(100);
    assertEquals(List.of(1 * MS, 1 * MS, 2 * MS), receiver.times());
  }

  @Test
  void theQueueIsShared_aFullQueueDropsWhicheverSenderArrives() {
    SharedLink bottleneck = net.addSharedLink("bottleneck", TWELVE_MBPS.withQueueLimitBytes(1500));
    bottleneck.carry(a, c).carry(b, c);
    RecordingNode receiver = RecordingNode.on(c);
    List<String> drops = new ArrayList<>();
    net.addTap(
        new FrameTap() {
          @Override
          public void onFrame(long time, String from, String to, byte[] packet, FrameFate fate) {}

          @Override
          public void onEvent(FrameEvent e) {
            if (e.fate().isDrop()) {
              drops.add(e.from() + " " + e.link() + " " + e.fate() + " #" + Packets.id(e.packet()));
            }
          }
        });

    // a's #1 serializes, b's #2 waits in the one-packet queue, a's #3 and b's #4 find it full.
    net.schedule(
        0,
        () -> {
          send(a.link(), probe(A, C, 1, 1500));
          send(b.link(), probe(B, C, 2, 1500));
          send(a.link(), probe(A, C, 3, 1500));
          send(b.link(), probe(B, C, 4, 1500));
        });
    net.runUntilIdle(100);

    assertEquals(List.of(1, 2), receiver.ids());
    assertEquals(
        List.of("a bottleneck DROPPED_QUEUE_FULL #3", "b bottleneck DROPPED_QUEUE_FULL #4"), drops);
    assertEquals(2, bottleneck.stats().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(1, a.stats().outbound().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(1, b.stats().outbound().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(0, c.stats().inbound().dropped(), "the drops happened before c's downlink");
    assertEquals(2, net.stats().frames().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(0, net.stats().frames().inFlight(), "every packet is accounted for");
  }

  @Test
  void onlyCarriedPairsCrossIt_theWayBackIsNotCarried() {
    SharedLink slow =
        net.addSharedLink("slow", LinkParams.DEFAULT.withDelayNanos(10 * MS)).carry(a, c);
    RecordingNode atA = RecordingNode.on(a);
    RecordingNode atB = RecordingNode.on(b);
    RecordingNode atC = RecordingNode.on(c);
    net.schedule(
        0,
        () -> {
          send(a.link(), probe(A, C, 1, 100)); // carried
          send(b.link(), probe(B, C, 2, 100)); // another sender
          send(c.link(), probe(C, A, 3, 100)); // the reverse direction
          send(a.link(), probe(A, B, 4, 100)); // another destination
        });
    net.runUntilIdle(100);
    assertEquals(List.of(2, 1), atC.ids());
    assertEquals(List.of(0L, 10 * MS), atC.times());
    assertEquals(List.of(0L), atA.times());
    assertEquals(List.of(0L), atB.times());
    assertEquals(1, slow.forwarded());
  }

  @Test
  void aPacketNoHostOwnsIsDroppedByTheRouter_beforeAnySharedLink() {
    SharedLink link = net.addSharedLink("l", TWELVE_MBPS).carry(a, c);
    net.schedule(0, () -> send(a.link(), probe(A, Packets.NOWHERE, 1, 100)));
    net.runUntilIdle(100);
    assertEquals(0, link.forwarded());
    assertEquals(1, net.stats().frames().frames(FrameFate.DROPPED_UNROUTABLE));
  }

  @Test
  void randomStreamsDeriveFromTheLinksName_soAddingOneChangesNoHostsDraws() {
    LinkParams lossy = LinkParams.DEFAULT.withLossRate(0.5);
    List<Integer> with = deliveredThroughLossyUplink(true, lossy);
    List<Integer> without = deliveredThroughLossyUplink(false, lossy);
    assertEquals(without, with);
    assertTrue(with.size() > 20 && with.size() < 80, with.toString());
  }

  private static List<Integer> deliveredThroughLossyUplink(boolean addShared, LinkParams lossy) {
    SimNetwork n = new SimNetwork(7);
    SimHost x = n.addHost("x", A, lossy, LinkParams.DEFAULT);
    SimHost y = n.addHost("y", B);
    if (addShared) {
      n.addSharedLink("bottleneck", LinkParams.DEFAULT.withLossRate(0.5));
    }
    RecordingNode r = RecordingNode.on(y);
    n.schedule(
        0,
        () -> {
          for (int i = 0; i < 100; i++) {
            send(x.link(), probe(A, B, i, 100));
          }
        });
    n.runUntilIdle(1000);
    return r.ids();
  }

  @Test
  void misuse_isRefusedWithASentence() {
    SharedLink one = net.addSharedLink("one", TWELVE_MBPS).carry(a, c);
    SharedLink two = net.addSharedLink("two", TWELVE_MBPS);
    one.carry(a, c); // again on the same link: harmless
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> two.carry(a, c));
    assertEquals("packets from a to c already cross shared link 'one'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> two.carry(a, a));
    SimHost stranger = new SimNetwork(1).addHost("stranger", Ipv4Address.parse("192.0.2.99"));
    assertThrows(IllegalArgumentException.class, () -> two.carry(a, stranger));
    assertThrows(IllegalArgumentException.class, () -> net.addSharedLink("one", TWELVE_MBPS));
    assertThrows(IllegalArgumentException.class, () -> net.addSharedLink("a/up", TWELVE_MBPS));
    assertThrows(
        IllegalArgumentException.class, () -> net.addSharedLink(SimNetwork.ROUTER, TWELVE_MBPS));
    assertThrows(IllegalArgumentException.class, () -> net.addSharedLink(" ", TWELVE_MBPS));
  }
}
