package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.TcpOptions;
import io.jtcp.core.wire.TcpView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The SACK (RFC 2018 §4) and D-SACK (RFC 2883 §4) blocks {@link ReassemblyQueue#fillSack} writes
 * for the next ACK, segment by segment, including the examples of RFC 2018 §7 and RFC 2883 §4.
 * Blocks read {@code "left-right"}, offsets from the IRS, first block first.
 */
class SackBlocksTest {
  private static final int IRS = 0x7654_3210;

  /** The RFC examples' sender: 500-byte segments, RCV.NXT at 5000 before they start. */
  private static ReceiveFixture at5000() {
    return new ReceiveFixture(IRS, 1 << 16).data(0, 5000);
  }

  @Test
  void inOrderData_reportsNoBlocks() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 100).data(100, 200);
    assertEquals("", rx.sack());
  }

  @Test
  void firstSegmentLost_oneBlockGrowsWithEachArrival() {
    // RFC 2018 §7, case 2: the first of eight segments is dropped.
    ReceiveFixture rx = at5000();
    String[] expected = {
      "5500-6000", "5500-6500", "5500-7000", "5500-7500", "5500-8000", "5500-8500", "5500-9000"
    };
    for (int i = 0; i < 7; i++) {
      rx.data(5500 + 500 * i, 6000 + 500 * i);
      assertEquals(5000, rx.next());
      assertEquals(expected[i], rx.sack());
    }
  }

  @Test
  void everyOtherSegmentLost_newestBlockFirstThenTheOlderOnes() {
    // RFC 2018 §7, case 3: the 2nd, 4th, 6th and 8th segments are dropped.
    ReceiveFixture rx = at5000().data(5000, 5500);
    assertEquals(5500, rx.next());
    assertEquals("", rx.sack());
    rx.data(6000, 6500);
    assertEquals("6000-6500", rx.sack());
    rx.data(7000, 7500);
    assertEquals("7000-7500 6000-6500", rx.sack());
    rx.data(8000, 8500);
    assertEquals("8000-8500 7000-7500 6000-6500", rx.sack());
    // The 4th segment arrives late: its block, now merged, comes first.
    rx.data(6500, 7000);
    assertEquals(5500, rx.next());
    assertEquals("6000-7500 8000-8500", rx.sack());
    // Then the 2nd: RCV.NXT moves past the merged block, which is not reported again.
    rx.data(5500, 6000);
    assertEquals(7500, rx.next());
    assertEquals("8000-8500", rx.sack());
  }

  @Test
  void olderBlockExtended_movesToTheFront() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(300, 400).data(500, 600);
    assertEquals("500-600 300-400 100-200", rx.sack());
    rx.data(200, 250);
    assertEquals("100-250 500-600 300-400", rx.sack());
  }

  @Test
  void fiveHoles_fourBlocksWithoutTimestampsThreeWithThem() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096);
    for (int i = 1; i <= 5; i++) {
      rx.data(100 * i, 100 * i + 50);
    }
    assertEquals("500-550 400-450 300-350 200-250", rx.sack(4));
    assertEquals("500-550 400-450 300-350", rx.sack(3));
    assertEquals("500-550", rx.sack(1));
    assertEquals("", rx.sack(0));
  }

  @Test
  void blocksBelowRcvNxt_areNeverReported() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(300, 400).data(0, 100);
    assertEquals(200, rx.next());
    assertEquals("300-400", rx.sack());
    rx.data(200, 300);
    assertEquals("", rx.sack());
  }

  @Test
  void duplicateBelowRcvNxt_dsackReportsIt() {
    // RFC 2883 §4.1.1: both ACKs were lost, the sender retransmits 3000-3499.
    ReceiveFixture rx = new ReceiveFixture(IRS, 1 << 16).data(0, 3000);
    rx.data(3000, 3500).data(3500, 4000).data(3000, 3500);
    assertEquals(4000, rx.next());
    assertTrue(rx.queue.ackNow(), "a duplicate is acknowledged at once");
    assertEquals("3000-3500", rx.sack());
  }

  @Test
  void duplicateBelowRcvNxtWithAHole_dsackThenTheSackBlock() {
    // RFC 2883 §4.1.2: an out-of-order segment and a duplicate segment.
    ReceiveFixture rx = new ReceiveFixture(IRS, 1 << 16).data(0, 3000);
    rx.data(3000, 3500).data(3500, 4000).data(4500, 5000);
    assertEquals("4500-5000", rx.sack());
    rx.data(3000, 3500);
    assertEquals("3000-3500 4500-5000", rx.sack());
  }

  @Test
  void duplicateOfAHeldSegment_dsackThenTheBlockContainingIt() {
    // RFC 2883 §4.1.3: a duplicate of an out-of-order segment.
    ReceiveFixture rx = new ReceiveFixture(IRS, 1 << 16).data(0, 3000);
    rx.data(3000, 3500).data(3500, 4000).data(4500, 5000);
    assertEquals("4500-5000", rx.sack());
    rx.data(5000, 5500);
    assertEquals("4500-5500", rx.sack());
    rx.data(5000, 5500);
    assertEquals("5000-5500 4500-5500", rx.sack());
  }

  @Test
  void duplicateOfAnOlderHeldBlock_itsBlockComesSecond() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(300, 400).data(500, 600);
    rx.data(120, 140);
    assertEquals("120-140 100-200 500-600 300-400", rx.sack());
  }

  @Test
  void retransmissionOverlappingRcvNxt_dsackCoversOnlyTheRepeatedPart() {
    // RFC 2883 §4.2: a retransmission 1000-1999 after 1000-1499 arrived late.
    ReceiveFixture rx = new ReceiveFixture(IRS, 1 << 16).data(0, 1000);
    rx.data(2000, 2500).data(1000, 1500);
    assertEquals(1500, rx.next());
    assertEquals("2000-2500", rx.sack());
    rx.data(1000, 2000);
    assertEquals(2500, rx.next());
    assertEquals("1000-1500", rx.sack());
  }

  @Test
  void segmentRepeatingTwoSeparateHeldPieces_dsackReportsTheFirst() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(200, 300).data(400, 500);
    rx.data(250, 450);
    assertEquals("250-300 200-500", rx.sack());
  }

  @Test
  void inOrderSegmentOverlappingHeldData_dsacksTheOverlap() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(100, 200).data(0, 150);
    assertEquals(200, rx.next());
    assertEquals("100-150", rx.sack());
  }

  @Test
  void oldPartRunningIntoAHeldRange_isOneDuplicateRun() {
    ReassemblyQueue q = new ReassemblyQueue(4096);
    ByteRing ring = new ByteRing(4096);
    q.insert(IRS + 100, ReceiveFixture.payload(IRS + 100, 100), 3, 100, false, IRS, IRS + 4096);
    // RCV.NXT moved to 100 elsewhere; the held range now starts there and is not yet drained.
    q.insert(IRS + 50, ReceiveFixture.payload(IRS + 50, 100), 3, 100, false, IRS + 100, IRS + 4196);
    assertEquals(IRS + 50, q.dsackLeft());
    assertEquals(IRS + 150, q.dsackRight());
    assertEquals(IRS + 200, q.drainInto(ring, IRS + 100));
  }

  @Test
  void dsack_isReportedOnlyOnce() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 100).data(200, 300).data(0, 100);
    assertEquals("0-100 200-300", rx.sack());
    assertEquals("200-300", rx.sack(), "RFC 2883 §4 rule 2: each duplicate in one D-SACK only");
  }

  @Test
  void dsack_isReplacedByTheNextSegment() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 100).data(200, 300).data(0, 100);
    rx.data(400, 500);
    assertFalse(rx.queue.dsackPending(), "RFC 2883 §4 rule 1: only the most recent packet");
    assertEquals("400-500 200-300", rx.sack());
  }

  @Test
  void dsackWithRoomForOneBlock_isTheOnlyBlock() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 100).data(200, 300).data(0, 100);
    assertEquals("0-100", rx.sack(1));
  }

  @Test
  void fourHolesAndADuplicate_dsackTakesOneOfTheFourSlots() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 10);
    for (int i = 1; i <= 4; i++) {
      rx.data(100 * i, 100 * i + 50);
    }
    rx.data(0, 10);
    assertEquals("0-10 400-450 300-350 200-250", rx.sack(4));
  }

  @Test
  void unacceptableOldSegment_isDsacked() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 300).data(400, 500);
    rx.unacceptable(100, 200);
    assertTrue(rx.queue.ackNow());
    assertEquals("100-200 400-500", rx.sack());
    rx.unacceptable(5000, 5100);
    assertEquals("400-500", rx.sack(), "beyond the window is not a duplicate");
  }

  @Test
  void unacceptableSegment_clearsAnEarlierDsack() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 300).data(0, 10);
    assertTrue(rx.queue.dsackPending());
    rx.unacceptable(5000, 5100);
    assertFalse(rx.queue.dsackPending());
  }

  @Test
  void trimmedOrDroppedData_isNeitherSackedNorDsacked() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 1000, 1).data(100, 200).data(300, 400);
    assertEquals("100-200", rx.sack(), "the range limit dropped 300-400");
    rx.data(950, 1050);
    assertEquals("100-200", rx.sack(), "a second range is over the limit");
    rx.data(150, 1200);
    assertEquals("150-200 100-1000", rx.sack(), "only the held part repeats; the tail is cut");
  }

  @Test
  void blocksAcrossTheWrap_haveTheirEdgesInSequenceSpace() {
    ReceiveFixture rx = new ReceiveFixture(-100, 4096).data(50, 150).data(200, 300);
    int[] l = new int[4];
    int[] r = new int[4];
    assertEquals(2, rx.queue.fillSack(l, r, 4));
    assertEquals(200 - 100, l[0]);
    assertEquals(300 - 100, r[0]);
    assertEquals(-50, l[1]);
    assertEquals(50, r[1]);
  }

  @Test
  void filledBlocks_writeAnOptionTheParserReadsBack() {
    ReceiveFixture rx = new ReceiveFixture(IRS, 4096).data(0, 10);
    for (int i = 1; i <= 4; i++) {
      rx.data(100 * i, 100 * i + 50);
    }
    int[] l = new int[4];
    int[] r = new int[4];
    int n = rx.queue.fillSack(l, r, 3);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(60);
      s.set(ValueLayout.JAVA_BYTE, 12, (byte) (15 << 4)); // data offset: 60
      long p = 20;
      p += TcpOptions.writeNop(s, p);
      p += TcpOptions.writeNop(s, p);
      p += TcpOptions.writeSack(s, p, l, r, n);
      assertEquals(20 + 4 + 8 * 3, p);
      TcpView v = new TcpView();
      assertNull(v.wrapUnverified(s, 0, 60));
      assertEquals(3, v.sackBlockCount());
      assertEquals(IRS + 400, v.sackLeft(0));
      assertEquals(IRS + 450, v.sackRight(0));
    }
  }
}
