package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.wire.Seq;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scoreboard against a naive model that keeps one bit per octet and evaluates RFC 6675 §4's
 * definitions literally, octet by octet: which octets are SACKed, IsLost() for every octet,
 * SetPipe() as its per-octet sum, NextSeg() rules (1)-(4) by scanning, and the per-ACK report
 * (newly acked, newly SACKed, newly lost, D-SACK, ignored blocks). Random runs send data,
 * acknowledge it with random SACK blocks (valid, malformed, outside the window, anywhere in
 * sequence space, D-SACKs below the ACK or inside the second block), ACK to SACKed edges, old ACKs,
 * retransmit, rescue, time out and change SMSS, starting at sequence numbers that put the window
 * across 2<sup>32</sup> → 0 and 2<sup>31</sup>. After every step every query must agree.
 */
class SackScoreboardPropertiesTest {
  static final int MAX_WINDOW = 3000;

  enum BlockKind {
    IN,
    NEAR,
    ANY,
    BELOW_ACK,
    INSIDE_NEXT
  }

  record Block(BlockKind kind, int x, int y) {}

  sealed interface Op
      permits Send,
          Ack,
          Retransmit,
          BeginRecovery,
          EndRecovery,
          Rescue,
          FastRetransmit,
          Rto,
          Smss {}

  record Send(int n) implements Op {}

  /** mode 0: ACK = SND.UNA; 1: advance; 2: an old ACK; 3: to the edge or inside a SACKed range. */
  record Ack(int mode, int x, int y, int extraSent, List<Block> blocks) implements Op {}

  record Retransmit(int x, int len) implements Op {}

  record BeginRecovery() implements Op {}

  record EndRecovery() implements Op {}

  record Rescue(int x) implements Op {}

  record FastRetransmit(int len) implements Op {}

  record Rto(boolean forget) implements Op {}

  record Smss(int smss) implements Op {}

  record Scenario(int base, int smss, int initial, List<Op> ops) {}

  // ---------------------------------------------------------------------------------------------
  // Generators

  static final Gen<Integer> SMSS =
      Gens.frequency(Gens.weighted(3, Gens.ints(1, 40)), Gens.weighted(3, Gens.ints(41, 600)));

  static final Gen<Integer> BASE =
      Gens.frequency(
          Gens.weighted(2, Gens.ints(-MAX_WINDOW - 200, 0)),
          Gens.weighted(1, Gens.ints(-MAX_WINDOW - 200, 0).map(d -> Integer.MIN_VALUE + d)),
          Gens.weighted(2, Gens.seqNumbers()));

  static final Gen<Block> BLOCK =
      Gens.frequency(
          Gens.weighted(8, blockOf(BlockKind.IN)),
          Gens.weighted(3, blockOf(BlockKind.NEAR)),
          Gens.weighted(1, blockOf(BlockKind.ANY)),
          Gens.weighted(1, blockOf(BlockKind.BELOW_ACK)),
          Gens.weighted(1, blockOf(BlockKind.INSIDE_NEXT)));

  static Gen<Block> blockOf(BlockKind kind) {
    return src -> new Block(kind, src.intIn(0, Integer.MAX_VALUE), src.intIn(0, Integer.MAX_VALUE));
  }

  static final Gen<Op> OP =
      Gens.frequency(
          Gens.weighted(3, Gens.ints(1, 1500).map(Send::new)),
          Gens.weighted(
              10,
              src ->
                  new Ack(
                      src.intIn(0, 3),
                      src.intIn(0, Integer.MAX_VALUE),
                      src.intIn(0, Integer.MAX_VALUE),
                      src.bool(0.2) ? src.intIn(1, 800) : 0,
                      Gens.lists(BLOCK, 0, 4).generate(src))),
          Gens.weighted(
              2, src -> new Retransmit(src.intIn(0, Integer.MAX_VALUE), src.intIn(0, 2000))),
          Gens.weighted(1, Gens.constant(new BeginRecovery())),
          Gens.weighted(1, Gens.constant(new EndRecovery())),
          Gens.weighted(1, Gens.ints(0, Integer.MAX_VALUE).map(Rescue::new)),
          Gens.weighted(1, Gens.ints(0, Integer.MAX_VALUE).map(FastRetransmit::new)),
          Gens.weighted(1, Gens.booleans().map(Rto::new)),
          Gens.weighted(1, SMSS.map(Smss::new)));

