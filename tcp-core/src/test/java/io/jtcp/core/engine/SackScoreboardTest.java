package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scoreboard's RFC 6675 §4 routines on scripted ACKs. Every scenario is written in offsets from
 * a base sequence number and runs at three bases: an ordinary one, one where the outstanding window
 * crosses 2<sup>32</sup> → 0, and one where it crosses 2<sup>31</sup> (where signed ints overflow).
 * SMSS is 1000 throughout, so "segment k" is [1000k, 1000k+1000).
 */
class SackScoreboardTest {
  static final int SMSS = 1000;

  /** A scoreboard whose sequence numbers are offsets from {@code base}. */
  static final class Board {
    final int base;
    final SackScoreboard sb;

    Board(int base) {
      this(base, SackScoreboard.DEFAULT_MAX_RANGES);
    }

    Board(int base, int maxRanges) {
      this.base = base;
      this.sb = new SackScoreboard(base, SMSS, maxRanges);
    }

    /** Sends up to offset {@code max} (new data) without an ACK. */
    Board send(int max) {
      sb.sent(sb.highData(), base + max - sb.highData());
      return this;
    }

    /** An ACK of {@code ack} with SND.MAX = {@code max} and blocks given as offset pairs. */
    Board ack(int ack, int max, int... edges) {
      int[] abs = new int[edges.length];
      for (int i = 0; i < edges.length; i++) {
        abs[i] = base + edges[i];
      }
      sb.update(base + ack, base + max, abs, edges.length / 2);
      return this;
    }

    boolean lost(int off) {
      return sb.isLost(base + off);
    }

    boolean sacked(int off) {
      return sb.isSacked(base + off);
    }

    String next(int newDataAllowed) {
      return rel(sb.nextSeg(newDataAllowed));
    }

    /** A NextSeg answer with offsets instead of absolute sequence numbers. */
    String rel(long seg) {
      if (seg == NextSeg.NONE) {
        return "NONE";
      }
      int s = NextSeg.seq(seg) - base;
      return NextSeg.kindName(NextSeg.kind(seg)) + "[" + s + "," + (s + NextSeg.len(seg)) + ")";
    }

