package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Segment by segment: what {@link ReassemblyQueue} holds, delivers, trims and drops. Offsets are
 * from the initial receive sequence number (see {@link ReceiveFixture}).
 */
class ReassemblyQueueTest {
  private static final int IRS = 1_000_000;

  @Test
  void inOrderSegment_goesStraightToTheBufferAndHoldsNoStorage() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 100);
    assertEquals(100, rx.next());
    assertTrue(rx.queue.isEmpty());
    assertEquals(0, rx.queue.storageBytes(), "no array until something arrives out of order");
    assertEquals(100, rx.queue.lastNewBytes());
    assertFalse(rx.queue.ackNow(), "in-order data may wait for a delayed ACK");
    assertEquals(100, rx.deliveredChecked());
  }

  @Test
  void hole_segmentBeyondItIsHeldAndAckedAtOnce() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200);
    assertEquals(0, rx.next());
    assertEquals("100-200", rx.held());
    assertEquals(100, rx.queue.heldBytes());
    assertEquals(100, rx.queue.lastNewBytes());
    assertTrue(rx.queue.ackNow(), "RFC 5681 §4.2: an out-of-order segment is acknowledged at once");
    assertEquals(0, rx.deliveredChecked());
  }

  @Test
  void holeThenFill_deliversEverythingInOrder() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(200, 300).data(0, 100);
    assertEquals(300, rx.next());
    assertTrue(rx.queue.isEmpty());
    assertEquals(0, rx.queue.heldBytes());
    assertTrue(rx.queue.ackNow(), "a segment that fills a hole is acknowledged at once");
    assertEquals(300, rx.deliveredChecked());
  }

  @Test
  void twoHoles_fillingTheFirstDeliversUpToTheSecond() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(300, 400).data(100, 200).data(0, 100);
    assertEquals(200, rx.next());
    assertEquals("300-400", rx.held());
    rx.data(200, 300);
    assertEquals(400, rx.next());
    assertEquals(400, rx.deliveredChecked());
  }

  @Test
  void overlappingSegments_mergeAndEachByteIsStoredOnce() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(150, 260);
    assertEquals("100-260", rx.held());
    assertEquals(160, rx.queue.heldBytes());
    assertEquals(60, rx.queue.lastNewBytes());
    rx.data(50, 120);
    assertEquals("50-260", rx.held());
    assertEquals(50, rx.queue.lastNewBytes());
    rx.data(0, 50);
    assertEquals(260, rx.next());
    assertEquals(260, rx.deliveredChecked());
  }

  @Test
  void adjacentSegments_mergeIntoOneRange() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(300, 400);
    assertEquals("100-200 300-400", rx.held());
    rx.data(200, 300);
    assertEquals("100-400", rx.held());
  }

  @Test
  void segmentBridgingRanges_mergesThemAndStoresOnlyTheGaps() {
    ReceiveFixture rx =
        new ReceiveFixture(IRS, 4096).data(100, 110).data(120, 130).data(140, 150).data(200, 210);
    rx.data(105, 145);
    assertEquals("100-150 200-210", rx.held());
    assertEquals(20, rx.queue.lastNewBytes());
    assertEquals(60, rx.queue.heldBytes());
    rx.data(0, 100).data(150, 200);
    assertEquals(210, rx.deliveredChecked());
  }

  @Test
  void duplicateOfHeldData_storesNothingNew() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(120, 180);
    assertEquals("100-200", rx.held());
    assertEquals(0, rx.queue.lastNewBytes());
    assertEquals(100, rx.queue.heldBytes());
    assertTrue(rx.queue.ackNow());
  }

  @Test
  void segmentStraddlingRcvNxt_isTrimmedAtTheFront() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 100).data(50, 150);
    assertEquals(150, rx.next());
    assertEquals(50, rx.queue.lastNewBytes());
    assertEquals(150, rx.deliveredChecked(), "the old 50 bytes are not delivered twice");
  }

  @Test
  void segmentEntirelyBeforeRcvNxt_changesNothing() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 100).data(10, 90);
    assertEquals(100, rx.next());
    assertEquals(0, rx.queue.lastNewBytes());
    assertTrue(rx.queue.isEmpty());
    assertEquals(100, rx.deliveredChecked());
  }

  @Test
  void segmentStraddlingTheWindowEnd_isTrimmedAtTheBack() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1000).data(900, 1100);
    assertEquals("900-1000", rx.held());
    assertEquals(100, rx.queue.lastNewBytes());
    assertTrue(rx.queue.ackNow());
    assertEquals("900-1000", rx.sack(), "the trimmed tail is not SACKed");
  }

  @Test
  void inOrderSegmentLongerThanTheWindow_deliversOnlyTheWindow() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1000).data(0, 1200);
    assertEquals(1000, rx.next());
    assertEquals(0, rx.ring.free());
    assertTrue(rx.queue.isEmpty());
    assertTrue(rx.queue.ackNow(), "trimmed: the sender learns the edge at once");
  }

  @Test
  void segmentBeyondTheWindow_isNotStored() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1000).data(1000, 1100);
    assertTrue(rx.queue.isEmpty());
    assertEquals(0, rx.queue.lastNewBytes());
    assertEquals("", rx.sack());
  }

  @Test
  void capacityLimit_dataBeyondTheFreeSpaceIsNotStoredNorSacked() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1000).data(0, 600); // unread: 400 bytes free
    rx.data(1000, 1100);
    assertTrue(rx.queue.isEmpty(), "1000 is RCV.NXT + free space: the window's right edge");
    assertEquals("", rx.sack());
    rx.data(700, 1100);
    assertEquals("700-1000", rx.held());
    assertEquals("700-1000", rx.sack());
    rx.read(600); // the application reads: the window's right edge moves to 1600
    rx.data(900, 1100);
    assertEquals("700-1100", rx.held());
    rx.data(600, 700);
    assertEquals(1100, rx.next());
    assertEquals(1100, rx.deliveredChecked());
  }

  @Test
  void zeroWindow_takesNoData() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 100).data(0, 100).data(100, 150).data(150, 160);
    assertEquals(100, rx.next());
    assertTrue(rx.queue.isEmpty());
  }

  @Test
  void wrapOfSequenceSpace_heldDataAcrossTwoToThe32IsDeliveredIntact() {
    ReceiveFixture rx = new ReceiveFixture(-150, 4096);
    rx.data(100, 200).data(250, 400).data(140, 260);
    assertEquals("100-400", rx.held());
    assertTrue(Integer.compareUnsigned(rx.queue.rangeStart(0), rx.queue.rangeEnd(0)) > 0);
    assertEquals("140-200 100-400", rx.sack(), "140-200 came twice: D-SACK");
    rx.data(0, 100);
    assertEquals(400, rx.next());
    assertEquals(250, rx.rcvNxt);
    assertEquals(400, rx.deliveredChecked());
  }

  @Test
  void wrapOfTheStorageArray_heldDataLappingItsEndIsDeliveredIntact() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096);
    for (int round = 0; round < 5; round++) {
      int at = rx.next();
      rx.data(at + 1000, at + 3000).data(at, at + 1000);
      rx.read(3000);
    }
    assertEquals(15_000, rx.next());
    assertEquals(4096, rx.queue.storageBytes());
    assertEquals(15_000, rx.deliveredChecked());
  }

  @Test
  void storage_growsWithTheFarthestOffsetAndTrimReleasesIt() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1 << 16).data(100, 200);
    assertEquals(4096, rx.queue.storageBytes());
    rx.data(40_000, 40_100);
    assertEquals(1 << 16, rx.queue.storageBytes());
    assertEquals("100-200 40000-40100", rx.held(), "held bytes moved to the larger array");
    rx.queue.trim();
    assertEquals(1 << 16, rx.queue.storageBytes(), "trim keeps storage while data is held");
    rx.data(0, 100).data(200, 40_000);
    assertEquals(40_100, rx.deliveredChecked());
    rx.queue.trim();
    assertEquals(0, rx.queue.storageBytes());
  }

  @Test
  void outOfOrderFin_isReachedWhenTheHoleFills() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).fin(100, 200);
    assertTrue(rx.queue.finRecorded());
    assertEquals(IRS + 200, rx.queue.finSequence());
    assertFalse(rx.queue.finReached());
    rx.data(0, 100);
    assertEquals(200, rx.next(), "RCV.NXT counts data; the caller steps over the FIN");
    assertTrue(rx.queue.finReached());
    assertEquals(200, rx.deliveredChecked());
  }

  @Test
  void pureFinBeyondAHole_isRecorded() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).fin(200, 200);
    assertTrue(rx.queue.finRecorded());
    rx.data(0, 100);
    assertTrue(rx.queue.finReached());
  }

  @Test
  void inOrderFin_isReachedAtOnce() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).fin(0, 10);
    assertEquals(10, rx.next());
    assertTrue(rx.queue.finReached());
  }

  @Test
  void finOnATrimmedSegment_isDroppedWithTheTail() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1000).fin(900, 1001);
    assertFalse(rx.queue.finRecorded(), "RFC 9293 §3.10.7.4 trims the FIN with the data");
    assertEquals("900-1000", rx.held());
  }

  @Test
  void finAtTheWindowsRightEdge_isKept() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1000).fin(900, 1000);
    assertTrue(rx.queue.finRecorded(), "a FIN takes no buffer space");
    rx.data(0, 900);
    assertTrue(rx.queue.finReached());
    ReceiveFixture full = new ReceiveFixture(IRS, 100).data(0, 100).fin(100, 100);
    assertTrue(full.queue.finReached(), "a FIN on a zero window, as Linux takes it");
  }

  @Test
  void dataBeyondARecordedFin_isTrimmed() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).fin(100, 200).data(150, 300);
    assertEquals("100-200", rx.held());
    assertEquals(0, rx.queue.lastNewBytes());
  }

  @Test
  void finBeforeHeldData_isIgnored() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(300, 400).fin(100, 200);
    assertFalse(rx.queue.finRecorded(), "a FIN before data already held contradicts it");
    assertEquals("100-200 300-400", rx.held());
  }

  @Test
  void secondFinElsewhere_isIgnored() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).fin(100, 200).fin(50, 150);
    assertEquals(IRS + 200, rx.queue.finSequence());
  }

  @Test
  void rangeLimit_isolatedSegmentIsDroppedButMergingAndInOrderDataAreTaken() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096, 2).data(100, 200).data(300, 400);
    rx.fin(500, 600);
    assertEquals("100-200 300-400", rx.held(), "a third range would exceed the limit");
    assertFalse(rx.queue.finRecorded(), "the FIN goes with its dropped segment");
    assertEquals(0, rx.queue.lastNewBytes());
    assertTrue(rx.queue.ackNow());
    assertEquals("300-400 100-200", rx.sack(), "nor is it SACKed");
    rx.data(200, 250);
    assertEquals("100-250 300-400", rx.held(), "touching a range needs no new one");
    rx.data(0, 50);
    assertEquals(50, rx.next(), "data at RCV.NXT is always taken");
    rx.data(50, 100).data(250, 300);
    assertEquals(400, rx.deliveredChecked());
  }

  @Test
  void insertThenDrainInto_doesWhatReceiveDoes() {
    ReassemblyQueue q = new ReassemblyQueue(4096);
    ByteRing ring = new ByteRing(4096);
    int rcvNxt = IRS;
    assertEquals(
        100,
        q.insert(
            IRS + 100,
            ReceiveFixture.payload(IRS + 100, 100),
            3,
            100,
            true,
            rcvNxt,
            rcvNxt + ring.free()));
    assertEquals(
        100,
        q.insert(
            IRS, ReceiveFixture.payload(IRS, 100), 3, 100, false, rcvNxt, rcvNxt + ring.free()));
    assertEquals(1, q.rangeCount(), "held, not yet delivered: one range from RCV.NXT");
    assertEquals(IRS, q.rangeStart(0));
    rcvNxt = q.drainInto(ring, rcvNxt);
    assertEquals(IRS + 200, rcvNxt);
    assertTrue(q.finReached());
    byte[] got = new byte[200];
    assertEquals(200, ring.read(got, 0, 200));
    for (int i = 0; i < 200; i++) {
      assertEquals(ReceiveFixture.byteAt(IRS + i), got[i]);
    }
  }

  @Test
  void windowEndBeyondTheLimit_isCutAtTheLimit() {
    ReassemblyQueue q = new ReassemblyQueue(1000);
    q.insert(IRS + 900, ReceiveFixture.payload(IRS + 900, 200), 3, 200, true, IRS, IRS + 5000);
    assertEquals(IRS + 1000, q.rangeEnd(0), "held data never reaches past RCV.NXT + limit");
    assertEquals(100, q.lastNewBytes());
    assertFalse(q.finRecorded());
  }

  @Test
  void drainInto_movesOnlyWhatTheRingHasRoomFor() {
    ReassemblyQueue q = new ReassemblyQueue(4096);
    ByteRing ring = new ByteRing(150);
    q.insert(IRS, ReceiveFixture.payload(IRS, 200), 3, 200, false, IRS, IRS + 4096);
    assertEquals(IRS + 150, q.drainInto(ring, IRS));
    assertEquals(50, q.heldBytes());
    ring.drop(150);
    assertEquals(IRS + 200, q.drainInto(ring, IRS + 150));
    assertTrue(q.isEmpty());
  }

  @Test
  void rcvNxtAdvancedElsewhere_dropsHeldBytesBelowIt() {
    ReassemblyQueue q = new ReassemblyQueue(4096);
    ByteRing ring = new ByteRing(4096);
    q.insert(IRS + 100, ReceiveFixture.payload(IRS + 100, 100), 3, 100, false, IRS, IRS + 4096);
    q.insert(IRS + 300, ReceiveFixture.payload(IRS + 300, 100), 3, 100, false, IRS, IRS + 4096);
    assertEquals(IRS + 250, q.drainInto(ring, IRS + 250));
    assertEquals(1, q.rangeCount());
    assertEquals(IRS + 300, q.rangeStart(0));
    assertEquals(100, q.heldBytes());
    assertEquals(0, ring.size());
    assertEquals(IRS + 400, q.drainInto(ring, IRS + 320));
    assertEquals(80, ring.size());
  }

  @Test
  void steadyStateLossAndRecovery_allocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ReassemblyQueue q = new ReassemblyQueue(1 << 16);
    ByteRing ring = new ByteRing(1 << 16);
    MemorySegment src = MemorySegment.ofArray(new byte[1460]);
    byte[] sink = new byte[1 << 16];
    int[] lefts = new int[4];
    int[] rights = new int[4];
    int[] rcvNxt = {-50_000}; // crosses 2^32
    Runnable round =
        () -> {
          for (int i = 0; i < 2000; i++) {
            int s = rcvNxt[0];
            rcvNxt[0] = q.receive(s + 1460, src, 0, 1460, false, rcvNxt[0], ring);
            rcvNxt[0] = q.receive(s + 2920, src, 0, 1460, false, rcvNxt[0], ring);
            q.fillSack(lefts, rights, 3);
            rcvNxt[0] = q.receive(s + 2920, src, 0, 1460, false, rcvNxt[0], ring);
            q.fillSack(lefts, rights, 3);
            rcvNxt[0] = q.receive(s, src, 0, 1460, false, rcvNxt[0], ring);
            ring.read(sink, 0, ring.size());
            q.unacceptable(s, 100, rcvNxt[0]);
            q.fillSack(lefts, rights, 4);
          }
        };
    round.run(); // the arrays reach their working size
    long before = threads.getCurrentThreadAllocatedBytes();
    round.run();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(0, allocated, "bytes allocated by 8000 segments and 6000 SACK fills");
    assertEquals(-50_000 + 2 * 2000 * 4380, rcvNxt[0]);
  }

  @Test
  void rcvNxtGoingBack_isAProgrammingError() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200);
    assertThrows(IllegalArgumentException.class, () -> rx.queue.drainInto(rx.ring, IRS - 1));
  }

  @Test
  void clear_forgetsDataFinAndDsack() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).fin(100, 200).data(150, 160);
    assertTrue(rx.queue.dsackPending());
    rx.queue.clear();
    assertTrue(rx.queue.isEmpty());
    assertFalse(rx.queue.finRecorded());
    assertFalse(rx.queue.dsackPending());
    assertEquals(0, rx.queue.heldBytes());
  }
}
