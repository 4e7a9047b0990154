package io.jtcp.core.sim;

import static io.jtcp.core.sim.FaultyLink.Direction.RECEIVE;
import static io.jtcp.core.sim.FaultyLink.Direction.TRANSMIT;
import static io.jtcp.core.sim.Packets.A;
import static io.jtcp.core.sim.Packets.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.sim.FaultyLink.Faults;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.wire.DropReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fault-injecting decorator around a plain in-test driver. */
class FaultyLinkTest {

  /** A frame of 24 to 200 bytes whose first four bytes are {@code n}. */
  private static byte[] numbered(int n) {
    SplittableRandom r = new SplittableRandom(n);
    byte[] f = new byte[24 + r.nextInt(177)];
    r.nextBytes(f);
    ByteBuffer.wrap(f).putInt(0, n);
    return f;
  }

  private static int number(byte[] frame) {
    return ByteBuffer.wrap(frame).getInt(0);
  }

  private static List<Integer> numbers(List<byte[]> frames) {
    return frames.stream().map(FaultyLinkTest::number).toList();
  }

  /** Receives until the link has nothing more, {@code limit} frames per call. */
  private static List<byte[]> drain(FaultyLink link, int limit) {
    List<byte[]> all = new ArrayList<>();
    List<byte[]> got;
    do {
      got = QueueDriver.take(link, limit);
      assertTrue(got.size() <= limit, "receive handed over more than its limit");
      all.addAll(got);
    } while (!got.isEmpty() || link.pending(RECEIVE) > 0);
    return all;
  }

