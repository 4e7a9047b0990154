package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LossRecovery} driven exactly as the engine should drive it (see its class comment), moving
 * a transfer through a lossy, reordering network to an RFC 2018/2883 receiver, with a fixed cwnd
 * standing in for the congestion control. Whatever the drops (data and ACKs) and reordering, the
 * transfer completes; every segment it asks for is well formed, and a retransmission never carries
 * SACKed data; a clean path retransmits nothing; a path that only reorders never times out, every
 * retransmitted octet arrives twice and every D-SACK the receiver sends is recognized; a single
 * early loss is repaired by one fast retransmit, and several losses in one window by one fast
 * recovery, without a timeout.
 */
class LossRecoveryPropertiesTest {
  record Scenario(
      int iss,
      int smss,
      int segments,
      int cwndSegments,
      boolean sack,
      int receiverBlocks,
      List<Boolean> dataDrops,
      List<Boolean> ackDrops,
      List<Integer> reorder,
      List<Boolean> ackFirst) {}

  static final Gen<Integer> SMSS =
      Gens.frequency(
          Gens.weighted(2, Gens.ints(1, 50)),
          Gens.weighted(2, Gens.ints(51, 1460)),
          Gens.weighted(1, Gens.constant(1460)));

  static final Gen<Scenario> SCENARIO =
      src -> {
        int smss = SMSS.generate(src);
        int segments = src.intIn(1, 150);
        int iss =
            src.bool(0.5)
                ? -src.intIn(0, segments * smss) // the transfer crosses 2^32 -> 0
                : Gens.seqNumbers().generate(src);
        return new Scenario(
            iss,
            smss,
            segments,
            src.intIn(1, 30),
            src.bool(),
            src.bool() ? 3 : 4,
            Gens.lists(
                    Gens.frequency(
                        Gens.weighted(8, Gens.constant(false)),
                        Gens.weighted(2, Gens.constant(true))),
                    0,
                    80)
                .generate(src),
            Gens.lists(
                    Gens.frequency(
                        Gens.weighted(9, Gens.constant(false)),
                        Gens.weighted(1, Gens.constant(true))),
                    0,
                    80)
                .generate(src),
            Gens.lists(
                    Gens.frequency(
                        Gens.weighted(8, Gens.constant(0)), Gens.weighted(2, Gens.ints(1, 4))),
                    0,
                    80)
                .generate(src),
            Gens.lists(Gens.booleans(), 0, 80).generate(src));
      };

  /** Drops in the first flight only, three segments after the first drop getting through. */
  static final Gen<Scenario> ONE_WINDOW =
      src -> {
        int smss = SMSS.generate(src);
        int cwnd = src.intIn(4, 30);
        int segments = cwnd + (src.bool() ? 0 : src.intIn(1, 50)); // none: the losses are the tail
        List<Boolean> drops = new ArrayList<>();
        for (int i = 0; i < cwnd; i++) {
          drops.add(src.bool(0.3));
        }
        return new Scenario(
            Gens.seqNumbers().generate(src),
            smss,
            segments,
            cwnd,
            src.bool(),
            src.bool() ? 3 : 4,
            drops,
            List.of(),
            List.of(),
            Gens.lists(Gens.booleans(), 0, 80).generate(src));
      };

  @Test
  void transfersCompleteThroughAnyImpairment() {
    Property.forAll(SCENARIO).tries(2000).check(sc -> new Run(sc).run());
  }

  @Test
  void severalLossesInOneWindowNeedNoTimeout() {
    Property.forAll(ONE_WINDOW.filter(Run::oneWindowCase, "three segments after the first loss"))
        .tries(1000)
        .check(sc -> new Run(sc).run());
  }

  record Data(int off, int len) {}

  record Ack(int ack, int[] blocks) {}

  static final class Run {
    final Scenario sc;
    final int iss;
    final int smss;
    final int total;
    final long cwnd;
    final LossRecovery lr;
    final SackScoreboard sb;
    final List<Data> toReceiver = new ArrayList<>();
    final List<Ack> toSender = new ArrayList<>();
    final BitSet got = new BitSet();
    final List<Integer> recent = new ArrayList<>();
    int rcvNxt;
    long duplicateBytes;
    long dsackReported;
    int transmissions;
    int acksSent;
    int deliveries;
    int rtos;
    int dupAcksInRecovery;

    Run(Scenario sc) {
      this.sc = sc;
      this.iss = sc.iss();
      this.smss = sc.smss();
      this.total = sc.segments() * smss - (sc.segments() > 1 ? smss / 2 : 0);
      this.cwnd = (long) sc.cwndSegments() * smss;
      this.lr = new LossRecovery(iss, smss, sc.sack());
      this.sb = lr.scoreboard();
    }