    String ranges() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < sb.rangeCount(); i++) {
        b.append(i == 0 ? "" : " ")
            .append('[')
            .append(sb.rangeLeft(i) - base)
            .append(',')
            .append(sb.rangeRight(i) - base)
            .append(')');
      }
      return b.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Update(): recording, merging, clearing

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void update_blocksMergeWhenTheyOverlapOrTouch(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 5000, 6000);
    assertEquals(1000, b.sb.newlySacked());
    b.ack(0, 10_000, 2000, 3000, 5000, 6000); // most recent first, the old block repeated
    assertEquals(1000, b.sb.newlySacked());
    assertEquals("[2000,3000) [5000,6000)", b.ranges());
    b.ack(0, 10_000, 3000, 4000, 2000, 3000); // touches [2000,3000): one island
    assertEquals("[2000,4000) [5000,6000)", b.ranges());
    b.ack(0, 10_000, 3500, 5500); // bridges both
    assertEquals(1000, b.sb.newlySacked());
    assertEquals("[2000,6000)", b.ranges());
    assertEquals(4000, b.sb.sackedBytes());
    b.ack(0, 10_000, 1000, 7000, 8000, 9000); // swallows it, and one more island
    assertEquals(3000, b.sb.newlySacked());
    assertEquals("[1000,7000) [8000,9000)", b.ranges());
    assertEquals(7000, b.sb.sackedBytes());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void update_cumulativeAckClearsBelowUnaAndTrimsAStraddlingRange(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 3000, 5000, 6000, 7000);
    b.ack(4000, 10_000); // a receiver that reneged on [3000,4000), or a retransmission filled it
    assertEquals(4000, b.sb.newlyAcked());
    assertEquals(1000, b.sb.cumAckedSacked(), "[3000,4000) had been SACKed");
    assertEquals(3000, b.sb.delivered());
    assertEquals("[4000,5000) [6000,7000)", b.ranges());
    assertTrue(b.sb.renegingSuspected(), "the receiver holds SND.UNA");
    b.ack(7000, 10_000);
    assertEquals("", b.ranges());
    assertEquals(0, b.sb.sackedBytes());
    assertEquals(2000, b.sb.cumAckedSacked());
    assertEquals(1000, b.sb.delivered(), "only [5000,6000) is news");
    assertEquals(base + 7000, b.sb.highAck());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void update_peerCumulativelyAcksSackedDataItHeld(int base) {
    // Segment 0 lost, 1-4 SACKed, then the retransmission of 0 arrives: the ACK jumps to 5000.
    Board b = new Board(base).send(5000);
    b.ack(0, 5000, 1000, 5000);
    assertEquals(4000, b.sb.delivered());
    b.ack(5000, 5000);
    assertEquals(5000, b.sb.newlyAcked());
    assertEquals(4000, b.sb.cumAckedSacked());
    assertEquals(1000, b.sb.delivered(), "SACKed octets are not delivered twice");
    assertEquals(0, b.sb.pipe());
    assertFalse(b.sb.renegingSuspected());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void update_ignoresMalformedAndOutOfWindowBlocks(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(
        2000, 10_000, 5000, 5000, // left == right (after a valid first block: see below)
        6000, 5000, // left > right
        9000, 10_001, // beyond SND.MAX
        1500, 2500); // straddles SND.UNA
    assertEquals(4, b.sb.ignoredBlocks());
    assertFalse(b.sb.dsack(), "a malformed first block is no D-SACK");
    assertEquals("", b.ranges());
    b.ack(2000, 10_000, 4000, 5000, 2000 - 1, 3000, 10_000, 10_001, 8000, 10_000);
    assertEquals(2, b.sb.ignoredBlocks());
    assertEquals("[4000,5000) [8000,10000)", b.ranges());
    int far = Integer.MIN_VALUE; // 2^31 away: ordered neither way
    b.sb.update(base + 2000, base + 10_000, new int[] {base + far, base + far + 10}, 1);
    assertEquals(1, b.sb.ignoredBlocks());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void update_oldAckStillCountsItsBlocks(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(3000, 10_000);
    b.ack(2000, 10_000, 5000, 6000); // reordered ACK from the past, carrying a block that is new
    assertEquals(0, b.sb.newlyAcked());
    assertEquals(1000, b.sb.newlySacked());
    assertEquals(base + 3000, b.sb.highAck());
  }

  // ---------------------------------------------------------------------------------------------
  // D-SACK (RFC 2883)

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void dsack_firstBlockBelowTheCumulativeAck(int base) {
    // RFC 2883 §4.1.1: ACKs lost, the sender retransmits 3000-3499; ACK 4000, SACK 3000-3500.
    Board b = new Board(base).send(4000);
    b.ack(4000, 4000, 3000, 3500);
    assertTrue(b.sb.dsack());
    assertEquals(base + 3000, b.sb.dsackLeft());
    assertEquals(base + 3500, b.sb.dsackRight());
    assertEquals(0, b.sb.ignoredBlocks());
    assertEquals(0, b.sb.sackedBytes());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void dsack_firstBlockInsideTheSecond(int base) {
    // RFC 2883 §4.1.2-like: 3000-3499 lost, 3500-3999 arrives twice: SACK 3500-4000 (D), 3500-4500.
    Board b = new Board(base).send(5000);
    b.ack(3000, 5000, 3500, 4000);
    assertFalse(b.sb.dsack());
    b.ack(3000, 5000, 3500, 4000, 3500, 4500);
    assertTrue(b.sb.dsack());
    assertEquals(base + 3500, b.sb.dsackLeft());
    assertEquals(500, b.sb.newlySacked(), "the second block still counts");
    assertEquals("[3500,4500)", b.ranges());
    b.ack(3000, 5000, 4000, 4500, 3500, 4000); // disjoint: no D-SACK
    assertFalse(b.sb.dsack());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void dsack_farBelowOrAboveWhatWasSent_isIgnored(int base) {
    Board b = new Board(base).send(5000);
    b.ack(3000, 5000, -(1 << 30) - 1, 0); // below the ACK, but more than 2^30 below SND.MAX
    assertFalse(b.sb.dsack());
    assertEquals(1, b.sb.ignoredBlocks());
    b.ack(3000, 5000, 4000, 6000, 3500, 7000); // "inside the second", but never sent
    assertFalse(b.sb.dsack());
    assertEquals(2, b.sb.ignoredBlocks());
    b.ack(3000, 5000, 5000 - (1 << 30), 2000); // just within reach
    assertTrue(b.sb.dsack());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void dsack_onlyTheFirstBlockCanBeOne(int base) {
    Board b = new Board(base).send(5000);
    b.ack(3000, 5000, 4000, 4500, 1000, 2000); // a second block below the ACK is just invalid
    assertFalse(b.sb.dsack());
    assertEquals(1, b.sb.ignoredBlocks());
  }

  // ---------------------------------------------------------------------------------------------
  // IsLost()

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void isLost_lossOfTheFirstSegment(int base) {
    // Ten segments; segment 0 is lost; 1, 2, 3 arrive one by one.
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 1000, 2000);
    assertFalse(b.lost(0));
    assertEquals(0, b.sb.newlyLost());
    b.ack(0, 10_000, 1000, 3000);
    assertFalse(b.lost(0), "exactly (DupThresh-1)·SMSS above: not more than");
    b.ack(0, 10_000, 1000, 4000);
    assertTrue(b.lost(0));
    assertTrue(b.lost(999));
    assertFalse(b.lost(1000), "SACKed");
    assertFalse(b.lost(4000), "nothing SACKed above");
    assertEquals(1000, b.sb.newlyLost());
    assertEquals(1000, b.sb.lostBytes());
    // RFC 6675 SetPipe: 10 000 - 3000 SACKed - 1000 lost.
    assertEquals(6000, b.sb.pipe());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void isLost_threeDiscontiguousIslandsOfSmallSegments(int base) {
    Board b = new Board(base).send(1000);
    b.ack(0, 1000, 100, 200, 300, 400); // two islands of 100 octets
    assertFalse(b.lost(0));
    b.ack(0, 1000, 500, 600);
    assertTrue(b.lost(0), "three islands above");
    assertFalse(b.lost(200), "[200,300) has two islands, 200 octets above");
    assertFalse(b.lost(400));
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void isLost_contiguousSmallSegmentsCountAsOneIsland(int base) {
    // RFC 6675 §5 (2.a)'s note: several small segments SACKed as one island do not make IsLost()
    // true; the duplicate-ACK count covers that case.
    Board b = new Board(base).send(1000);
    b.ack(0, 1000, 100, 200);
    b.ack(0, 1000, 100, 300);
    b.ack(0, 1000, 100, 400);
    assertFalse(b.lost(0));
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void isLost_multipleHoles(int base) {
    // Holes [0,1000), [2000,3000), [5000,6000), [8000,9000); islands above each: 4, 3, 2, 1.
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 1000, 2000, 3000, 5000, 6000, 8000, 9000, 9500);
    assertTrue(b.lost(0));
    assertTrue(b.lost(2000));
    assertTrue(b.lost(5000), "two islands, but 2500 > 2000 octets above");
    assertFalse(b.lost(8000), "one island of 500 octets above");
    assertFalse(b.lost(9500), "above every SACK");
    assertEquals(3000, b.sb.lostBytes());
    assertEquals(3000, b.sb.newlyLost());
    // unSACKed 10 000 - 5500 = 4500; lost 3000.
    assertEquals(1500, b.sb.pipe());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void isLost_falseOutsideTheOutstandingWindow(int base) {
    Board b = new Board(base).send(5000);
    b.ack(1000, 5000, 2000, 5000);
    assertTrue(b.lost(1000));
    assertFalse(b.lost(999), "acknowledged");
    assertFalse(b.lost(5000), "never sent");
    assertFalse(b.lost(-1_000_000));
  }

  @Test
  void isLost_followsSmss() {
    Board b = new Board(0).send(10_000);
    b.ack(0, 10_000, 1000, 2500);
    assertFalse(b.lost(0));
    b.sb.setSmss(700); // 1500 > 2·700
    assertTrue(b.lost(0));
  }

  // ---------------------------------------------------------------------------------------------
  // SetPipe()

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void pipe_retransmittedOctetsCountAgain(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 1000, 4000, 5000, 6000); // [0,1000) lost; [4000,5000) not lost (1 island)
    assertEquals(10_000 - 4000 - 1000, b.sb.pipe());
    b.sb.beginRecovery();
    b.sb.fastRetransmitted(base + 1000);
    assertEquals(6000, b.sb.pipe(), "a lost octet retransmitted counts once");
    b.sb.retransmitted(base + 4000, 1000); // rule (3): not lost, retransmitted: counts twice
    assertEquals(7000, b.sb.pipe());
    assertEquals(base + 5000, b.sb.highRxt());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void pipe_retransmittedSackedOctetsDoNotCount(int base) {
    Board b = new Board(base).send(6000);
    b.ack(0, 6000, 1000, 5000);
    b.sb.beginRecovery();
    b.sb.retransmitted(base, 5000); // a retransmission that covers SACKed data
    assertEquals(1000 + 1000, b.sb.pipe(), "[0,1000) once; [5000,6000) not lost, not resent");
  }

  // ---------------------------------------------------------------------------------------------
  // NextSeg()

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void nextSeg_rule1_lostHolesInOrderAboveHighRxt(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 1500, 2000, 3000, 5000, 6000, 8000, 9000, 9500);
    b.sb.beginRecovery();
    assertEquals("LOST[0,1000)", b.next(0), "at most SMSS");
    b.sb.retransmitted(base, 1000);
    assertEquals("LOST[1000,1500)", b.next(0), "stops at SACKed data");
    b.sb.retransmitted(base + 1000, 500);
    assertEquals("LOST[2000,3000)", b.next(5000), "rule (1) before new data");
    b.sb.retransmitted(base + 2000, 1000);
    assertEquals("LOST[5000,6000)", b.next(0));
    b.sb.retransmitted(base + 5000, 1000);
    // [8000,9000) is not lost (one island of 500 above): new data first, then rule (3).
    assertEquals("NEW_DATA[10000,10500)", b.next(500));
    assertEquals("UNSACKED[8000,9000)", b.next(0));
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void nextSeg_rule2_newDataAtHighData(int base) {
    Board b = new Board(base).send(4000);
    b.ack(0, 4000, 1000, 2000);
    b.sb.beginRecovery();
    b.sb.retransmitted(base, 1000);
    assertEquals("NEW_DATA[4000,5000)", b.next(3000));
    assertEquals("NEW_DATA[4000,4001)", b.next(1));
    b.sb.sent(base + 4000, 1000);
    assertEquals(base + 5000, b.sb.highData());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void nextSeg_rule3_unsackedBelowTheHighestSackWhenNothingElse(int base) {
    Board b = new Board(base).send(4000);
    b.ack(0, 4000, 1000, 2000); // one SACKed segment: nothing is lost
    b.sb.beginRecovery();
    assertEquals("UNSACKED[0,1000)", b.next(0));
    b.sb.retransmitted(base, 1000);
    assertEquals("RESCUE[3000,4000)", b.next(0), "RescueRxt undefined: rule (4)");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void nextSeg_rule4_oneRescuePerRecoveryAfterHighAckPassesRescueRxt(int base) {
    // Tail loss: segments 6-9 of 10 lost after 1-5 arrived with 0 lost; no new data to send.
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 1000, 6000);
    assertTrue(b.lost(0));
    b.sb.beginRecovery();
    b.sb.fastRetransmitted(base + 1000); // step 4.3: HighRxt = RescueRxt = 1000
    assertEquals("NONE", b.next(0), "HighACK has not passed RescueRxt yet");
    b.ack(6000, 10_000); // the retransmission filled the hole
    assertEquals("RESCUE[9000,10000)", b.next(0), "holds the highest unSACKed octet");
    b.sb.rescued(base + 10_000); // RescueRxt = RecoveryPoint
    assertEquals("NONE", b.next(0), "one rescue per recovery");
    assertEquals("NEW_DATA[10000,10100)", b.next(100));
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void nextSeg_rule4_rescueStopsAtSackedDataBelowTheHole(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 1000, 2000, 3000, 4000, 9600, 10_000);
    b.sb.beginRecovery();
    assertEquals("LOST[0,1000)", b.next(0), "three islands above");
    b.sb.retransmitted(base, 1000);
    assertEquals("UNSACKED[2000,3000)", b.next(0), "two islands, 1400 octets above: not lost");
    b.sb.retransmitted(base + 2000, 1000);
    assertEquals("UNSACKED[4000,5000)", b.next(0));
    b.sb.retransmitted(base + 4000, 5600); // everything below 9600 sent again
    assertEquals("RESCUE[8600,9600)", b.next(0), "ends below the SACKed top");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void firstSegmentAndNextHole(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 500, 2000, 3000, 4000);
    assertEquals("FAST_RETRANSMIT[0,500)", b.rel(b.sb.firstSegment(NextSeg.FAST_RETRANSMIT)));
    b.sb.onRto(false);
    assertEquals("RTO_RETRANSMIT[0,500)", b.rel(b.sb.nextHole(base + 10_000, 6)));
    b.sb.retransmitted(base, 500);
    assertEquals("RTO_RETRANSMIT[2000,3000)", b.rel(b.sb.nextHole(base + 10_000, 6)));
    b.sb.retransmitted(base + 2000, 1000);
    assertEquals("RTO_RETRANSMIT[4000,5000)", b.rel(b.sb.nextHole(base + 10_000, 6)));
    assertEquals("RTO_RETRANSMIT[4000,4200)", b.rel(b.sb.nextHole(base + 4200, 6)));
    assertEquals("NONE", b.rel(b.sb.nextHole(base + 4000, 6)));
  }

  // ---------------------------------------------------------------------------------------------
  // RTO (RFC 6675 §5.1)

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void rto_marksEveryUnsackedOctetLostUntilTheAckPassesIt(int base) {
    Board b = new Board(base).send(10_000);
    b.ack(0, 10_000, 1000, 2000);
    assertEquals(9000, b.sb.pipe());
    b.sb.onRto(false);
    assertEquals(9000, b.sb.newlyLost());
    assertEquals(0, b.sb.pipe(), "everything is lost, nothing retransmitted");
    assertTrue(b.lost(5000));
    b.sb.retransmitted(base, 1000);
    assertEquals(1000, b.sb.pipe());
    b.send(11_000);
    assertFalse(b.lost(10_500), "sent after the timeout");
    assertEquals(2000, b.sb.pipe());
    b.ack(10_000, 11_000);
    assertFalse(b.lost(10_000));
    assertEquals(1000, b.sb.pipe());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void rto_canForgetTheSackInformation(int base) {
    Board b = new Board(base).send(4000);
    b.ack(0, 4000, 1000, 2000);
    b.sb.onRto(true);
    assertEquals("", b.ranges());
    assertEquals(4000, b.sb.newlyLost(), "nothing was lost before; now all of it");
    assertEquals(4000, b.sb.lostBytes());
  }

  // ---------------------------------------------------------------------------------------------
  // Limits and allocation

  @Test
  void rangesBeyondTheCapAreDroppedNotRecorded() {
    Board b = new Board(0, 3).send(10_000);
    b.ack(0, 10_000, 1000, 1100, 2000, 2100, 3000, 3100, 4000, 4100);
    assertEquals(3, b.sb.rangeCount());
    assertEquals(1, b.sb.ignoredBlocks());
    b.ack(0, 10_000, 1100, 2000); // merging still works at the cap
    assertEquals("[1000,2100) [3000,3100)", b.ranges());
  }

  @Test
  void steadyStateAllocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    SackScoreboard sb = new SackScoreboard(-50_000, SMSS);
    int[] blocks = new int[8];
    long sink = 0;
    long before = 0;
    for (int round = 0; round < 2; round++) { // round 0 warms up and grows the arrays
      if (round == 1) {
        before = threads.getThreadAllocatedBytes(id);
      }
      for (int i = 0; i < 20_000; i++) {
        int una = sb.highAck();
        sb.sent(sb.highData(), 10 * SMSS + una - sb.highData() + 20 * SMSS);
        for (int k = 0; k < 4; k++) {
          blocks[2 * k] = una + (2 * k + 1) * SMSS + (i % 7) * 100;
          blocks[2 * k + 1] = blocks[2 * k] + SMSS;
        }
        sb.update(una + (i % 3 == 0 ? SMSS : 0), sb.highData(), blocks, 4);
        sb.beginRecovery();
        long seg = sb.nextSeg(i % 2 * SMSS);
        sink += NextSeg.len(seg) + sb.pipe() + (sb.isLost(una) ? 1 : 0);
        sb.retransmitted(una, SMSS);
      }
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertTrue(sink != 0);
    assertEquals(0, allocated, "bytes allocated by 20 000 ACKs in steady state");
  }
}