  @Test
  void noFaults_passesFramesThroughUntouched_andCountsThem() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = new FaultyLink(inner, Faults.NONE, Faults.NONE, 1);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      frames.add(numbered(i));
      assertTrue(QueueDriver.send(link, frames.get(i)));
      inner.arrive(frames.get(i));
    }
    List<byte[]> received = drain(link, 7);
    for (int i = 0; i < 50; i++) {
      assertArrayEquals(frames.get(i), inner.sent.get(i));
      assertArrayEquals(frames.get(i), received.get(i));
    }
    for (FaultyLink.Direction d : FaultyLink.Direction.values()) {
      FrameCounts c = link.counts(d);
      assertEquals(50, c.frames(FrameFate.SENT));
      assertEquals(50, c.frames(FrameFate.DELIVERED));
      assertEquals(c.bytes(FrameFate.SENT), c.bytes(FrameFate.DELIVERED));
      assertEquals(0, c.inFlight());
    }
    assertEquals(LinkType.RAW_IP, link.linkType());
    assertEquals(1500, link.mtu());
  }

  @Test
  void transmitLoss_losesItsRate_yetEveryTransmitSucceeds_asOnAWire() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onTransmit(inner, Faults.NONE.withLossRate(0.2), 1);
    for (int i = 0; i < 20_000; i++) {
      assertTrue(QueueDriver.send(link, numbered(i)));
    }
    FrameCounts c = link.counts(TRANSMIT);
    assertEquals(0.2, c.frames(FrameFate.DROPPED_LOSS) / 20_000.0, 0.01);
    assertEquals(inner.sent.size(), c.frames(FrameFate.DELIVERED));
    assertEquals(20_000, c.finished());
    List<Integer> n = numbers(inner.sent);
    for (int i = 1; i < n.size(); i++) {
      assertTrue(n.get(i) > n.get(i - 1), "loss keeps the order");
    }
  }

  @Test
  void burstLoss_onReceive_losesItsRate_inBurstsOfItsMeanLength() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onReceive(inner, Faults.NONE.withBurstLoss(0.05, 4), 2);
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      inner.arrive(numbered(i % 1000 + 1000 * (i / 1000)));
    }
    List<Integer> got = numbers(drain(link, 64));
    boolean[] lost = new boolean[n];
    Arrays.fill(lost, true);
    got.forEach(i -> lost[i] = false);
    int losses = 0;
    int bursts = 0;
    for (int i = 0; i < n; i++) {
      if (lost[i]) {
        losses++;
        bursts += i == 0 || !lost[i - 1] ? 1 : 0;
      }
    }
    assertEquals(0.05, losses / (double) n, 0.005);
    assertEquals(4.0, losses / (double) bursts, 0.3);
    assertEquals(losses, link.counts(RECEIVE).frames(FrameFate.DROPPED_BURST_LOSS));
  }

  @Test
  void duplication_onReceive_respectsTheLimit_andEachCopyFollowsItsOriginalExactly() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onReceive(inner, Faults.NONE.withDuplicateRate(0.5), 3);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      frames.add(numbered(i));
      inner.arrive(frames.get(i));
    }
    List<byte[]> got = drain(link, 1);
    FrameCounts c = link.counts(RECEIVE);
    assertEquals(0.5, c.frames(FrameFate.DUPLICATED) / 1000.0, 0.05);
    assertEquals(1000 + c.frames(FrameFate.DUPLICATED), got.size());
    int next = 0;
    for (int i = 0; i < got.size(); i++) {
      int k = number(got.get(i));
      if (k == next) {
        next++;
      } else {
        assertEquals(next - 1, k, "a copy comes right after its original");
        assertArrayEquals(got.get(i - 1), got.get(i));
      }
      assertArrayEquals(frames.get(k), got.get(i), "byte for byte, from a private buffer");
    }
    assertEquals(1000, next);
  }

  @Test
  void corruption_onTransmit_isCaughtByTheIpv4OrTcpChecksum() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onTransmit(inner, Faults.NONE.withCorruptRate(1.0), 4);
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 2000; i++) {
      byte[] payload = new byte[r.nextInt(1000)];
      r.nextBytes(payload);
      QueueDriver.send(link, Packets.tcp(A, B, i, payload));
    }
    Map<DropReason, Integer> reasons = new EnumMap<>(DropReason.class);
    for (byte[] f : inner.sent) {
      DropReason reason = Packets.tcpDropReason(f);
      assertNotNull(reason, "a corrupted frame passed the checksums");
      reasons.merge(reason, 1, Integer::sum);
    }
    assertEquals(2000, inner.sent.size());
    assertEquals(2000, link.counts(TRANSMIT).frames(FrameFate.CORRUPTED));
    assertTrue(reasons.get(DropReason.TCP_CHECKSUM) > 1500, reasons.toString());
    assertTrue(reasons.get(DropReason.IP_CHECKSUM) > 10, reasons.toString());
  }

  @Test
  void corruption_onEthernet_leavesTheEthernetHeaderAlone() {
    QueueDriver inner = new QueueDriver(LinkType.ETHERNET, 1500);
    FaultyLink link = FaultyLink.onReceive(inner, Faults.NONE.withCorruptRate(1.0), 5);
    byte[] header = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00};
    List<byte[]> ip = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ip.add(Packets.tcp(A, B, i, new byte[i]));
      byte[] frame = Arrays.copyOf(header, 14 + ip.get(i).length);
      System.arraycopy(ip.get(i), 0, frame, 14, ip.get(i).length);
      inner.arrive(frame);
    }
    List<byte[]> got = drain(link, 32);
    assertEquals(500, got.size());
    for (byte[] f : got) {
      assertArrayEquals(header, Arrays.copyOf(f, 14));
      assertNotNull(Packets.tcpDropReason(Arrays.copyOfRange(f, 14, f.length)));
    }
  }

  @Test
  void truncation_onReceive_isDroppedAsTruncatedAtParse() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onReceive(inner, Faults.NONE.withTruncateRate(1.0), 6);
    for (int i = 0; i < 1000; i++) {
      inner.arrive(Packets.tcp(A, B, i, new byte[i % 300]));
    }
    List<byte[]> got = drain(link, 10);
    assertEquals(1000, got.size());
    for (byte[] f : got) {
      assertEquals(DropReason.TRUNCATED, Packets.tcpDropReason(f));
    }
    assertEquals(1000, link.counts(RECEIVE).frames(FrameFate.TRUNCATED));
  }

  @Test
  void reordering_onTransmit_movesAHeldFrameExactlyDepthPlaces() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onTransmit(inner, Faults.NONE.withReordering(0.1, 3), 7);
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      QueueDriver.send(link, numbered(i));
    }
    int heldAtEnd = link.pending(TRANSMIT);
    link.flush();
    List<Integer> out = numbers(inner.sent);
    assertEquals(n, out.size());
    assertEquals(n, out.stream().distinct().count());
    int moved = 0;
    for (int i = 0; i < n; i++) {
      int k = out.get(i);
      int overtakers = 0;
      for (int j = Math.max(0, i - 10); j < i; j++) {
        overtakers += out.get(j) > k ? 1 : 0;
      }
      assertTrue(overtakers == 0 || overtakers == 3 || k >= n - 20, k + " moved " + overtakers);
      moved += overtakers == 3 ? 1 : 0;
    }
    long reordered = link.counts(TRANSMIT).frames(FrameFate.REORDERED);
    assertEquals(0.1, reordered / (double) n, 0.01);
    assertTrue(moved >= reordered - heldAtEnd && moved <= reordered, moved + " vs " + reordered);
  }

  @Test
  void reordering_heldFramesGoWhenTheLinkFallsIdle_inBothDirections() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link =
        new FaultyLink(
            inner, Faults.NONE.withReordering(1.0, 5), Faults.NONE.withReordering(0.5, 50), 8);
    for (int i = 0; i < 4; i++) {
      assertTrue(QueueDriver.send(link, numbered(i)), "a held frame counts as transmitted");
    }
    assertEquals(List.of(), inner.sent, "every transmitted frame is held");
    for (int i = 0; i < 10; i++) {
      inner.arrive(numbered(100 + i));
    }
    List<byte[]> got = QueueDriver.take(link, 100);
    assertEquals(10, got.size(), "the held ones go at the end of the same call");
    assertEquals(List.of(0, 1, 2, 3), numbers(inner.sent), "transmit side released, in order");
    assertEquals(0, link.pending(TRANSMIT) + link.pending(RECEIVE));
    List<Integer> n = numbers(got);
    assertNotEquals(n.stream().sorted().toList(), n, "some frames were held back");
    FrameCounts c = link.counts(RECEIVE);
    assertEquals(10, c.frames(FrameFate.DELIVERED));
    assertTrue(c.frames(FrameFate.REORDERED) > 0);
    assertEquals(0, link.counts(TRANSMIT).frames(FrameFate.REORDERED), "nothing overtook them");
  }

  @Test
  void aFrameTheWrappedDriverRefuses_isReportedToTheEngine_andCounted() {
    QueueDriver inner = new QueueDriver();
    inner.refuse = true;
    FaultyLink plain = FaultyLink.onReceive(inner, Faults.NONE.withLossRate(0.5), 9);
    assertFalse(QueueDriver.send(plain, numbered(1)), "a fault-free direction passes it through");
    assertEquals(1, plain.counts(TRANSMIT).frames(FrameFate.DROPPED_QUEUE_FULL));

    FaultyLink faulty = FaultyLink.onTransmit(inner, Faults.NONE.withDuplicateRate(1.0), 9);
    assertFalse(QueueDriver.send(faulty, numbered(2)));
    FrameCounts c = faulty.counts(TRANSMIT);
    assertEquals(2, c.frames(FrameFate.DROPPED_QUEUE_FULL), "the original and its copy");
    assertEquals(0, c.inFlight());
  }

  @Test
  void close_dropsWhatIsHeld_andClosesTheWrappedDriver() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onTransmit(inner, Faults.NONE.withReordering(1.0, 2), 10);
    QueueDriver.send(link, numbered(1));
    QueueDriver.send(link, numbered(2));
    link.close();
    link.close();
    assertTrue(inner.closed);
    assertEquals(2, link.counts(TRANSMIT).frames(FrameFate.DROPPED_LINK_CLOSED));
    assertEquals(0, link.counts(TRANSMIT).inFlight());
    assertThrows(IllegalStateException.class, () -> QueueDriver.send(link, numbered(3)));
    inner.arrive(numbered(4));
    assertEquals(0, QueueDriver.take(link, 10).size());
  }

  @Test
  void await_returnsAtOnceWhileReceivedFramesWait() {
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.onReceive(inner, Faults.NONE.withDuplicateRate(1.0), 11);
    inner.arrive(numbered(1));
    assertEquals(1, QueueDriver.take(link, 1).size());
    assertEquals(1, link.pending(RECEIVE), "the copy waits");
    link.await(1_000_000);
    assertEquals(0, inner.awaits);
    assertEquals(1, QueueDriver.take(link, 1).size());
    link.await(1_000_000);
    assertEquals(1, inner.awaits);
  }

  /** Every fault both ways; what each side saw, as numbers and hashes. */
  private static List<String> mixedRun(long seed) {
    Faults f =
        Faults.NONE
            .withLossRate(0.05)
            .withBurstLoss(0.05, 3)
            .withDuplicateRate(0.05)
            .withCorruptRate(0.05)
            .withTruncateRate(0.05)
            .withReordering(0.05, 2);
    QueueDriver inner = new QueueDriver();
    FaultyLink link = FaultyLink.bothWays(inner, f, seed);
    List<String> log = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      QueueDriver.send(link, numbered(i));
      inner.arrive(numbered(i));
      if (i % 7 == 0) {
        QueueDriver.take(link, 3).forEach(b -> log.add("rx " + Arrays.hashCode(b)));
      }
    }
    link.flush();
    drain(link, 5).forEach(b -> log.add("rx " + Arrays.hashCode(b)));
    inner.sent.forEach(b -> log.add("tx " + Arrays.hashCode(b)));
    log.add(link.counts(TRANSMIT).toString());
    log.add(link.counts(RECEIVE).toString());
    return log;
  }

  @Test
  void theSameSeed_givesTheSameFaults_andAnotherSeedOthers() {
    List<String> first = mixedRun(12);
    assertEquals(first, mixedRun(12));
    assertNotEquals(first, mixedRun(13));
  }

  @Test
  void faultsFrom_takesTheClocklessFaults_andRefusesDelayJitterAndBandwidth() {
    LinkParams p =
        LinkParams.DEFAULT
            .withLossRate(0.1)
            .withBurstLoss(0.02, 2)
            .withDuplicateRate(0.03)
            .withCorruptRate(0.04)
            .withTruncateRate(0.05)
            .withReordering(0.06, 3)
            .withMtu(9000)
            .withSeed(5);
    assertEquals(
        new Faults(
            0.1, GilbertElliott.ofBurstLoss(0.02, 2), 0.03, 0.04, 0.05, Reordering.of(0.06, 3)),
        Faults.from(p));
    assertEquals(Faults.NONE, Faults.from(LinkParams.DEFAULT));
    assertFalse(Faults.NONE.isActive());
    for (LinkParams timed :
        List.of(
            p.withDelay(Duration.ofMillis(1)),
            p.withJitter(Duration.ofMillis(1)),
            p.withBandwidthBitsPerSecond(1_000_000))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Faults.from(timed));
      assertTrue(e.getMessage().contains("only in the simulator"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Faults.NONE.withCorruptRate(1.5));
  }
}
