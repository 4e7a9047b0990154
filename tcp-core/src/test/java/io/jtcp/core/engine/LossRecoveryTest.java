package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.engine.LossRecovery.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recovery state machine on scripted ACK sequences: RFC 6675 §5 with SACK, RFC 6582 NewReno
 * without, RFC 3042 limited transmit, RFC 6675 §5.1 RTO recovery and RFC 2883/3708 D-SACK. As in
 * {@link SackScoreboardTest}, sequence numbers are offsets from a base that also puts the window
 * across 2<sup>32</sup> → 0 and 2<sup>31</sup>; SMSS is 1000 and "segment k" is [1000k,
 * 1000k+1000).
 */
class LossRecoveryTest {
  static final int SMSS = 1000;

  /** A sender driving a {@link LossRecovery} the way the engine should. */
  static final class Sender {
    final int base;
    final LossRecovery lr;

    Sender(int base, boolean sack) {
      this.base = base;
      this.lr = new LossRecovery(base, SMSS, sack);
    }

    SackScoreboard sb() {
      return lr.scoreboard();
    }

    /** New data up to offset {@code upTo}, in SMSS segments, through the ordinary send path. */
    Sender send(int upTo) {
      while (sb().highData() - base < upTo) {
        int seq = sb().highData();
        lr.onTransmit(seq, Math.min(SMSS, base + upTo - seq));
      }
      return this;
    }

    /** An ACK (a duplicate candidate per RFC 5681) with SACK blocks as offset pairs. */
    String ack(int ack, int... edges) {
      return ack(ack, true, edges);
    }

    String ack(int ack, boolean duplicateCandidate, int... edges) {
      int[] abs = new int[edges.length];
      for (int i = 0; i < edges.length; i++) {
        abs[i] = base + edges[i];
      }
      return events(
          lr.onAck(base + ack, sb().highData(), duplicateCandidate, abs, edges.length / 2));
    }

    String next(int newDataAllowed) {
      return rel(lr.nextSegment(newDataAllowed));
    }

    /** Asks for the next segment and sends it. */
    String sendNext(int newDataAllowed) {
      long seg = lr.nextSegment(newDataAllowed);
      if (seg != NextSeg.NONE) {
        lr.onSent(seg);
      }
      return rel(seg);
    }

    /** RFC 6675 §5 step (C): send while cwnd − pipe ≥ SMSS; returns what went out. */
    List<String> transmit(long cwnd, int newDataAllowed) {
      List<String> out = new ArrayList<>();
      while (cwnd - lr.pipe() >= SMSS) {
        String s = sendNext(newDataAllowed);
        if (s.equals("NONE")) {
          break;
        }
        out.add(s);
      }
      return out;
    }

    String rel(long seg) {
      if (seg == NextSeg.NONE) {
        return "NONE";
      }
      int s = NextSeg.seq(seg) - base;
      return NextSeg.kindName(NextSeg.kind(seg)) + "[" + s + "," + (s + NextSeg.len(seg)) + ")";
    }
  }

