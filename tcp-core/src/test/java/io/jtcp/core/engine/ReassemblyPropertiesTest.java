package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.Seq;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link ReassemblyQueue} against a naive model: one flag and one arrival stamp per byte of a small
 * stream, indexed by absolute offset. Random receive buffers (1 byte to 12,000 bytes, so that the
 * queue's storage must grow past its first 4 KiB now and then) with range limits down to one,
 * random initial sequence numbers (crowded around the 2^32 wrap and 2^31), and random runs of
 * segments (anywhere in the stream or near RCV.NXT, any length, overlapping, repeated, reordered,
 * with and without FIN), application reads, and ACKs with room for 0 to 4 SACK blocks. Segments go
 * through {@code receive}, through {@code insert} + {@code drainInto}, or through the engine's
 * acceptability test first (unacceptable ones to {@code unacceptable}).
 *
 * <p>After every step both must agree on RCV.NXT, the held ranges and every held byte's content,
 * the new bytes of the last segment, the FIN, the pending D-SACK (RFC 2883: the first run of
 * repeated bytes of the latest segment, before RCV.NXT or already held, inside the window), the
 * ring's fill and every byte the application read. Every ACK's blocks must follow RFC 2018 §4 (at
 * most N, disjoint, none below RCV.NXT, each a maximal held range, the latest segment's first, as
 * many as there are up to N) and match the model's: the D-SACK, then held ranges by latest arrival.
 * At the end the sender retransmits only the holes, as a SACK sender would, until the whole stream
 * and its FIN are in.
 */
class ReassemblyPropertiesTest {
  record Config(int isn, int length, int limit, int maxRanges) {}

  enum Path {
    RECEIVE,
    INSERT_THEN_DRAIN,
    ENGINE
  }

  sealed interface Step permits Data, FinSegment, Repeat, Read, Ack {}

  /**
   * A segment at {@code at} from RCV.NXT ({@code nearRcvNxt}) or from the stream's start, clipped
   * to the stream; it carries the FIN when {@code fin} and it reaches the end.
   */
  record Data(boolean nearRcvNxt, int at, int len, boolean fin, Path path) implements Step {}

  /** The stream's last {@code back} bytes and the FIN. */
  record FinSegment(int back, Path path) implements Step {}

  /** The {@code back}-th most recent segment again (a duplicate or a retransmission). */
  record Repeat(int back, Path path) implements Step {}

  /** The application reads up to {@code n} bytes. */
  record Read(int n) implements Step {}

  /** An ACK goes out with room for {@code max} SACK blocks. */
  record Ack(int max) implements Step {}

  record Case(Config config, List<Step> steps) {}

  /** A segment as sent: offsets from the ISN. */
  record Sent(int off, int len, boolean fin) {}

  static final Gen<Path> PATHS = Gens.oneOf(Path.RECEIVE, Path.INSERT_THEN_DRAIN, Path.ENGINE);

  /** Receive buffers from a byte to past the queue's first 4 KiB of storage, so it must grow. */
  static final Gen<Integer> LIMITS =
      Gens.frequency(
          Gens.weighted(2, Gens.ints(1, 64)),
          Gens.weighted(6, Gens.ints(64, 2048)),
          Gens.weighted(1, Gens.ints(4097, 12_000)));

  static final Gen<Config> CONFIGS =
      Gens.frequency(
              Gens.weighted(3, Gens.ints(-4000, 0)), // the stream crosses 2^32
              Gens.weighted(2, Gens.seqNumbers()))
          .flatMap(
              isn ->
                  LIMITS.flatMap(
                      limit ->
                          Gens.ints(0, Math.max(3000, 3 * limit))
                              .flatMap(
                                  length ->
                                      Gens.frequency(
                                              Gens.weighted(2, Gens.ints(1, 4)),
                                              Gens.weighted(
                                                  1,
                                                  Gens.constant(
                                                      ReassemblyQueue.DEFAULT_MAX_RANGES)))
                                          .map(ranges -> new Config(isn, length, limit, ranges)))));

  static Gen<Step> steps(Config k) {
    Gen<Integer> lengths =
        Gens.frequency(
            Gens.weighted(1, Gens.constant(0)),
            Gens.weighted(6, Gens.ints(1, 100)),
            Gens.weighted(2, Gens.ints(1, Math.max(1, 2 * k.limit()))));
    Gen<Step> near =
        Gens.ints(-200, 2 * k.limit())
            .flatMap(
                at ->
                    lengths.flatMap(
                        len ->
                            Gens.booleans()
                                .flatMap(
                                    fin ->
                                        PATHS.map(p -> (Step) new Data(true, at, len, fin, p)))));
    Gen<Step> anywhere =
        Gens.ints(0, k.length())
            .flatMap(
                at ->
                    lengths.flatMap(
                        len ->
                            Gens.booleans()
                                .flatMap(
                                    fin ->
                                        PATHS.map(p -> (Step) new Data(false, at, len, fin, p)))));
    Gen<Step> finSegment =
        Gens.ints(0, 200).flatMap(back -> PATHS.map(p -> (Step) new FinSegment(back, p)));
    Gen<Step> repeat = Gens.ints(0, 5).flatMap(back -> PATHS.map(p -> (Step) new Repeat(back, p)));
    Gen<Step> read = Gens.ints(0, 2048).map(n -> (Step) new Read(n));
    Gen<Step> ack = Gens.ints(0, 4).map(max -> (Step) new Ack(max));
    return Gens.frequency(
        Gens.weighted(6, near),
        Gens.weighted(3, anywhere),
        Gens.weighted(1, finSegment),
        Gens.weighted(2, repeat),
        Gens.weighted(2, read),
        Gens.weighted(4, ack));
  }

  static final Gen<Case> CASES =
      CONFIGS.flatMap(k -> Gens.lists(steps(k), 0, 80).map(steps -> new Case(k, steps)));

  @Test
  void queueAgreesWithAByteByByteModel() {
    Property.forAll(CASES).tries(3000).check(ReassemblyPropertiesTest::run);
  }

  // ---- The model ----

  /** Every byte of the stream: held or not, and when a segment last brought it out of order. */
  static final class Model {
    final Config k;
    final boolean[] held;
    final long[] touched;
    long clock;
    int rcvNxt; // offset from the ISN
    int ringSize;
    int read;
    int lastNew;
    boolean finKnown;
    boolean dsack;
    int dsackLeft; // offsets from the ISN
    int dsackRight;

    Model(Config k) {
      this.k = k;
      held = new boolean[k.length() + 1];
      touched = new long[k.length() + 1];
    }

    int free() {
      return k.limit() - ringSize;
    }

    boolean held(int off) {
      return off >= 0 && off < held.length && held[off];
    }

    /** The held ranges, in order, as {@code [start, end)} offset pairs. */
    List<int[]> runs() {
      List<int[]> out = new ArrayList<>();
      int end = Math.min(held.length, rcvNxt + k.limit());
      for (int b = rcvNxt; b < end; b++) {
        if (held[b]) {
          int s = b;
          while (b < end && held[b]) {
            b++;
          }
          out.add(new int[] {s, b});
        }
      }
      return out;
    }

    long stamp(int[] run) {
      long m = 0;
      for (int b = run[0]; b < run[1]; b++) {
        m = Math.max(m, touched[b]);
      }
      return m;
    }

    int heldBytes() {
      int n = 0;
      for (int[] r : runs()) {
        n += r[1] - r[0];
      }
      return n;
    }

    /** A segment whose text is processed: RFC 9293 §3.10.7.4 as the model reads it. */
    void receive(int off, int len, boolean fin) {
      int origin = rcvNxt;
      int wEnd = rcvNxt + free();
      if (finKnown) {
        wEnd = Math.min(wEnd, k.length());
      }
      duplicates(off, len, wEnd);
      int s = Math.max(off, rcvNxt);
      int e = Math.min(off + len, wEnd);
      lastNew = 0;
      for (int b = s; b < e; b++) {
        lastNew += held(b) ? 0 : 1;
      }
      boolean dropped = false;
      if (e > s) {
        if (s > rcvNxt) {
          boolean touches = false;
          for (int b = s - 1; b <= e; b++) {
            touches |= held(b);
          }
          if (!touches && runs().size() >= k.maxRanges()) {
            dropped = true;
            lastNew = 0;
          } else {
            clock++;
            for (int b = s; b < e; b++) {
              held[b] = true;
              touched[b] = clock;
            }
          }
        } else {
          for (int b = rcvNxt; b < e; b++) {
            held[b] = false;
          }
          ringSize += e - rcvNxt;
          rcvNxt = e;
        }
      }
      while (rcvNxt < held.length && held[rcvNxt]) {
        held[rcvNxt] = false;
        ringSize++;
        rcvNxt++;
      }
      assertTrue(ringSize <= k.limit(), "model: the ring overflowed");
      int finAt = off + len;
      if (fin && !dropped && finAt <= wEnd && finAt >= origin && !finKnown) {
        boolean heldBeyond = false;
        for (int b = finAt; b < held.length; b++) {
          heldBeyond |= held[b];
        }
        finKnown = !heldBeyond;
      }
    }

    /** A segment the acceptability test rejected: only its bytes before RCV.NXT count. */
    void unacceptable(int off, int len) {
      duplicates(off, len, rcvNxt);
      lastNew = 0;
    }

    /** RFC 2883: the first run of bytes of the segment that were received before. */
    void duplicates(int off, int len, int wEnd) {
      dsack = false;
      for (int b = off; b < off + len && b < wEnd; b++) {
        boolean dup = b < rcvNxt || held(b);
        if (dup && !dsack) {
          dsack = true;
          dsackLeft = b;
          dsackRight = b + 1;
        } else if (dup && dsackRight == b) {
          dsackRight = b + 1;
        } else if (dsack) {
          break;
        }
      }
    }

    /** The blocks the next ACK must carry: the D-SACK, then held ranges by latest arrival. */
    List<int[]> sack(int max) {
      List<int[]> out = new ArrayList<>();
      if (max <= 0) {
        return out;
      }
      if (dsack) {
        out.add(new int[] {dsackLeft, dsackRight});
        dsack = false;
      }
      List<long[]> byArrival = new ArrayList<>();
      for (int[] r : runs()) {
        byArrival.add(new long[] {stamp(r), r[0], r[1]});
      }
      byArrival.sort((a, b) -> Long.compare(b[0], a[0]));
      for (long[] r : byArrival) {
        if (out.size() < max) {
          out.add(new int[] {(int) r[1], (int) r[2]});
        }
      }
      return out;
    }
  }

  // ---- The run ----

  static void run(Case c) {
    Config k = c.config();
    ReceiveFixture rx = new ReceiveFixture(k.isn(), k.limit(), k.maxRanges());
    Model m = new Model(k);
    List<Sent> sent = new ArrayList<>();
    int i = 0;
    for (Step step : c.steps()) {
      int index = i++;
      Supplier<String> where = () -> "step " + index + " " + step;
      switch (step) {
        case Data d -> {
          int off = Math.clamp((d.nearRcvNxt() ? m.rcvNxt : 0) + (long) d.at(), 0, k.length());
          int len = Math.min(d.len(), k.length() - off);
          Sent s = new Sent(off, len, d.fin() && off + len == k.length());
          sent.add(s);
          segment(rx, m, s, d.path());
        }
        case FinSegment f -> {
          int off = Math.max(0, k.length() - f.back());
          Sent s = new Sent(off, k.length() - off, true);
          sent.add(s);
          segment(rx, m, s, f.path());
        }
        case Repeat r -> {
          if (!sent.isEmpty()) {
            segment(rx, m, sent.get(Math.max(0, sent.size() - 1 - r.back())), r.path());
          }
        }
        case Read r -> {
          int before = m.read;
          m.read += Math.min(r.n(), m.ringSize);
          m.ringSize -= m.read - before;
          rx.read(r.n());
        }
        case Ack a -> checkSack(rx, m, a.max(), where);
      }
      compare(rx, m, where);
    }
    rx.deliveredChecked();
    finishTransfer(rx, k);
  }

  static void segment(ReceiveFixture rx, Model m, Sent s, Path path) {
    int seq = rx.irs + s.off();
    var src = ReceiveFixture.payload(seq, s.len());
    ReassemblyQueue q = rx.queue;
    switch (path) {
      case RECEIVE -> {
        rx.rcvNxt = q.receive(seq, src, 3, s.len(), s.fin(), rx.rcvNxt, rx.ring);
        m.receive(s.off(), s.len(), s.fin());
      }
      case INSERT_THEN_DRAIN -> {
        q.insert(seq, src, 3, s.len(), s.fin(), rx.rcvNxt, rx.rcvNxt + rx.ring.free());
        rx.rcvNxt = q.drainInto(rx.ring, rx.rcvNxt);
        m.receive(s.off(), s.len(), s.fin());
      }
      case ENGINE -> {
        if (acceptable(seq, s.len() + (s.fin() ? 1 : 0), rx.rcvNxt, rx.ring.free())) {
          rx.rcvNxt = q.receive(seq, src, 3, s.len(), s.fin(), rx.rcvNxt, rx.ring);
          m.receive(s.off(), s.len(), s.fin());
        } else {
          q.unacceptable(seq, s.len(), rx.rcvNxt);
          m.unacceptable(s.off(), s.len());
        }
      }
    }
  }

  /** RFC 9293 §3.10.7.4's acceptability test, as the connection applies it. */
  static boolean acceptable(int seq, int segLen, int rcvNxt, int wnd) {
    if (segLen == 0) {
      return wnd == 0 ? seq == rcvNxt : Seq.inWindow(seq, rcvNxt, wnd);
    }
    return wnd > 0
        && (Seq.inWindow(seq, rcvNxt, wnd) || Seq.inWindow(seq + segLen - 1, rcvNxt, wnd));
  }

  static void compare(ReceiveFixture rx, Model m, Supplier<String> where) {
    ReassemblyQueue q = rx.queue;
    assertEquals(m.rcvNxt, rx.next(), () -> where.get() + ": RCV.NXT");
    List<int[]> runs = m.runs();
    StringBuilder want = new StringBuilder();
    for (int[] r : runs) {
      want.append(r[0]).append('-').append(r[1]).append(' ');
    }
    assertEquals(want.toString().trim(), rx.held(), () -> where.get() + ": held ranges");
    assertEquals(
        runs.stream().mapToInt(r -> r[1] - r[0]).sum(),
        q.heldBytes(),
        () -> where.get() + ": held");
    for (int[] r : runs) {
      for (int b = r[0]; b < r[1]; b++) {
        int seq = rx.irs + b;
        if (ReceiveFixture.byteAt(seq) != q.heldByte(seq)) {
          throw new AssertionError(where.get() + ": held byte " + b + " is not the one sent there");
        }
      }
    }
    assertEquals(
        m.lastNew, q.lastNewBytes(), () -> where.get() + ": new bytes of the last segment");
    assertEquals(m.finKnown, q.finRecorded(), () -> where.get() + ": FIN recorded");
    if (m.finKnown) {
      assertEquals(rx.irs + m.k.length(), q.finSequence(), () -> where.get() + ": FIN position");
    }
    assertEquals(
        m.finKnown && m.rcvNxt == m.k.length(),
        q.finReached(),
        () -> where.get() + ": FIN reached");
    assertEquals(m.dsack, q.dsackPending(), () -> where.get() + ": D-SACK pending");
    if (m.dsack) {
      assertEquals(
          m.dsackLeft + "-" + m.dsackRight,
          (q.dsackLeft() - rx.irs) + "-" + (q.dsackRight() - rx.irs),
          () -> where.get() + ": D-SACK block");
    }
    assertEquals(m.ringSize, rx.ring.size(), () -> where.get() + ": bytes in the receive buffer");
  }

  /** The blocks of one ACK: RFC 2018 §4's rules, then exactly the model's choice. */
  static void checkSack(ReceiveFixture rx, Model m, int max, Supplier<String> where) {
    boolean dsack = m.dsack && max > 0;
    int[] l = new int[4];
    int[] r = new int[4];
    int n = rx.queue.fillSack(l, r, max);
    List<int[]> runs = m.runs();
    assertTrue(n <= max, () -> where.get() + ": at most " + max + " blocks");
    int first = dsack ? 1 : 0;
    assertEquals(
        Math.min(Math.max(max - first, 0), runs.size()) + first,
        n,
        () -> where.get() + ": as many blocks as there is room for");
    for (int b = first; b < n; b++) {
      int block = b;
      int left = l[b] - rx.irs;
      int right = r[b] - rx.irs;
      assertTrue(left >= m.rcvNxt, () -> where.get() + ": block " + block + " is below RCV.NXT");
      assertTrue(
          runs.stream().anyMatch(x -> x[0] == left && x[1] == right),
          () -> where.get() + ": block " + block + " " + left + "-" + right + " is not maximal");
      for (int o = first; o < b; o++) {
        if (l[o] == l[b]) {
          throw new AssertionError(where.get() + ": blocks " + o + " and " + b + " repeat");
        }
      }
    }
    List<int[]> want = m.sack(max);
    int[][] got = new int[n][];
    for (int b = 0; b < n; b++) {
      got[b] = new int[] {l[b] - rx.irs, r[b] - rx.irs};
    }
    assertEquals(
        Arrays.deepToString(want.toArray(new int[0][])),
        Arrays.deepToString(got),
        () -> where.get() + ": blocks (D-SACK first, then held ranges by latest arrival)");
  }

  /**
   * The sender fills every hole within the window, and only the holes, until the stream and its FIN
   * are in.
   */
  static void finishTransfer(ReceiveFixture rx, Config k) {
    for (int guard = 0; !rx.queue.finReached(); guard++) {
      assertTrue(guard <= k.length() + 2, "the transfer makes progress");
      rx.read(k.limit());
      int off = rx.next();
      int len = Math.min(k.length() - off, rx.ring.free());
      if (!rx.queue.isEmpty()) {
        len = Math.min(len, rx.queue.rangeStart(0) - rx.rcvNxt); // the hole only, as SACK allows
      }
      int seq = rx.irs + off;
      rx.rcvNxt =
          rx.queue.receive(
              seq,
              ReceiveFixture.payload(seq, len),
              3,
              len,
              off + len == k.length(),
              rx.rcvNxt,
              rx.ring);
    }
    assertEquals(k.length(), rx.next(), "RCV.NXT at the FIN");
    assertEquals(k.length(), rx.deliveredChecked(), "every byte delivered once, in order");
    assertTrue(rx.queue.isEmpty());
  }
}