    static <T> T at(List<T> list, int i, T otherwise) {
      return i < list.size() ? list.get(i) : otherwise;
    }

    void run() {
      sendAllowed();
      // Until everything is acknowledged and the network has drained (late duplicates, D-SACKs).
      for (int steps = 0;
          sb.highAck() != iss + total || !toReceiver.isEmpty() || !toSender.isEmpty();
          steps++) {
        if (steps > 200_000) {
          fail("no progress: " + lr);
        }
        if (toReceiver.isEmpty() && toSender.isEmpty()) {
          rtos++; // the network is empty and data is unacknowledged: the timer fires
          int ev = lr.onRto(false);
          assertTrue((ev & LossRecovery.RETRANSMIT) != 0);
          assertEquals(LossRecovery.State.LOSS, lr.state());
          forceSend(NextSeg.RTO_RETRANSMIT);
          sendAllowed();
          continue;
        }
        boolean ackNext =
            !toSender.isEmpty() && (toReceiver.isEmpty() || at(sc.ackFirst(), deliveries, false));
        deliveries++;
        if (ackNext) {
          onAck(toSender.removeFirst());
        } else {
          int pick = Math.min(at(sc.reorder(), deliveries, 0), toReceiver.size() - 1);
          receive(toReceiver.remove(pick));
        }
      }
      assertEquals(total, rcvNxt, "the receiver has everything");
      boolean dataDrops = sc.dataDrops().contains(true);
      boolean ackDrops = sc.ackDrops().contains(true);
      boolean reorders = sc.reorder().stream().anyMatch(r -> r > 0);
      if (!dataDrops && !ackDrops) {
        assertEquals(0, rtos, "nothing lost, no timeout");
        if (!reorders) {
          assertEquals(0, lr.retransmittedSegments(), "a clean path retransmits nothing");
        } else if (sc.sack()) {
          assertEquals(lr.retransmittedBytes(), duplicateBytes, "every retransmission spurious");
          assertEquals(dsackReported, lr.dsackedBytes(), "every D-SACK recognized");
        }
      }
      int firstDrop = sc.dataDrops().indexOf(true);
      if (firstDrop >= 0
          && firstDrop == sc.dataDrops().lastIndexOf(true)
          && firstDrop < sc.segments() - 3
          && sc.cwndSegments() >= 4
          && !ackDrops
          && !reorders) {
        assertEquals(0, rtos, "one early loss needs no timeout");
        assertEquals(1, lr.fastRecoveries());
        assertEquals(1, lr.retransmittedSegments());
      }
      // Several losses in the first flight only, with three segments after the first one to
      // produce the duplicate ACKs: NewReno's partial ACKs (RFC 6582) and SACK's NextSeg() (RFC
      // 6675, its rescue retransmission for a lost tail) both repair all of them without a
      // timeout.
      if (oneWindowCase(sc)) {
        assertEquals(0, rtos, "losses in one window, all repaired by fast recovery");
        assertEquals(1, lr.fastRecoveries());
      }
    }

    static boolean oneWindowCase(Scenario sc) {
      int flight = Math.min(sc.cwndSegments(), sc.segments());
      int firstDrop = sc.dataDrops().indexOf(true);
      if (firstDrop < 0
          || sc.dataDrops().lastIndexOf(true) >= flight
          || sc.ackDrops().contains(true)
          || sc.reorder().stream().anyMatch(r -> r > 0)) {
        return false;
      }
      int after = 0;
      for (int i = firstDrop + 1; i < flight; i++) {
        after += at(sc.dataDrops(), i, false) ? 0 : 1;
      }
      return after >= SackScoreboard.DUP_THRESH;
    }

    // -------------------------------------------------------------------------------------------
    // The sender, as the engine should be

    void onAck(Ack a) {
      long before = lr.pipe();
      assertTrue(before >= 0, "pipe");
      int ev = lr.onAck(iss + a.ack(), sb.highData(), true, a.blocks(), a.blocks().length / 2);
      if ((ev & LossRecovery.ENTER_RECOVERY) != 0) {
        assertEquals(LossRecovery.State.RECOVERY, lr.state());
        assertTrue((ev & LossRecovery.RETRANSMIT) != 0);
        dupAcksInRecovery = SackScoreboard.DUP_THRESH;
      } else if ((ev & (LossRecovery.EXIT_RECOVERY | LossRecovery.EXIT_LOSS)) != 0) {
        assertTrue(
            lr.state() == LossRecovery.State.OPEN || lr.state() == LossRecovery.State.DISORDER);
      }
      if (lr.inRecovery() && (ev & LossRecovery.DUP_ACK) != 0) {
        dupAcksInRecovery++;
      }
      if ((ev & LossRecovery.RETRANSMIT) != 0) {
        forceSend(NextSeg.FAST_RETRANSMIT);
      }
      if ((ev & LossRecovery.LIMITED_TRANSMIT) != 0 && !sc.sack()) {
        // RFC 3042: one new segment beyond cwnd, keeping FlightSize <= cwnd + 2 SMSS.
        long seg = lr.nextSegment(unsent());
        if (seg != NextSeg.NONE && lr.pipe() + NextSeg.len(seg) <= cwnd + 2L * smss) {
          transmit(seg);
        }
      }
      sendAllowed();
    }