  static final Gen<Scenario> SCENARIO =
      src ->
          new Scenario(
              BASE.generate(src),
              SMSS.generate(src),
              src.intIn(0, MAX_WINDOW),
              Gens.lists(OP, 1, 40).generate(src));

  @Test
  void scoreboardAgreesWithAPerOctetModel() {
    Property.forAll(SCENARIO).tries(2000).check(SackScoreboardPropertiesTest::run);
  }

  // ---------------------------------------------------------------------------------------------
  // The run

  static void run(Scenario sc) {
    int base = sc.base();
    SackScoreboard sb = new SackScoreboard(base, sc.smss(), 1 << 20);
    Model m = new Model(base, sc.smss());
    send(sb, m, sc.initial());
    check(sb, m, "start");
    int step = 0;
    for (Op op : sc.ops()) {
      String where = "step " + step++ + " " + op;
      switch (op) {
        case Send s -> send(sb, m, Math.min(s.n(), MAX_WINDOW - (m.max - m.una)));
        case Ack a -> {
          int ack =
              switch (a.mode()) {
                case 0 -> m.una;
                case 1 -> m.una + a.x() % (m.max + a.extraSent() - m.una + 1);
                case 2 -> m.una - 1 - a.x() % 200;
                default -> m.sackedEdge(a.x(), a.y());
              };
          int sndMax = m.max + Math.min(a.extraSent(), MAX_WINDOW);
          int[] blocks = resolve(a.blocks(), base, Math.max(ack, m.una), sndMax, ack);
          sb.update(base + ack, base + sndMax, blocks, a.blocks().size());
          m.update(ack, sndMax, blocks, a.blocks().size());
          assertEquals(m.newlyAcked, sb.newlyAcked(), where + ": newlyAcked");
          assertEquals(m.newlySacked, sb.newlySacked(), where + ": newlySacked");
          assertEquals(m.cumAckedSacked, sb.cumAckedSacked(), where + ": cumAckedSacked");
          assertEquals(
              m.newlyAcked - m.cumAckedSacked + m.newlySacked,
              sb.delivered(),
              where + ": delivered");
          assertEquals(m.newlyLost, sb.newlyLost(), where + ": newlyLost");
          assertEquals(m.ignored, sb.ignoredBlocks(), where + ": ignoredBlocks");
          assertEquals(m.dsack, sb.dsack(), where + ": dsack");
          if (m.dsack) {
            assertEquals(m.dsackLeft, sb.dsackLeft(), where + ": dsackLeft");
            assertEquals(m.dsackRight, sb.dsackRight(), where + ": dsackRight");
          }
        }
        case Retransmit r -> {
          int seq = m.una + r.x() % (m.max - m.una + 1);
          int len = 1 + r.len() % (2 * m.smss);
          sb.retransmitted(base + seq, len);
          m.retransmitted(seq, len);
        }
        case BeginRecovery b -> {
          sb.beginRecovery();
          m.highRxt = m.una;
          m.rescueDefined = false;
        }
        case EndRecovery e -> {
          sb.endRecovery();
          m.highRxt = m.una;
        }
        case Rescue r -> {
          int point = m.una + r.x() % (m.max - m.una + 1);
          sb.rescued(base + point);
          m.rescueRxt = point;
          m.rescueDefined = true;
        }
        case FastRetransmit f -> {
          int end = m.una + 1 + f.len() % m.smss;
          sb.fastRetransmitted(base + end);
          m.retransmitted(m.una, end - m.una);
          m.rescueRxt = end;
          m.rescueDefined = true;
        }
        case Rto r -> {
          sb.onRto(r.forget());
          m.onRto(r.forget());
          assertEquals(m.newlyLost, sb.newlyLost(), where + ": newlyLost after RTO");
        }
        case Smss s -> {
          sb.setSmss(s.smss());
          m.smss = s.smss();
        }
      }
      check(sb, m, where);
    }
  }

  static void send(SackScoreboard sb, Model m, int n) {
    if (n > 0) {
      sb.sent(m.base + m.max, n);
      m.max += n;
    }
  }

