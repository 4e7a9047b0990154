package io.jtcp.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryLinkPairTest {
  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** Sends a frame of {@code length} bytes that starts with {@code n}. */
  private static boolean send(LinkDriver link, int n, int length) {
    return link.transmit(length, (seg, off, len) -> seg.set(INT, off, n));
  }

  /** Receives up to {@code limit} frames, returning their numbers. */
  private static List<Integer> receive(LinkDriver link, int limit) {
    List<Integer> got = new ArrayList<>();
    link.receive((seg, off, len) -> got.add(seg.get(INT, off)), limit);
    return got;
  }

  @Test
  void framesCrossInOrder_bothWays() {
    try (InMemoryLinkPair pair = new InMemoryLinkPair(16, 1500)) {
      for (int i = 0; i < 10; i++) {
        assertTrue(send(pair.a(), i, 100 + i));
      }
      assertTrue(send(pair.b(), 42, 60));
      assertEquals(10, pair.b().pending());
      assertEquals(List.of(0, 1, 2, 3), receive(pair.b(), 4));
      assertEquals(List.of(4, 5, 6, 7, 8, 9), receive(pair.b(), 100));
      assertEquals(List.of(), receive(pair.b(), 100));
      assertEquals(List.of(42), receive(pair.a(), 100));
      assertEquals(10, pair.a().transmitted());
      assertEquals(10, pair.b().received());
      assertEquals(1, pair.a().received());
    }
  }

  @Test
  void frameBytesAndLength_arriveIntact() {
    InMemoryLinkPair pair = new InMemoryLinkPair();
    byte[] sent = new byte[1500];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = (byte) (i * 7);
    }
    pair.a()
        .transmit(
            sent.length,
            (seg, off, len) -> MemorySegment.copy(sent, 0, seg, ValueLayout.JAVA_BYTE, off, len));
    send(pair.a(), 1, 4); // a short frame in a reused-size buffer
    List<byte[]> got = new ArrayList<>();
    FrameSink sink =
        (seg, off, len) -> got.add(seg.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE));
    assertEquals(2, pair.b().receive(sink, 10));
    assertArrayEquals(sent, got.get(0));
    assertArrayEquals(new byte[] {0, 0, 0, 1}, got.get(1));
    assertEquals(LinkType.RAW_IP, pair.a().linkType());
    assertEquals(1500, pair.b().mtu());
  }

  @Test
  void fullRing_dropsAndCounts_likeANic_untilTheReceiverDrains() {
    InMemoryLinkPair pair = new InMemoryLinkPair(3, 1500); // queues round up to 4; buffers do not
    assertTrue(send(pair.a(), 0, 64));
    assertTrue(send(pair.a(), 1, 64));
    assertTrue(send(pair.a(), 2, 64));
    assertFalse(send(pair.a(), 3, 64));
    assertFalse(send(pair.a(), 4, 64));
    assertEquals(2, pair.a().dropped());
    assertEquals(3, pair.a().transmitted());

    assertEquals(List.of(0), receive(pair.b(), 1));
    assertTrue(send(pair.a(), 5, 64));
    assertEquals(List.of(1, 2, 5), receive(pair.b(), 10));
    assertEquals(0, pair.b().dropped(), "the other direction is separate");
  }

  @Test
  void transmitReady_saysNoWhenFull_andTheReceiverWakesTheWaitingSenderOnce() {
    InMemoryLinkPair pair = new InMemoryLinkPair(2, 1500);
    AtomicLong senderWakeups = new AtomicLong();
    AtomicLong receiverWakeups = new AtomicLong();
    pair.a().setWakeup(senderWakeups::incrementAndGet);
    pair.b().setWakeup(receiverWakeups::incrementAndGet);
    assertTrue(pair.a().transmitReady());
    assertTrue(send(pair.a(), 0, 64));
    assertTrue(send(pair.a(), 1, 64));
    assertEquals(2, receiverWakeups.get(), "each frame wakes the receiver");
    assertFalse(pair.a().transmitReady());
    assertEquals(0, senderWakeups.get());

    assertEquals(List.of(0), receive(pair.b(), 1));
    assertEquals(1, senderWakeups.get(), "a buffer came back to a waiting sender");
    assertTrue(pair.a().transmitReady());
    assertEquals(List.of(1), receive(pair.b(), 1));
    assertEquals(1, senderWakeups.get(), "the sender was no longer waiting");
    assertTrue(pair.b().transmitReady(), "the other direction is separate");
    assertEquals(0, pair.a().dropped());
  }

  @Test
  void loopbackPair_carriesPacketsUpTo64KiB_whole_andOthersRefuseThem() {
    InMemoryLinkPair lo = InMemoryLinkPair.loopback(8, 1500);
    assertEquals(65_535, lo.a().segmentationOffload());
    assertTrue(lo.b().checksumOffload());
    assertEquals(1500, lo.a().mtu(), "the MTU, and so the MSS announced, is unchanged");
    byte[] sent = new byte[65_535];
    new java.util.SplittableRandom(7).nextBytes(sent);
    assertTrue(
        lo.a()
            .transmit(
                sent.length,
                (seg, off, len) ->
                    MemorySegment.copy(sent, 0, seg, ValueLayout.JAVA_BYTE, off, len)));
    send(lo.a(), 9, 40); // a small frame after a large one, in a buffer of the small size
    List<byte[]> got = new ArrayList<>();
    lo.b()
        .receive(
            (seg, off, len) -> got.add(seg.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE)), 10);
    assertEquals(2, got.size());
    assertArrayEquals(sent, got.get(0));
    assertEquals(40, got.get(1).length);
    assertThrows(IllegalArgumentException.class, () -> send(lo.a(), 0, 65_536));

    InMemoryLinkPair plain = new InMemoryLinkPair(8, 1500, true);
    assertEquals(0, plain.a().segmentationOffload());
    assertThrows(IllegalArgumentException.class, () -> send(plain.a(), 0, 1501));
    assertEquals(65_535, new InMemoryLinkPair(8, 1500, false, true).a().segmentationOffload());
  }

  @Test
  void loopbackPair_isFullOnceItHoldsCapacityMtusOfBytes_andWakesTheSenderWhenDrained() {
    InMemoryLinkPair lo = InMemoryLinkPair.loopback(4, 1500); // 6,000 bytes, or 4 frames
    AtomicLong senderWakeups = new AtomicLong();
    lo.a().setWakeup(senderWakeups::incrementAndGet);
    assertTrue(lo.a().transmitReady());
    assertTrue(send(lo.a(), 0, 5_000));
    assertTrue(lo.a().transmitReady(), "5,000 of 6,000 bytes: room for one more frame");
    assertTrue(send(lo.a(), 1, 5_000)); // crosses the limit, and is still taken
    assertFalse(lo.a().transmitReady(), "10,000 bytes queued in two of four buffers");
    assertEquals(List.of(0), receive(lo.b(), 1));
    assertEquals(1, senderWakeups.get(), "the bytes handed back woke the waiting sender");
    assertTrue(lo.a().transmitReady(), "5,000 bytes queued");
    assertEquals(List.of(1), receive(lo.b(), 1));
    for (int i = 0; i < 4; i++) {
      assertTrue(send(lo.a(), i, 100), "small frames: the frame count is what limits");
    }
    assertFalse(lo.a().transmitReady());
    assertEquals(0, lo.a().dropped());
  }

  @Test
  void writerThatThrows_losesTheFrameButNotTheBuffer() {
    InMemoryLinkPair pair = new InMemoryLinkPair(1, 1500);
    assertThrows(
        IllegalStateException.class,
        () ->
            pair.a()
                .transmit(
                    10,
                    (s, o, l) -> {
                      throw new IllegalStateException("engine bug");
                    }));
    assertTrue(send(pair.a(), 7, 10));
    assertEquals(List.of(7), receive(pair.b(), 10));
  }

  @Test
  void sinkThatThrows_stillReturnsTheBuffer() {
    InMemoryLinkPair pair = new InMemoryLinkPair(1, 1500);
    send(pair.a(), 1, 10);
    assertThrows(
        IllegalStateException.class,
        () ->
            pair.b()
                .receive(
                    (s, o, l) -> {
                      throw new IllegalStateException("engine bug");
                    },
                    1));
    assertTrue(send(pair.a(), 2, 10));
  }

  @Test
  void lengthsOutsideTheMtu_andClosedEnds_areRefused() {
    InMemoryLinkPair pair = new InMemoryLinkPair(4, 576);
    assertThrows(IllegalArgumentException.class, () -> send(pair.a(), 0, 577));
    assertThrows(IllegalArgumentException.class, () -> send(pair.a(), 0, 0));
    send(pair.a(), 0, 64);
    pair.close();
    pair.close();
    assertEquals(0, pair.b().receive((s, o, l) -> {}, 10));
    assertThrows(IllegalStateException.class, () -> send(pair.a(), 0, 64));
    assertThrows(IllegalArgumentException.class, () -> new InMemoryLinkPair(0, 1500));
    assertThrows(IllegalArgumentException.class, () -> new InMemoryLinkPair(4, 67));
  }

  @Test
  void twoThreads_transferEveryFrameInOrder() throws InterruptedException {
    int frames = 50_000;
    long spinBound = 200_000_000L; // bounded waits: a hang fails, it does not block the build
    InMemoryLinkPair pair = new InMemoryLinkPair(64, 1500);
    AtomicReference<String> producerFailure = new AtomicReference<>();
    AtomicLong refused = new AtomicLong();
    Thread producer =
        Thread.ofPlatform()
            .name("in-memory-link-producer")
            .start(
                () -> {
                  long spins = 0;
                  for (int i = 0; i < frames; i++) {
                    while (!send(pair.a(), i, 64 + i % 1000)) {
                      refused.incrementAndGet();
                      if (++spins > spinBound) {
                        producerFailure.set("producer gave up at frame " + i);
                        return;
                      }
                      Thread.onSpinWait();
                    }
                  }
                });
    List<Integer> outOfOrder = new ArrayList<>();
    int[] next = {0};
    long spins = 0;
    while (next[0] < frames && spins++ < spinBound) {
      boolean producerDone = !producer.isAlive(); // read before receiving, so nothing is missed
      int got =
          pair.b()
              .receive(
                  (seg, off, len) -> {
                    int n = seg.get(INT, off);
                    if (n != next[0] || len != 64 + n % 1000) {
                      outOfOrder.add(n);
                    }
                    next[0]++;
                  },
                  32);
      if (got == 0 && producerDone) {
        break;
      }
      Thread.onSpinWait();
    }
    producer.join();
    assertNull(producerFailure.get());
    assertEquals(frames, next[0], "frames received");
    assertEquals(List.of(), outOfOrder);
    assertEquals(frames, pair.a().transmitted());
    assertEquals(frames, pair.b().received());
    assertEquals(refused.get(), pair.a().dropped(), "every refusal is counted as a drop");
  }
}