    /** The retransmission an event asked for goes out whatever cwnd says. */
    void forceSend(int kind) {
      long seg = lr.nextSegment(unsent());
      assertEquals(NextSeg.kindName(kind), NextSeg.kindName(NextSeg.kind(seg)), lr.toString());
      assertEquals(sb.highAck(), NextSeg.seq(seg), "the left edge first");
      transmit(seg);
    }

    /** RFC 6675 §5 (C): while cwnd - pipe >= SMSS; NewReno's inflated window in its recovery. */
    void sendAllowed() {
      while (true) {
        long window = cwnd;
        if (!sc.sack() && lr.inRecovery()) {
          window = cwnd / 2 + (long) dupAcksInRecovery * smss;
        }
        if (window - lr.pipe() < smss) {
          return;
        }
        long seg = lr.nextSegment(unsent());
        if (seg == NextSeg.NONE) {
          return;
        }
        transmit(seg);
      }
    }

    int unsent() {
      return iss + total - sb.highData();
    }

    void transmit(long seg) {
      int kind = NextSeg.kind(seg);
      int seq = NextSeg.seq(seg);
      int len = NextSeg.len(seg);
      String what = NextSeg.toString(seg) + " " + lr;
      assertTrue(len >= 1 && len <= smss, what);
      int off = seq - sb.highAck();
      assertTrue(off >= 0, what + ": below SND.UNA");
      if (kind == NextSeg.NEW_DATA) {
        assertEquals(sb.highData(), seq, what);
        assertTrue(seq + len - iss <= total, what + ": beyond the data");
      } else {
        assertTrue(seq + len - sb.highAck() <= sb.highData() - sb.highAck(), what + ": unsent");
        if (sc.sack() && kind != NextSeg.FAST_RETRANSMIT) {
          for (int i = 0; i < sb.rangeCount(); i++) {
            int l = sb.rangeLeft(i) - seq;
            int r = sb.rangeRight(i) - seq;
            assertTrue(r <= 0 || l >= len, what + ": retransmits SACKed data");
          }
        }
      }
      lr.onSent(seg);
      if (!at(sc.dataDrops(), transmissions++, false)) {
        toReceiver.add(new Data(seq - iss, len));
      }
    }

    // -------------------------------------------------------------------------------------------
    // The receiver: RFC 2018 blocks (the newest first, then the most recently reported), RFC 2883
    // D-SACK for the (first) duplicated part of a segment.

    void receive(Data d) {
      int end = d.off() + d.len();
      int dups = got.get(d.off(), end).cardinality();
      int dupStart = got.nextSetBit(d.off());
      int dupEnd = dups > 0 ? Math.min(got.nextClearBit(dupStart), end) : -1;
      boolean duplicate = dups > 0;
      duplicateBytes += dups;
      got.set(d.off(), end);
      rcvNxt = Math.min(got.nextClearBit(rcvNxt), total);
      List<int[]> blocks = new ArrayList<>();
      if (duplicate) { // the (first) duplicated part, then the island holding it
        blocks.add(new int[] {dupStart, dupEnd});
        dsackReported += dupEnd - dupStart;
        if (dupStart >= rcvNxt) {
          blocks.add(island(dupStart));
        }
      }
      if (dups < d.len() && end > rcvNxt) {
        recent.remove((Integer) d.off());
        recent.addFirst(d.off());
      }
      recent.removeIf(r -> r < rcvNxt);
      for (int r : recent) {
        if (blocks.size() == sc.receiverBlocks()) {
          break;
        }
        int[] island = island(r);
        if (blocks.stream().skip(duplicate ? 1 : 0).noneMatch(b -> b[0] == island[0])) {
          blocks.add(island);
        }
      }
      int[] edges = new int[2 * blocks.size()];
      for (int i = 0; i < blocks.size(); i++) {
        edges[2 * i] = iss + blocks.get(i)[0];
        edges[2 * i + 1] = iss + blocks.get(i)[1];
      }
      if (!at(sc.ackDrops(), acksSent++, false)) {
        toSender.add(new Ack(rcvNxt, sc.sack() ? edges : new int[0]));
      }
    }

    int[] island(int off) {
      return new int[] {got.previousClearBit(off) + 1, got.nextClearBit(off)};
    }
  }
}