  static String events(int ev) {
    String[] names = {
      "DUP_ACK",
      "LIMITED_TRANSMIT",
      "ENTER_RECOVERY",
      "PARTIAL_ACK",
      "FIRST_PARTIAL_ACK",
      "EXIT_RECOVERY",
      "EXIT_LOSS",
      "DSACK",
      "SPURIOUS",
      "RETRANSMIT",
      "RTO_RECOVERY"
    };
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      if ((ev & 1 << i) != 0) {
        b.append(b.isEmpty() ? "" : "|").append(names[i]);
      }
    }
    assertEquals(0, ev >>> names.length, "unknown event bits");
    return b.isEmpty() ? "-" : b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // SACK: entering recovery

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_lostRetransmission_foundWhenLaterDataIsSackedAndSentAgain(int base) {
    Sender s = new Sender(base, true).send(10_000); // segment 0 is lost, then its retransmission
    s.ack(0, 1000, 2000);
    s.ack(0, 1000, 3000);
    s.ack(0, 1000, 4000);
    assertEquals("FAST_RETRANSMIT[0,1000)", s.sendNext(0));
    assertEquals("NEW_DATA[10000,11000)", s.sendNext(1000), "sent after the retransmission");
    s.ack(0, 1000, 10_000);
    assertEquals("NONE", s.next(0), "the retransmission may still arrive");
    assertEquals(0, s.lr.lostRetransmissions());
    long pipe = s.lr.pipe();
    // Segment 10 left after the retransmission and arrived first: the retransmission is lost
    // (RFC 8985 §6.2's principle), leaves the pipe and is the next thing to send.
    assertEquals("DUP_ACK", s.ack(0, 1000, 11_000));
    assertEquals(1, s.lr.lostRetransmissions());
    assertEquals(pipe - 1000 - 1000, s.lr.pipe(), "segment 10 SACKed, the retransmission lost");
    assertEquals("LOST[0,1000)", s.sendNext(0));
    assertEquals(pipe - 1000, s.lr.pipe(), "in flight again");
    assertEquals("NONE", s.next(0), "sent once, not again");
    assertEquals(2, s.lr.retransmittedSegments());
    assertEquals("EXIT_RECOVERY", s.ack(11_000));
    assertEquals(0, s.lr.rtoRecoveries(), "no timeout needed");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_thirdDuplicateAck_fastRetransmitsTheFirstSegment(int base) {
    Sender s = new Sender(base, true).send(10_000); // segment 0 is lost
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0, 1000, 2000));
    assertEquals(State.DISORDER, s.lr.state());
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0, 1000, 3000));
    assertEquals(2, s.lr.dupAcks());
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0, 1000, 4000));
    assertEquals(State.RECOVERY, s.lr.state());
    assertEquals(base + 10_000, s.lr.recoveryPoint(), "RecoveryPoint = HighData");
    assertEquals("FAST_RETRANSMIT[0,1000)", s.sendNext(0), "step 4.3, whatever cwnd says");
    assertEquals(base + 1000, s.sb().highRxt());
    assertEquals(base + 1000, s.sb().rescueRxt(), "step 4.3 sets RescueRxt too");
    // SetPipe: 6000 unSACKed not lost, plus the retransmitted 1000.
    assertEquals(7000, s.lr.pipe());
    assertEquals("NONE", s.next(0), "nothing lost above HighRxt; no rescue before HighACK moves");
    assertEquals("NEW_DATA[10000,11000)", s.next(5000));
    assertEquals(1, s.lr.fastRecoveries());
    assertEquals(1, s.lr.retransmittedSegments());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_firstAckShowingALoss_entersAtOnce(int base) {
    // Two ACKs were lost: the first to arrive SACKs three segments (step 2.b, IsLost(HighACK+1)).
    Sender s = new Sender(base, true).send(10_000);
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0, 1000, 4000));
    assertEquals(1, s.lr.dupAcks());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_smallSegments_theDuplicateCountEntersWhereIsLostCannot(int base) {
    // Step (2.a)'s note: three 100-octet segments SACKed as one island; IsLost() stays false.
    Sender s = new Sender(base, true);
    for (int i = 1; i <= 10; i++) {
      s.lr.onTransmit(s.sb().highData(), 100);
    }
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0, 100, 200));
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0, 100, 300));
    assertFalse(s.sb().isLost(base));
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0, 100, 400));
    assertEquals("FAST_RETRANSMIT[0,100)", s.sendNext(0), "the hole, not a whole SMSS");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_onlyNewSackInformationMakesADuplicate(int base) {
    Sender s = new Sender(base, true).send(10_000);
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0, 1000, 2000));
    assertEquals("-", s.ack(0, 1000, 2000), "the same block again: a window update, say");
    assertEquals("-", s.ack(0), "no blocks at all");
    assertEquals(1, s.lr.dupAcks());
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0, 1000, 2500));
    assertEquals(2, s.lr.dupAcks());
    // A cumulative ACK resets the count (step 1), and if it SACKs new data it is one (step 2).
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(500, 1000, 2600));
    assertEquals(1, s.lr.dupAcks());
    assertEquals("-", s.ack(2600));
    assertEquals(0, s.lr.dupAcks());
    assertEquals(State.OPEN, s.lr.state());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_limitedTransmit_newDataRidesOnPipe(int base) {
    // RFC 6675 (2.c): with cwnd = 10 segments all outstanding, pipe drops by the SACKed segment.
    Sender s = new Sender(base, true).send(10_000);
    assertEquals(10_000, s.lr.pipe());
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0, 1000, 2000));
    assertEquals(9000, s.lr.pipe());
    assertEquals(List.of("NEW_DATA[10000,11000)"), s.transmit(10_000, 50_000));
  }

  // ---------------------------------------------------------------------------------------------
  // SACK: during recovery

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_multipleHoles_eachLostHoleOnceThenNewData(int base) {
    // Twenty segments; 0, 5 and 10 are lost.
    Sender s = new Sender(base, true).send(20_000);
    s.ack(0, 1000, 2000);
    s.ack(0, 1000, 3000);
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0, 1000, 4000));
    assertEquals("FAST_RETRANSMIT[0,1000)", s.sendNext(0));
    s.ack(0, 1000, 5000);
    s.ack(0, 6000, 7000, 1000, 5000);
    s.ack(0, 6000, 8000, 1000, 5000);
    assertEquals("DUP_ACK", s.ack(0, 6000, 9000, 1000, 5000));
    // Segment 5 now has 3000 SACKed octets above it: IsLost. pipe = 13 000 unSACKed - 2000 lost
    // + 1000 retransmitted; with cwnd 13 000 there is room for one segment.
    assertEquals(12_000, s.lr.pipe());
    assertEquals(List.of("LOST[5000,6000)"), s.transmit(13_000, 0));
    s.ack(0, 6000, 10_000, 1000, 5000);
    s.ack(0, 11_000, 12_000, 6000, 10_000, 1000, 5000);
    s.ack(0, 11_000, 13_000, 6000, 10_000, 1000, 5000);
    assertEquals("DUP_ACK", s.ack(0, 11_000, 14_000, 6000, 10_000, 1000, 5000));
    assertEquals(8000, s.lr.pipe());
    assertEquals(List.of("LOST[10000,11000)", "NEW_DATA[20000,21000)"), s.transmit(10_000, 50_000));
    assertEquals(3, s.lr.retransmittedSegments());
    // The retransmission of 0 arrives: a partial ACK; recovery goes on.
    assertEquals("PARTIAL_ACK|FIRST_PARTIAL_ACK", s.ack(5000, 11_000, 14_000, 6000, 10_000));
    assertEquals("PARTIAL_ACK", s.ack(10_000, 11_000, 14_000));
    assertEquals(State.RECOVERY, s.lr.state());
    assertEquals("EXIT_RECOVERY", s.ack(20_000));
    assertEquals(State.OPEN, s.lr.state());
    assertEquals(base + 20_000, s.sb().highRxt(), "HighRxt back at HighACK");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_exitAtRecoveryPoint_keepsTheScoreboardAbove(int base) {
    Sender s = new Sender(base, true).send(10_000);
    s.ack(0, 1000, 4000);
    s.sendNext(0);
    assertEquals(List.of("NEW_DATA[10000,11000)", "NEW_DATA[11000,12000)"), s.transmit(9000, 2000));
    assertEquals("DUP_ACK|LIMITED_TRANSMIT|EXIT_RECOVERY", s.ack(10_000, 11_000, 12_000));
    assertEquals(1000, s.sb().sackedBytes(), "RFC 6675 (A): SACK information above is kept");
    assertEquals(State.DISORDER, s.lr.state());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_theFullAckCanStartTheNextRecovery(int base) {
    Sender s = new Sender(base, true).send(10_000);
    s.ack(0, 1000, 4000);
    s.sendNext(0);
    s.send(15_000); // sent during recovery; [10000,11000) is lost too
    assertEquals("DUP_ACK|ENTER_RECOVERY|EXIT_RECOVERY|RETRANSMIT", s.ack(10_000, 11_000, 14_000));
    assertEquals(State.RECOVERY, s.lr.state());
    assertEquals(base + 15_000, s.lr.recoveryPoint());
    assertEquals("FAST_RETRANSMIT[10000,11000)", s.sendNext(0));
    assertEquals(2, s.lr.fastRecoveries());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void sack_tailLoss_rescueRetransmissionOncePerRecovery(int base) {
    // Segments 0 and 7-9 lost; 1-6 arrive; the application has nothing more to send.
    Sender s = new Sender(base, true).send(10_000);
    s.ack(0, 1000, 2000);
    s.ack(0, 1000, 3000);
    s.ack(0, 1000, 4000);
    assertEquals("FAST_RETRANSMIT[0,1000)", s.sendNext(0));
    s.ack(0, 1000, 5000);
    s.ack(0, 1000, 6000);
    s.ack(0, 1000, 7000);
    assertEquals(List.of(), s.transmit(5000, 0), "NextSeg: nothing lost, nothing new");
    assertEquals("PARTIAL_ACK|FIRST_PARTIAL_ACK", s.ack(7000));
    // HighACK (6999) > RescueRxt (999): rule (4) sends the highest unSACKed segment.
    assertEquals(List.of("RESCUE[9000,10000)"), s.transmit(5000, 0));
    assertEquals(base + 10_000, s.sb().rescueRxt(), "RescueRxt = RecoveryPoint");
    assertEquals(base + 7000, s.sb().highRxt(), "rule (4) leaves HighRxt alone");
    assertEquals("NONE", s.next(0), "one rescue per recovery");
    assertEquals(2, s.lr.retransmittedSegments());
  }

  // ---------------------------------------------------------------------------------------------
  // RTO (RFC 6675 §5.1)

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void rto_duringRecovery_retransmitsEveryHoleFromUnaAndBlocksFastRecovery(int base) {
    Sender s = new Sender(base, true).send(10_000);
    s.ack(0, 1000, 4000);
    s.sendNext(0); // the fast retransmission is lost as well
    assertEquals("EXIT_RECOVERY|RETRANSMIT|RTO_RECOVERY", events(s.lr.onRto(false)));
    assertEquals(State.LOSS, s.lr.state());
    assertEquals(base + 10_000, s.lr.recoveryPoint());
    assertEquals(6000, s.sb().newlyLost(), "[4000,10000) joins [0,1000)");
    assertEquals(0, s.lr.pipe());
    // Slow start from one segment: cwnd is the congestion control's; here 1, then 2 segments.
    assertEquals(List.of("RTO_RETRANSMIT[0,1000)"), s.transmit(1000, 0));
    assertEquals("-", s.ack(0, 1000, 4000), "a late duplicate: no new SACK");
    assertEquals("DUP_ACK", s.ack(0, 1000, 5000), "no fast recovery before RecoveryPoint");
    assertEquals(State.LOSS, s.lr.state());
    assertEquals("-", s.ack(5000));
    assertEquals(
        List.of("RTO_RETRANSMIT[5000,6000)", "RTO_RETRANSMIT[6000,7000)"), s.transmit(2000, 0));
    s.ack(7000);
    assertEquals(
        List.of(
            "RTO_RETRANSMIT[7000,8000)",
            "RTO_RETRANSMIT[8000,9000)",
            "RTO_RETRANSMIT[9000,10000)",
            "NEW_DATA[10000,11000)"),
        s.transmit(4000, 1000));
    assertEquals("EXIT_LOSS", s.ack(10_000));
    assertEquals(State.OPEN, s.lr.state());
    assertEquals(1, s.lr.rtoRecoveries());
    assertEquals(7, s.lr.retransmittedSegments());
    assertEquals(6, s.lr.rtoRetransmittedSegments());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void rto_skipsSackedDataButAlwaysTheLeftEdge(int base) {
    Sender s = new Sender(base, true).send(6000);
    s.ack(0, 1000, 3000);
    s.lr.onRto(false);
    assertEquals(
        List.of(
            "RTO_RETRANSMIT[0,1000)",
            "RTO_RETRANSMIT[3000,4000)",
            "RTO_RETRANSMIT[4000,5000)",
            "RTO_RETRANSMIT[5000,6000)"),
        s.transmit(10_000, 0));
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void rto_afterReneging_forgetsTheSacks(int base) {
    // The receiver SACKed [2000,4000), then cumulatively ACKed only up to 2000: it holds SND.UNA.
    Sender s = new Sender(base, true).send(6000);
    s.ack(0, 2000, 4000);
    s.ack(2000, 2000, 4000);
    assertTrue(s.sb().renegingSuspected());
    s.lr.onRto(false);
    assertEquals(0, s.sb().sackedBytes());
    assertEquals(
        "RTO_RETRANSMIT[2000,3000)", s.next(0), "RFC 2018 §8: the left edge, SACKed or not");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void rto_fromOpen_thenFastRecoveryAgainOnceRecovered(int base) {
    Sender s = new Sender(base, true).send(3000);
    assertEquals("RETRANSMIT|RTO_RECOVERY", events(s.lr.onRto(false)));
    assertEquals("RTO_RETRANSMIT[0,1000)", s.sendNext(0));
    assertEquals("EXIT_LOSS", s.ack(3000));
    s.send(10_000);
    s.ack(3000, 4000, 5000);
    s.ack(3000, 4000, 6000);
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(3000, 4000, 7000));
  }

  // ---------------------------------------------------------------------------------------------
  // NewReno (RFC 6582)

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void newReno_fastRetransmit_partialAcks_fullAck(int base) {
    Sender s = new Sender(base, false).send(10_000); // segments 0, 3 and 6 lost
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0));
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(0));
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0));
    assertEquals(base + 10_000, s.lr.recoveryPoint(), "recover = HighData");
    assertEquals("FAST_RETRANSMIT[0,1000)", s.sendNext(0));
    assertEquals(10_000, s.lr.pipe(), "no SACK: pipe is FlightSize");
    assertEquals("NONE", s.next(0));
    assertEquals("NEW_DATA[10000,11000)", s.next(3000), "new data as cwnd inflation allows");
    assertEquals("DUP_ACK", s.ack(0));
    // Step 3: a partial ACK retransmits the first unacknowledged segment.
    assertEquals("PARTIAL_ACK|FIRST_PARTIAL_ACK|RETRANSMIT", s.ack(3000));
    assertEquals("FAST_RETRANSMIT[3000,4000)", s.sendNext(0));
    assertEquals("NONE", s.next(0), "only once per partial ACK");
    assertEquals("PARTIAL_ACK|RETRANSMIT", s.ack(6000));
    assertEquals("FAST_RETRANSMIT[6000,7000)", s.sendNext(0));
    assertEquals("EXIT_RECOVERY", s.ack(10_000));
    assertEquals(State.OPEN, s.lr.state());
    assertEquals(3, s.lr.retransmittedSegments());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void newReno_duplicateAckDefinition(int base) {
    Sender s = new Sender(base, false).send(5000);
    assertEquals("-", s.ack(0, false), "carries data, SYN/FIN, or a new window");
    assertEquals("-", s.ack(1000), "acknowledges new data");
    assertEquals("-", s.ack(500), "an old ACK");
    assertEquals("DUP_ACK|LIMITED_TRANSMIT", s.ack(1000, 2000, 3000), "blocks are ignored");
    assertEquals(1, s.lr.dupAcks());
    s.ack(5000);
    assertEquals("-", s.ack(5000), "nothing outstanding");
    assertEquals(0, s.lr.dupAcks());
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void newReno_afterRto_goBackNThenNoFastRetransmitBelowRecover(int base) {
    Sender s = new Sender(base, false).send(4000);
    s.lr.onRto(false);
    assertEquals(
        List.of(
            "RTO_RETRANSMIT[0,1000)",
            "RTO_RETRANSMIT[1000,2000)",
            "RTO_RETRANSMIT[2000,3000)",
            "RTO_RETRANSMIT[3000,4000)"),
        s.transmit(4000, 0));
    s.ack(1000);
    // Duplicates of the retransmissions (RFC 6582 §4.1): no fast retransmit below recover.
    assertEquals("DUP_ACK", s.ack(1000));
    assertEquals("DUP_ACK", s.ack(1000));
    assertEquals("DUP_ACK", s.ack(1000));
    assertEquals(State.LOSS, s.lr.state());
    assertEquals("EXIT_LOSS", s.ack(4000));
  }

  // ---------------------------------------------------------------------------------------------
  // D-SACK (RFC 2883) and spurious retransmissions (RFC 3708)

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void dsack_ofTheOnlyRetransmission_reportsASpuriousRecovery(int base) {
    // Segment 0 was only delayed past three others: reordering, not loss.
    Sender s = new Sender(base, true).send(4000);
    s.ack(0, 1000, 2000);
    s.ack(0, 1000, 3000);
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0, 1000, 4000));
    s.sendNext(0);
    assertEquals("EXIT_RECOVERY", s.ack(4000), "the original arrives");
    assertEquals("DSACK|SPURIOUS", s.ack(4000, 0, 1000), "then the retransmission, D-SACKed");
    assertEquals(1, s.lr.spuriousEpisodes());
    assertEquals(1000, s.lr.dsackedBytes());
    assertEquals("DSACK", s.ack(4000, 0, 1000), "reported once");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void spuriousFastRecovery_raisesDupThreshPastTheReorderingSeen(int base) {
    Sender s = new Sender(base, true).send(10_000);
    assertEquals(3, s.sb().dupThresh());
    s.ack(0, 1000, 2000);
    s.ack(0, 1000, 3000);
    s.ack(0, 1000, 4000); // three segments past the hole: recovery
    s.sendNext(0);
    s.ack(10_000); // the original was only late
    assertEquals("DSACK|SPURIOUS", s.ack(10_000, 0, 1000));
    assertEquals(4, s.sb().dupThresh(), "one more than the three segments it was late by");
    // The same reordering again is no longer taken for a loss.
    s.send(20_000);
    s.ack(10_000, 11_000, 12_000);
    s.ack(10_000, 11_000, 13_000);
    assertEquals(
        "DUP_ACK|LIMITED_TRANSMIT", s.ack(10_000, 11_000, 14_000), "three SACKed: not yet a loss");
    assertEquals(State.DISORDER, s.lr.state());
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(10_000, 11_000, 15_000));
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void spuriousTimeout_leavesDupThreshAlone(int base) {
    Sender s = new Sender(base, true).send(4000);
    s.lr.onRto(false);
    s.sendNext(0);
    s.ack(4000);
    assertEquals("DSACK|SPURIOUS", s.ack(4000, 0, 1000));
    assertEquals(3, s.sb().dupThresh(), "a late ACK says nothing about reordering");
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void dsack_ofSomeRetransmissionsOnly_isNoUndo(int base) {
    Sender s = new Sender(base, true).send(10_000);
    s.ack(0, 1000, 4000, 5000, 7000, 8000, 9000);
    s.sendNext(0);
    assertEquals("LOST[4000,5000)", s.sendNext(0));
    assertEquals("EXIT_RECOVERY|DSACK", s.ack(10_000, 0, 1000));
    assertEquals(0, s.lr.spuriousEpisodes());
    assertEquals("DSACK|SPURIOUS", s.ack(10_000, 4000, 5000));
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void dsack_ofDataNeverRetransmitted_isNoUndo(int base) {
    Sender s = new Sender(base, true).send(10_000);
    s.ack(0, 1000, 4000);
    s.sendNext(0);
    assertEquals("PARTIAL_ACK|FIRST_PARTIAL_ACK|DSACK", s.ack(5000, 4000, 5000));
    assertEquals(0, s.lr.spuriousEpisodes(), "a network duplicate of an original");
  }

  // ---------------------------------------------------------------------------------------------
  // The engine's own transmissions

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {1000, -4500, Integer.MAX_VALUE - 4500})
  void onTransmit_countsRetransmissionsAndMovesHighRxtInRecovery(int base) {
    Sender s = new Sender(base, true).send(10_000);
    s.lr.onTransmit(base, 1000); // e.g. a probe that resends the left edge
    assertEquals(1, s.lr.retransmittedSegments());
    assertEquals(base, s.sb().highRxt(), "outside recovery HighRxt stays at HighACK");
    s.ack(0, 1000, 5000);
    s.lr.onTransmit(base + 9500, 1000); // half retransmission, half new data
    assertEquals(base + 10_500, s.sb().highData());
    assertEquals(base + 10_000, s.sb().highRxt());
    assertEquals(500, s.lr.retransmittedBytes() - 1000);
  }
}
