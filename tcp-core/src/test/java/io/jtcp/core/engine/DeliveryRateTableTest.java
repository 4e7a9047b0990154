package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The delivery-rate snapshot table ({@link DeliveryRate}) and the scoreboard report it walks
 * ({@link SackScoreboard#newlySackedPieces()}), without an engine: exact pieces against a byte
 * model, splits on retransmissions whose edges differ from the original's, the arrays' growth,
 * compaction and cap, and no allocation in steady state.
 */
class DeliveryRateTableTest {
  private static final long MS = 1_000_000L;

  @Test
  void newlySackedPieces_areExactlyTheOctetsTheUpdateSacked() {
    SplittableRandom r = new SplittableRandom(42);
    int base = -20_000; // across the 2^32 wrap
    for (int run = 0; run < 40; run++) {
      SackScoreboard b = new SackScoreboard(base, 100);
      int una = base;
      int max = base;
      for (int step = 0; step < 60; step++) {
        int send = r.nextInt(0, 300);
        b.sent(max, send);
        max += send;
        int window = max - una;
        BitSet before = new BitSet();
        for (int o = 0; o < window; o++) {
          before.set(o, b.isSacked(una + o));
        }
        int ack = una + (window == 0 || r.nextInt(4) > 0 ? 0 : r.nextInt(window));
        int[] blocks = new int[8];
        int n = window == 0 ? 0 : r.nextInt(5);
        for (int k = 0; k < n; k++) {
          int l = una + r.nextInt(window);
          blocks[2 * k] = l;
          blocks[2 * k + 1] = l + 1 + r.nextInt(Math.min(400, max - l));
        }
        b.update(ack, max, blocks, n);
        BitSet pieces = new BitSet();
        long sum = 0;
        for (int p = 0; p < b.newlySackedPieces(); p++) {
          int l = b.newlySackedLeft(p) - una;
          int rt = b.newlySackedRight(p) - una;
          assertTrue(l < rt, "a piece is not empty");
          assertTrue(pieces.get(l, rt).isEmpty(), "pieces are disjoint");
          pieces.set(l, rt);
          sum += rt - l;
        }
        assertEquals(b.newlySacked(), sum, "pieces add up to newlySacked()");
        for (int o = 0; o < window; o++) {
          boolean newly = una + o - b.highAck() >= 0 && b.isSacked(una + o) && !before.get(o);
          assertEquals(newly, pieces.get(o), "octet " + o + " of run " + run + " step " + step);
        }
        una = b.highAck();
      }
    }
  }

  @Test
  void retransmissionWithOtherEdges_splitsTheEntryAndOnlyItsPartIsARetransmission() {
    DeliveryRate dr = new DeliveryRate(0);
    SackScoreboard b = new SackScoreboard(0, 1000);
    dr.onSent(0, 1000, 0, true, 0);
    b.sent(0, 1000);
    dr.onSent(1000, 1000, 1000, false, MS);
    b.sent(1000, 1000);
    dr.onSent(200, 300, 2000, false, 5 * MS); // [200, 500) again, inside [0, 1000)
    assertEquals(4, dr.entries(), "[0,200) [200,500) [500,1000) [1000,2000)");
    b.update(0, 2000, new int[] {200, 500}, 1);
    dr.onAck(b, 6 * MS, 0);
    assertTrue(dr.retransmissionAcked());
    assertEquals(300, dr.delivered());
    assertEquals(0, dr.priorDelivered());
    assertEquals(6 * MS, dr.interval(), "send phase 5 ms, ACK phase 6 ms");
    assertEquals(50_000, dr.rate());
    b.update(2000, 2000, new int[0], 0);
    dr.onAck(b, 7 * MS, 0);
    assertFalse(dr.retransmissionAcked(), "the retransmitted part was delivered before");
    assertEquals(2000, dr.delivered(), "the SACKed part is not delivered twice");
    // The sample rests on [1000, 2000), sent last (at 1 ms) of what this ACK delivered.
    assertEquals(0, dr.priorDelivered());
    assertEquals(7 * MS, dr.interval());
    assertEquals(0, dr.entries());
  }

  @Test
  void intervalBelowTheMinimumRtt_noRateButThePriorDeliveredIsKnown() {
    DeliveryRate dr = new DeliveryRate(0);
    SackScoreboard b = new SackScoreboard(0, 1000);
    dr.onSent(0, 1000, 0, true, 0);
    b.sent(0, 1000);
    dr.onSent(1000, 1000, 1000, false, 0);
    b.sent(1000, 1000);
    b.update(1000, 2000, new int[0], 0);
    // 10 ms after sending, with a 50 ms path minimum: only an ACK of an earlier transmission (a
    // spurious retransmission's) can come that fast, and its rate would be too high (tcp_rate_gen).
    dr.onAck(b, 10 * MS, 50 * MS);
    assertEquals(0, dr.rate());
    assertEquals(0, dr.interval());
    assertEquals(0, dr.priorDelivered());
    assertEquals(1000, dr.delivered());
    b.update(2000, 2000, new int[0], 0);
    dr.onAck(b, 60 * MS, 50 * MS);
    assertEquals(60 * MS, dr.interval());
    assertEquals(33_333, dr.rate(), "2000 bytes in 60 ms");
  }

  @Test
  void slidingWindow_tableCompactsInsteadOfGrowing() {
    DeliveryRate dr = new DeliveryRate(0);
    SackScoreboard b = new SackScoreboard(0, 100);
    int max = 0;
    for (int i = 0; i < 100_000; i++) {
      dr.onSent(max, 100, max, max == b.highAck(), i);
      b.sent(max, 100);
      max += 100;
      if (i >= 100) {
        b.update(b.highAck() + 100, max, new int[0], 0);
        dr.onAck(b, i, 0);
      }
    }
    assertEquals(100, dr.entries());
    assertEquals(256, dr.capacity(), "100 in flight fit a table of 256 that compacts");
    assertEquals(100L * (100_000 - 100), dr.delivered());
  }

  @Test
  void beyondTheCap_newRangesFoldIntoTheLastEntry() {
    DeliveryRate dr = new DeliveryRate(0);
    SackScoreboard b = new SackScoreboard(0, 1);
    int n = DeliveryRate.MAX_ENTRIES + 1000;
    for (int i = 0; i < n; i++) {
      dr.onSent(i, 1, i, i == 0, i);
    }
    b.sent(0, n);
    assertEquals(DeliveryRate.MAX_ENTRIES, dr.capacity());
    assertEquals(DeliveryRate.MAX_ENTRIES, dr.entries());
    dr.onSent(5, 1, n, false, n); // a retransmission at the cap: no split, no growth
    assertEquals(DeliveryRate.MAX_ENTRIES, dr.entries());
    b.update(n, n, new int[0], 0);
    dr.onAck(b, n + 10, 0);
    assertEquals(n, dr.delivered());
    assertTrue(dr.retransmissionAcked());
    assertEquals(0, dr.entries());
  }

  @Test
  void randomSendsRetransmissionsSacksAndAcks_deliverEachOctetOnce() {
    SplittableRandom r = new SplittableRandom(7);
    for (int run = 0; run < 300; run++) {
      int base = r.nextInt();
      DeliveryRate dr = new DeliveryRate(0);
      SackScoreboard b = new SackScoreboard(base, 100);
      BitSet delivered = new BitSet(); // offsets from base
      int max = base;
      long now = 0;
      for (int step = 0; step < 80; step++) {
        now += r.nextInt(1, 3 * (int) MS);
        int una = b.highAck();
        switch (r.nextInt(4)) {
          case 0 -> {
            int len = r.nextInt(1, 300);
            dr.onSent(max, len, max, una == max, now);
            b.sent(max, len);
            max += len;
          }
          case 1 -> {
            if (max != una) { // a retransmission of any range, edges anywhere
              int s = una + r.nextInt(max - una);
              dr.onSent(s, 1 + r.nextInt(max - s), max, false, now);
            }
          }
          default -> {
            int ack = max == una || r.nextBoolean() ? una : una + r.nextInt(max - una + 1);
            int[] blocks = new int[8];
            int n = max == una ? 0 : r.nextInt(4);
            for (int k = 0; k < n; k++) {
              int l = una + r.nextInt(max - una);
              blocks[2 * k] = l;
              blocks[2 * k + 1] = l + 1 + r.nextInt(max - l);
            }
            b.update(ack, max, blocks, n);
            dr.onAck(b, now, 0);
            int newUna = b.highAck();
            delivered.set(una - base, newUna - base);
            for (int o = newUna; o != max; o++) {
              if (b.isSacked(o)) {
                delivered.set(o - base);
              }
            }
            assertEquals(delivered.cardinality(), dr.delivered(), "run " + run + " step " + step);
            String at = "run " + run + " step " + step + ": " + dr;
            assertTrue(dr.rate() >= 0 && dr.interval() >= 0, at);
            assertEquals(
                dr.rate() == 0, dr.interval() == 0, "a rate exactly with an interval: " + at);
            assertTrue(dr.rate() == 0 || dr.priorDelivered() >= 0, at);
            assertTrue(dr.priorDelivered() < dr.delivered(), "a sample delivers something: " + at);
          }
        }
      }
      b.update(max, max, new int[0], 0);
      dr.onAck(b, now + MS, 0);
      assertEquals(0, dr.entries(), "everything acknowledged: the table is empty");
      assertEquals(Integer.toUnsignedLong(max - base), dr.delivered());
    }
  }

  @Test
  void steadyState_samplingAndPacingAllocateNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    int smss = 1000;
    DeliveryRate dr = new DeliveryRate(0);
    SackScoreboard b = new SackScoreboard(-50_000, smss);
    Pacer pacer = new Pacer();
    int[] blocks = new int[8];
    long now = 0;
    long sink = 0;
    long before = 0;
    long least = Long.MAX_VALUE;
    int max = b.highData();
    // Round 0 warms up and grows the arrays; rounds 1-3 are measured, and the least counts. A
    // one-off allocation while the JIT settles (56 bytes, seen when other tests ran first in the
    // same JVM) may land in one round; an allocation per ACK would show in every round as 20,000
    // times its size.
    for (int round = 0; round < 4; round++) {
      if (round >= 1) {
        before = threads.getThreadAllocatedBytes(id);
      }
      for (int i = 0; i < 20_000; i++) {
        now += 10_000;
        int una = b.highAck();
        while (max - una < 40 * smss) { // keep 40 segments in flight, paced
          if (pacer.allows(125_000_000, now)) {
            sink += now;
          }
          dr.onSent(max, smss, max, una == max, now);
          pacer.sent(125_000_000, smss, smss, now);
          b.sent(max, smss);
          max += smss;
        }
        // A retransmission of half a segment (a split), then an ACK with SACK blocks.
        dr.onSent(una + smss / 2, smss / 2, max, false, now);
        for (int k = 0; k < 3; k++) {
          blocks[2 * k] = una + (2 * k + 1) * smss + (i % 5) * 100;
          blocks[2 * k + 1] = blocks[2 * k] + smss;
        }
        b.update(una + (i % 3 == 0 ? 2 * smss : 0), max, blocks, 3);
        dr.onAck(b, now, 0);
        sink += dr.rate() + dr.priorDelivered() + (dr.retransmissionAcked() ? 1 : 0);
        if (i % 50 == 49) {
          b.update(max - 10 * smss, max, blocks, 0); // the holes fill
          dr.onAck(b, now, 0);
        }
      }
      if (round >= 1) {
        least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
      }
    }
    assertTrue(sink != 0);
    assertEquals(0, least, "bytes allocated by 20 000 ACKs and their transmissions");
  }

  @Test
  void rttSendTime_datesTheOldestNewlyAckedRangeSentOnce() {
    DeliveryRate dr = new DeliveryRate(0);
    SackScoreboard b = new SackScoreboard(0, 1000);
    for (int k = 0; k < 4; k++) {
      dr.onSent(1000 * k, 1000, 1000 * k, k == 0, k * MS);
      b.sent(1000 * k, 1000);
    }
    assertEquals(-1, dr.rttSendTime(500), "nothing wholly acknowledged yet");
    assertEquals(0, dr.rttSendTime(2000), "the oldest of [0,1000) and [1000,2000)");
    // [0,1000) is SACKed first: an ACK that now covers it dates [1000,2000) instead.
    b.update(0, 4000, new int[] {0, 1000}, 1);
    dr.onAck(b, 5 * MS, 0);
    assertEquals(MS, dr.rttSendTime(2000));
  }

  @Test
  void rttSendTime_givesNothingWhenRetransmittedDataIsAcked() {
    DeliveryRate dr = new DeliveryRate(0);
    dr.onSent(0, 1000, 0, true, 0);
    dr.onSent(1000, 1000, 1000, false, MS);
    dr.onSent(0, 1000, 2000, false, 3 * MS); // [0,1000) again
    assertEquals(-1, dr.rttSendTime(1000), "Karn: the ACK may answer either transmission");
    assertEquals(-1, dr.rttSendTime(2000), "it acknowledges retransmitted data too");
  }
}