  /** Turns generated blocks into absolute edges; {@code u} is where SND.UNA will be. */
  static int[] resolve(List<Block> blocks, int base, int u, int sndMax, int ack) {
    int w = sndMax - u;
    int[] out = new int[2 * blocks.size()];
    for (int i = blocks.size() - 1; i >= 0; i--) {
      Block b = blocks.get(i);
      int l;
      int r;
      switch (b.kind()) {
        case IN -> {
          if (w == 0) {
            l = r = base + u;
          } else {
            int lo = b.x() % w;
            l = base + u + lo;
            r = l + 1 + b.y() % (w - lo);
          }
        }
        case NEAR -> {
          l = base + u + b.x() % (w + 200) - 100;
          r = l + b.y() % 500 - 60;
        }
        case ANY -> {
          l = b.x() * 2 + (b.y() & 1);
          r = b.y() * 2 + (b.x() & 1);
        }
        case BELOW_ACK -> {
          l = base + ack - 1 - b.x() % 300;
          r = l + 1 + b.y() % 600;
        }
        case INSIDE_NEXT -> {
          if (i + 1 < blocks.size() && Seq.lt(out[2 * i + 2], out[2 * i + 3])) {
            int nl = out[2 * i + 2];
            int len = out[2 * i + 3] - nl;
            l = nl + b.x() % len;
            r = l + 1 + b.y() % (nl + len - l);
          } else {
            l = base + u;
            r = l + 1;
          }
        }
        default -> throw new AssertionError(b);
      }
      out[2 * i] = l;
      out[2 * i + 1] = r;
    }
    return out;
  }

  static void check(SackScoreboard sb, Model m, String where) {
    int base = m.base;
    String at = where + "\n  board " + sb + "\n  model " + m;
    assertEquals(base + m.una, sb.highAck(), at + ": highAck");
    assertEquals(base + m.max, sb.highData(), at + ": highData");
    assertEquals(base + m.highRxt, sb.highRxt(), at + ": highRxt");
    assertEquals(m.rescueDefined, sb.rescueDefined(), at + ": rescueDefined");
    if (m.rescueDefined) {
      assertEquals(base + m.rescueRxt, sb.rescueRxt(), at + ": rescueRxt");
    }
    m.derive();
    assertEquals(m.sackedCount, sb.sackedBytes(), at + ": sackedBytes");
    assertEquals(m.islands(), islands(sb, base), at + ": ranges");
    assertEquals(m.lostCount, sb.lostBytes(), at + ": lostBytes");
    assertEquals(m.pipe(), sb.pipe(), at + ": pipe");
    assertEquals(m.una < m.max && m.sacked.get(m.una), sb.renegingSuspected(), at + ": reneging");
    for (int p = m.una - 3; p < m.max + 3; p++) {
      boolean inside = p >= m.una && p < m.max;
      assertEquals(inside && m.sacked.get(p), sb.isSacked(base + p), at + ": isSacked " + p);
      assertEquals(inside && m.lost[p - m.una], sb.isLost(base + p), at + ": isLost " + p);
    }
    for (int allowed : new int[] {0, 1, 5000}) {
      assertEquals(
          NextSeg.toString(m.nextSeg(allowed)),
          NextSeg.toString(sb.nextSeg(allowed)),
          at + ": nextSeg(" + allowed + ")");
    }
    assertEquals(
        NextSeg.toString(m.firstSegment()),
        NextSeg.toString(sb.firstSegment(NextSeg.FAST_RETRANSMIT)),
        at + ": firstSegment");
    for (int limit : new int[] {m.max, (m.una + m.max) / 2, m.una}) {
      assertEquals(
          NextSeg.toString(m.nextHole(limit)),
          NextSeg.toString(sb.nextHole(base + limit, NextSeg.RTO_RETRANSMIT)),
          at + ": nextHole(" + limit + ")");
    }
  }

  static String islands(SackScoreboard sb, int base) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sb.rangeCount(); i++) {
      b.append('[').append(sb.rangeLeft(i) - base).append(',');
      b.append(sb.rangeRight(i) - base).append(')');
    }
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The model: offsets from base, one bit per octet, the RFC's definitions read literally.

  static final class Model {
    final int base;
    int smss;
    int una;
    int max;
    int highRxt;
    int rescueRxt;
    boolean rescueDefined;
    boolean rtoLost;
    int rtoLostEnd;
    final BitSet sacked = new BitSet();

    // The report of the last update.
    int newlyAcked;
    int newlySacked;
    int cumAckedSacked;
    int newlyLost;
    int ignored;
    boolean dsack;
    int dsackLeft;
    int dsackRight;

    // Derived by derive(): lost[i] for octet una+i.
    boolean[] lost = new boolean[0];
    int sackedCount;
    int lostCount;

    Model(int base, int smss) {
      this.base = base;
      this.smss = smss;
    }

    /** An ACK pointing at the left or right edge, or into the middle, of a SACKed island. */
    int sackedEdge(int x, int y) {
      List<int[]> runs = runs();
      if (runs.isEmpty()) {
        return una;
      }
      int[] run = runs.get(x % runs.size());
      return switch (y % 3) {
        case 0 -> run[0];
        case 1 -> run[1];
        default -> run[0] + y % (run[1] - run[0]);
      };
    }

    List<int[]> runs() {
      List<int[]> out = new ArrayList<>();
      for (int p = una; p < max; ) {
        if (sacked.get(p)) {
          int q = p;
          while (q < max && sacked.get(q)) {
            q++;
          }
          out.add(new int[] {p, q});
          p = q;
        } else {
          p++;
        }
      }
      return out;
    }

    String islands() {
      StringBuilder b = new StringBuilder();
      for (int[] r : runs()) {
        b.append('[').append(r[0]).append(',').append(r[1]).append(')');
      }
      return b.toString();
    }

    void update(int ack, int sndMax, int[] blocks, int count) {
      newlyAcked = newlySacked = cumAckedSacked = newlyLost = ignored = 0;
      dsack = false;
      derive();
      boolean[] lostBefore = lost.clone();
      int unaBefore = una;
      max = Math.max(max, sndMax);
      max = Math.max(max, ack);
      if (ack > una) {
        newlyAcked = ack - una;
        cumAckedSacked = sacked.get(una, ack).cardinality();
        sacked.clear(0, ack);
        una = ack;
        highRxt = Math.max(highRxt, una);
        if (rtoLost && una >= rtoLostEnd) {
          rtoLost = false;
        }
      }
      int ackAbs = base + ack;
      for (int i = 0; i < count; i++) {
        int l = blocks[2 * i];
        int r = blocks[2 * i + 1];
        boolean wellFormed = Seq.lt(l, r);
        if (i == 0 && wellFormed) {
          boolean belowAck = Seq.lt(l, ackAbs);
          boolean insideSecond =
              count > 1
                  && Seq.lt(blocks[2], blocks[3])
                  && Seq.le(blocks[2], l)
                  && Seq.le(r, blocks[3]);
          if (belowAck || insideSecond) {
            // Reported only if it lies within the 2^30 sequence numbers below SND.MAX.
            int maxAbs = base + max;
            long lBelow = Integer.toUnsignedLong(maxAbs - l);
            long rBelow = Integer.toUnsignedLong(maxAbs - r);
            if (lBelow <= 1L << 30 && rBelow < lBelow) {
              dsack = true;
              dsackLeft = l;
              dsackRight = r;
            } else {
              ignored++;
            }
            continue;
          }
        }
        // Valid: the octets l, l+1, ..., r-1 all lie in [una, max).
        long from = Integer.toUnsignedLong(l - (base + una));
        long len = Integer.toUnsignedLong(r - l);
        if (len == 0 || from + len > max - una) {
          ignored++;
          continue;
        }
        for (int p = una + (int) from; p < una + from + len; p++) {
          if (!sacked.get(p)) {
            sacked.set(p);
            newlySacked++;
          }
        }
      }
      derive();
      for (int p = una; p < max; p++) {
        boolean before = p < unaBefore + lostBefore.length && lostBefore[p - unaBefore];
        if (lost[p - una] && !before) {
          newlyLost++;
        }
      }
    }

    void retransmitted(int seq, int len) {
      max = Math.max(max, seq + len);
      highRxt = Math.max(highRxt, Math.min(seq + len, max));
    }

    void onRto(boolean forget) {
      derive();
      int before = lostCount;
      if (forget) {
        sacked.clear();
      }
      rtoLost = una != max;
      rtoLostEnd = max;
      highRxt = una;
      rescueDefined = false;
      derive();
      newlyLost = lostCount - before;
    }

    /**
     * IsLost() for every outstanding octet, from the definition: walking down from the top, count
     * the SACKed octets above p and the SACKed islands above p (positions r &gt; p that are SACKed
     * while r - 1 is not).
     */
    void derive() {
      int w = max - una;
      lost = new boolean[w];
      sackedCount = 0;
      lostCount = 0;
      int sackedAbove = 0;
      int islandsAbove = 0;
      for (int p = max - 1; p >= una; p--) {
        if (sacked.get(p)) {
          sackedCount++;
          sackedAbove++;
          if (p > una && !sacked.get(p - 1)) {
            islandsAbove++;
          }
          continue;
        }
        lost[p - una] =
            (rtoLost && p < rtoLostEnd)
                || islandsAbove >= SackScoreboard.DUP_THRESH
                || sackedAbove > (SackScoreboard.DUP_THRESH - 1) * smss;
        if (lost[p - una]) {
          lostCount++;
        }
      }
    }

    long pipe() {
      long pipe = 0;
      for (int p = una; p < max; p++) {
        if (sacked.get(p)) {
          continue;
        }
        if (!lost[p - una]) {
          pipe++;
        }
        if (p < highRxt) {
          pipe++;
        }
      }
      return pipe;
    }

    /** The unSACKed octets from p up, at most up to {@code stop}. */
    int unsackedRun(int p, int stop) {
      int q = p;
      while (q < stop && !sacked.get(q)) {
        q++;
      }
      return q - p;
    }

    long nextSeg(int allowed) {
      int highSacked = -1;
      for (int p = max - 1; p >= una; p--) {
        if (sacked.get(p)) {
          highSacked = p;
          break;
        }
      }
      int s3 = -1;
      for (int s = Math.max(highRxt, una); s < highSacked; s++) {
        if (!sacked.get(s)) {
          s3 = s;
          break;
        }
      }
      if (s3 >= 0) {
        int len = Math.min(smss, unsackedRun(s3, max));
        if (lost[s3 - una]) {
          return NextSeg.of(NextSeg.LOST, base + s3, len); // rule (1)
        }
      }
      if (allowed > 0) {
        return NextSeg.of(NextSeg.NEW_DATA, base + max, Math.min(smss, allowed)); // rule (2)
      }
      if (s3 >= 0) {
        return NextSeg.of(NextSeg.UNSACKED, base + s3, Math.min(smss, unsackedRun(s3, max)));
      }
      if (!rescueDefined || una > rescueRxt) { // rule (4)
        for (int h = max - 1; h >= una; h--) {
          if (!sacked.get(h)) {
            int start = h;
            while (start > una && !sacked.get(start - 1) && h + 1 - start < smss) {
              start--;
            }
            return NextSeg.of(NextSeg.RESCUE, base + start, h + 1 - start);
          }
        }
      }
      return NextSeg.NONE;
    }

    long firstSegment() {
      if (una == max) {
        return NextSeg.NONE;
      }
      int len = sacked.get(una) ? max - una : unsackedRun(una, max);
      return NextSeg.of(NextSeg.FAST_RETRANSMIT, base + una, Math.min(smss, len));
    }

    long nextHole(int limit) {
      int stop = Math.min(limit, max);
      for (int s = Math.max(highRxt, una); s < stop; s++) {
        if (!sacked.get(s)) {
          return NextSeg.of(NextSeg.RTO_RETRANSMIT, base + s, Math.min(smss, unsackedRun(s, stop)));
        }
      }
      return NextSeg.NONE;
    }

    @Override
    public String toString() {
      return "una="
          + una
          + " max="
          + max
          + " sacked="
          + islands()
          + " highRxt="
          + highRxt
          + " rescue="
          + (rescueDefined ? rescueRxt : "-")
          + " rtoLost="
          + (rtoLost ? rtoLostEnd : "-")
          + " smss="
          + smss;
    }
  }
}
