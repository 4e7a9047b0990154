package io.jtcp.core.engine;

import io.jtcp.core.wire.Seq;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The receive side's out-of-order queue and SACK generator: the text of segments that arrived
 * beyond RCV.NXT, held until the hole before them fills, and the SACK and D-SACK blocks that
 * describe it.
 *
 * <p><b>Trimming</b> (RFC 9293 §3.10.7.4). Bytes before RCV.NXT are old ("only the new parts are
 * processed"); bytes at or beyond the window's right edge ({@code RCV.NXT + free space}) are cut
 * off, and a FIN goes with them. A FIN whose sequence number is exactly the right edge is kept,
 * because it takes no buffer space (Linux also takes a FIN on a zero window). Once a FIN is known,
 * nothing beyond it is stored. Segments "with higher beginning sequence numbers" are held here for
 * later processing, up to the receive buffer's free space, so held data never needs more room than
 * the receive buffer has when it becomes deliverable.
 *
 * <p><b>Storage.</b> One byte array whose size is a power of two, addressed by {@code seq & (size -
 * 1)}, so sequence-space wrap costs nothing and nothing moves when RCV.NXT advances. Held data
 * always lies within {@code [RCV.NXT, RCV.NXT + size)}, so two held bytes never share a cell. It is
 * allocated on the first out-of-order segment (4 KiB at least) and doubles, moving what is held,
 * when a segment lands farther past RCV.NXT, up to the power of two at or above the receive
 * buffer's limit; a connection that never sees loss holds none, and {@link #trim()} releases it.
 * Beside it, sorted arrays of disjoint, non-adjacent ranges ({@code [start, end)} sequence numbers)
 * with, per range, the arrival stamp of the latest segment that touched it. Storing a segment is a
 * binary search plus a shift of the range arrays, O(log r + r) for r ranges, plus copying its new
 * bytes; {@link #fillSack} is O(r) per block. The range count is bounded ({@link
 * #DEFAULT_MAX_RANGES}): an out-of-order segment that would need one more range is dropped (not
 * stored, not SACKed), while data at RCV.NXT is always taken. Nothing is allocated per segment once
 * the arrays have reached their working size.
 *
 * <p><b>SACK</b> (RFC 2018 §4). {@link #fillSack} reports the held ranges, each a maximal
 * contiguous block, most recently touched first: the first block contains the segment that
 * triggered the ACK (when that segment was held rather than delivered), then the blocks reported
 * most recently before it, then older ones; never a block below RCV.NXT, at most {@code max} blocks
 * (4, or 3 next to timestamps). Every held out-of-order segment is acknowledged at once, so "most
 * recently reported" and "most recently touched" are the same order.
 *
 * <p><b>D-SACK</b> (RFC 2883 §4). When the most recent segment repeated bytes (before RCV.NXT or
 * already held), the first block is the first contiguous run of repeated bytes, reported once; when
 * that run lies above RCV.NXT the next block is the held block containing it (§4 rule 4, which the
 * recency order gives for free), then the usual blocks.
 *
 * <p>One connection, one thread: no synchronisation.
 */
final class ReassemblyQueue {
  /** How many disjoint out-of-order ranges a queue holds at most, unless told otherwise. */
  static final int DEFAULT_MAX_RANGES = 1024;

  private static final int MIN_STORAGE = 4096;
  private static final int INITIAL_RANGES = 8;
  private static final byte[] NO_BYTES = new byte[0];
  private static final int[] NO_INTS = new int[0];
  private static final long[] NO_LONGS = new long[0];

  private int limit;
  private final int maxRanges;

  private byte[] buf = NO_BYTES;
  private int[] starts = NO_INTS;
  private int[] ends = NO_INTS;
  private long[] stamps = NO_LONGS;
  private int count;
  private int held;
  private long clock;

  /** RCV.NXT as this queue last saw it: held data starts after it. */
  private int base;

  private boolean finKnown;
  private int finSeq;

  // The last segment's outcome.
  private int lastNew;
  private boolean lastAckNow;
  private boolean dsack;
  private int dsackLeft;
  private int dsackRight;

  /**
   * A queue for a receive buffer of {@code limit} bytes.
   *
   * @param limit the receive buffer's limit: held data never reaches further past RCV.NXT
   */
  ReassemblyQueue(int limit) {
    this(limit, DEFAULT_MAX_RANGES);
  }

  /**
   * @param limit the receive buffer's limit: held data never reaches further past RCV.NXT
   * @param maxRanges how many disjoint out-of-order ranges to hold at most (at least 1)
   */
  ReassemblyQueue(int limit, int maxRanges) {
    if (limit < 0 || limit > 1 << 30) {
      throw new IllegalArgumentException("limit " + limit);
    }
    if (maxRanges < 1) {
      throw new IllegalArgumentException("maxRanges " + maxRanges);
    }
    this.limit = limit;
    this.maxRanges = maxRanges;
  }

  /** Follows the receive buffer when auto-tuning raises its limit; never shrinks. */
  void growLimit(int newLimit) {
    limit = Math.clamp(newLimit, limit, 1 << 30);
  }

  // ---- Per segment ----

  /**
   * Takes one segment's text (sequence number of its first data byte, after any SYN): what
   * continues RCV.NXT goes straight into {@code ring}, what lies beyond a hole is held, and held
   * data that becomes contiguous follows it into {@code ring}. The window is {@code [rcvNxt, rcvNxt
   * + ring.free())}; the rest is trimmed (RFC 9293 §3.10.7.4).
   *
   * @param fin whether the segment carries a FIN (at {@code seq + len})
   * @return the new RCV.NXT, counting data only: when {@link #finReached()} the caller still has to
   *     step over the FIN
   */
  int receive(
      int seq, MemorySegment src, long off, int len, boolean fin, int rcvNxt, ByteRing ring) {
    advance(rcvNxt);
    int origin = base;
    boolean hadHeld = count > 0;
    long wo = windowOffset(ring.free());
    long so = seq - base;
    long eo = so + len;
    classify(so, eo, wo);
    long ws = Math.max(so, 0);
    long we = Math.min(eo, wo);
    boolean dropped = false;
    if (we > ws) {
      if (ws == 0) {
        ring.writeFrom(src, off - so, (int) we);
        advance(base + (int) we);
      } else {
        dropped = !store(src, off + (ws - so), (int) ws, (int) we);
      }
    }
    drain(ring);
    finish(fin, origin, eo, wo, dropped, len, hadHeld);
    return base;
  }

  /**
   * Holds a segment's text without delivering any of it, even at RCV.NXT: the building block of
   * {@link #receive}, for callers that deliver with {@link #drainInto}. Trims to {@code [rcvNxt,
   * windowEnd)}, never past {@code rcvNxt + limit}.
   *
   * @return how many bytes were new (neither before RCV.NXT nor already held)
   */
  int insert(
      int seq, MemorySegment src, long off, int len, boolean fin, int rcvNxt, int windowEnd) {
    advance(rcvNxt);
    boolean hadHeld = count > 0;
    long wo = windowOffset(windowEnd - rcvNxt);
    long so = seq - base;
    long eo = so + len;
    classify(so, eo, wo);
    long ws = Math.max(so, 0);
    long we = Math.min(eo, wo);
    boolean dropped = we > ws && !store(src, off + (ws - so), (int) ws, (int) we);
    finish(fin, base, eo, wo, dropped, len, hadHeld);
    return lastNew;
  }

  /**
   * Moves the held bytes that continue {@code rcvNxt} into {@code ring} (as many as it has room
   * for) and returns the new RCV.NXT. Held bytes before {@code rcvNxt}, delivered some other way,
   * are dropped without a D-SACK.
   */
  int drainInto(ByteRing ring, int rcvNxt) {
    advance(rcvNxt);
    drain(ring);
    return base;
  }

  /**
   * Notes a segment that failed the acceptability test (RFC 9293 §3.10.7.4) or was dropped before
   * its text was looked at (PAWS, a retransmitted FIN): its bytes before RCV.NXT are a duplicate to
   * report with a D-SACK (RFC 2883 §4), and it replaces the previous segment's D-SACK.
   */
  void unacceptable(int seq, int len, int rcvNxt) {
    advance(rcvNxt);
    long so = seq - base;
    classify(so, so + len, 0);
    lastNew = 0;
    lastAckNow = true;
  }

  // ---- What the last segment did ----

  /**
   * Bytes the last segment brought that were neither before RCV.NXT nor already held, and were
   * kept.
   */
  int lastNewBytes() {
    return lastNew;
  }

  /**
   * Whether the last segment calls for an immediate ACK rather than a delayed one (RFC 5681 §4.2,
   * RFC 9293 §3.10.7.4): it arrived out of order, filled (part of) a hole, repeated data, or was
   * trimmed.
   */
  boolean ackNow() {
    return lastAckNow;
  }

  /** Whether a D-SACK block waits for the next ACK. */
  boolean dsackPending() {
    return dsack;
  }

  int dsackLeft() {
    return dsackLeft;
  }

  int dsackRight() {
    return dsackRight;
  }

  // ---- SACK ----

  /**
   * Fills {@code lefts}/{@code rights} with at most {@code max} blocks for the next ACK (RFC 2018
   * §4, RFC 2883 §4): the pending D-SACK first (and then no longer pending), then held ranges, most
   * recently touched first. Allocates nothing.
   *
   * @param max 4, or 3 when timestamps take their 12 bytes of option space
   * @return how many blocks were written: the count for {@link
   *     io.jtcp.core.wire.TcpOptions#writeSack}
   */
  int fillSack(int[] lefts, int[] rights, int max) {
    int n = Math.min(max, Math.min(lefts.length, rights.length));
    if (n <= 0) {
      return 0;
    }
    int c = 0;
    if (dsack) {
      lefts[0] = dsackLeft;
      rights[0] = dsackRight;
      dsack = false;
      c = 1;
    }
    long below = Long.MAX_VALUE;
    while (c < n) {
      int best = -1;
      long bestStamp = Long.MIN_VALUE;
      for (int k = 0; k < count; k++) {
        long s = stamps[k];
        if (s < below && s > bestStamp) {
          bestStamp = s;
          best = k;
        }
      }
      if (best < 0) {
        break;
      }
      lefts[c] = starts[best];
      rights[c] = ends[best];
      below = bestStamp;
      c++;
    }
    return c;
  }

  // ---- Queries ----

  boolean isEmpty() {
    return count == 0;
  }

  /** Bytes held beyond RCV.NXT. */
  int heldBytes() {
    return held;
  }

  /** Disjoint held ranges, in sequence order. */
  int rangeCount() {
    return count;
  }

  /** The first sequence number of held range {@code i} (in sequence order). */
  int rangeStart(int i) {
    checkRange(i);
    return starts[i];
  }

  /** The sequence number after held range {@code i}. */
  int rangeEnd(int i) {
    checkRange(i);
    return ends[i];
  }

  /** The held byte at {@code seq} (for tests and debugging). */
  byte heldByte(int seq) {
    int k = firstEndingAfter(seq - base);
    if (k < count && Seq.le(starts[k], seq) && Seq.lt(seq, ends[k])) {
      return buf[seq & (buf.length - 1)];
    }
    throw new IllegalArgumentException(Seq.toString(seq) + " is not held");
  }

  /** Whether a FIN's position is known (it may still lie beyond a hole). */
  boolean finRecorded() {
    return finKnown;
  }

  /** The FIN's sequence number, when {@link #finRecorded()}. */
  int finSequence() {
    return finSeq;
  }

  /** Whether every byte before the recorded FIN has been delivered: the FIN is next. */
  boolean finReached() {
    return finKnown && count == 0 && Seq.ge(base, finSeq);
  }

  /** The storage held now, in bytes (for memory accounting). */
  int storageBytes() {
    return buf.length;
  }

  /** Forgets everything held, the FIN and the D-SACK (a reset connection); keeps the storage. */
  void clear() {
    count = 0;
    held = 0;
    finKnown = false;
    dsack = false;
    lastNew = 0;
    lastAckNow = false;
  }

  /** Releases the storage once nothing is held, so idle connections hold no buffer. */
  void trim() {
    if (count == 0) {
      buf = NO_BYTES;
      starts = NO_INTS;
      ends = NO_INTS;
      stamps = NO_LONGS;
    }
  }

  // ---- Internals ----

  /** The window's right edge as an offset from RCV.NXT, within the limit and before a known FIN. */
  private long windowOffset(int window) {
    long wo = Math.clamp(window, 0, limit);
    if (finKnown) {
      wo = Math.min(wo, Math.max(finSeq - base, 0));
    }
    return wo;
  }

  /** Catches up with the caller's RCV.NXT: held bytes before it are gone (they were delivered). */
  private void advance(int rcvNxt) {
    int d = rcvNxt - base;
    if (d == 0) {
      return;
    }
    if (count == 0) {
      base = rcvNxt;
      return;
    }
    if (d < 0) {
      throw new IllegalArgumentException(
          "RCV.NXT went back from " + Seq.toString(base) + " to " + Seq.toString(rcvNxt));
    }
    int k = 0;
    while (k < count && ends[k] - base <= d) {
      held -= ends[k] - starts[k];
      k++;
    }
    removeRanges(0, k);
    if (count > 0 && starts[0] - base < d) {
      held -= rcvNxt - starts[0];
      starts[0] = rcvNxt;
    }
    base = rcvNxt;
  }

  /**
   * Counts the new bytes of {@code [so, eo)} (offsets from RCV.NXT) inside {@code [0, wo)} and
   * finds the first run of repeated ones (before RCV.NXT, or held) for the D-SACK.
   */
  private void classify(long so, long eo, long wo) {
    boolean open = false;
    long dl = 0;
    long dr = 0;
    if (so < 0 && eo > so) {
      dl = so;
      dr = Math.min(eo, 0);
      open = true;
    }
    long ws = Math.max(so, 0);
    long we = Math.min(eo, wo);
    long fresh = Math.max(we - ws, 0);
    if (we > ws) {
      for (int k = firstEndingAfter(ws); k < count && starts[k] - base < we; k++) {
        long a = Math.max(starts[k] - base, ws);
        long b = Math.min(ends[k] - base, we);
        fresh -= b - a;
        if (dl == dr) {
          dl = a;
          dr = b;
          open = true;
        } else if (open && dr == a) {
          dr = b;
        } else {
          open = false;
        }
      }
    }
    lastNew = (int) fresh;
    dsack = dr > dl;
    if (dsack) {
      dsackLeft = base + (int) dl;
      dsackRight = base + (int) dr;
    }
  }

  /**
   * Holds {@code [ws, we)} (offsets from RCV.NXT, {@code ws < we <= limit}) whose first byte is at
   * {@code off} in {@code src}, merging it with the ranges it overlaps or touches.
   *
   * @return false when it was dropped for want of a range
   */
  private boolean store(MemorySegment src, long off, int ws, int we) {
    int i = firstEndingAtOrAfter(ws);
    int j = i;
    while (j < count && starts[j] - base <= we) {
      j++;
    }
    if (i == j && count >= maxRanges && ws > 0) {
      return false;
    }
    ensureStorage(we);
    if (i == j) {
      ensureRanges(count + 1);
      System.arraycopy(starts, i, starts, i + 1, count - i);
      System.arraycopy(ends, i, ends, i + 1, count - i);
      System.arraycopy(stamps, i, stamps, i + 1, count - i);
      count++;
      put(src, off, ws, we);
      starts[i] = base + ws;
      ends[i] = base + we;
      held += we - ws;
    } else {
      int cursor = ws;
      for (int k = i; k < j; k++) {
        int a = starts[k] - base;
        if (a > cursor) {
          put(src, off + (cursor - ws), cursor, a);
          held += a - cursor;
        }
        cursor = Math.max(cursor, ends[k] - base);
      }
      if (cursor < we) {
        put(src, off + (cursor - ws), cursor, we);
        held += we - cursor;
      }
      starts[i] = base + Math.min(ws, starts[i] - base);
      ends[i] = base + Math.max(we, ends[j - 1] - base);
      removeRanges(i + 1, j - i - 1);
    }
    stamps[i] = ++clock;
    return true;
  }

  /**
   * Records the FIN and the outcome once the text has been dealt with; {@code eo} and {@code wo}
   * are offsets from {@code origin}, RCV.NXT before the segment.
   */
  private void finish(
      boolean fin, int origin, long eo, long wo, boolean dropped, int len, boolean hadHeld) {
    if (dropped) {
      lastNew = 0;
    }
    if (fin && !dropped && eo <= wo && eo >= 0 && !finKnown) {
      if (count == 0 || ends[count - 1] - origin <= eo) {
        finKnown = true;
        finSeq = origin + (int) eo;
      }
    }
    lastAckNow = hadHeld || count > 0 || dsack || lastNew < len;
  }

  /** Moves the held bytes that continue RCV.NXT into {@code ring}, as many as fit. */
  private void drain(ByteRing ring) {
    if (count == 0 || starts[0] != base) {
      return;
    }
    int n = Math.min(ends[0] - base, ring.free());
    if (n == 0) {
      return;
    }
    int i = base & (buf.length - 1);
    int first = Math.min(n, buf.length - i);
    ring.write(buf, i, first);
    if (n > first) {
      ring.write(buf, 0, n - first);
    }
    held -= n;
    base += n;
    if (base == ends[0]) {
      removeRanges(0, 1);
    } else {
      starts[0] = base;
    }
  }

  /** Copies {@code [from, to)} (offsets from RCV.NXT) from {@code src} at {@code off}. */
  private void put(MemorySegment src, long off, int from, int to) {
    int n = to - from;
    int i = (base + from) & (buf.length - 1);
    int first = Math.min(n, buf.length - i);
    MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off, buf, i, first);
    if (n > first) {
      MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off + first, buf, 0, n - first);
    }
  }

  /** Grows the byte array to hold offsets up to {@code end}, moving what is held. */
  private void ensureStorage(int end) {
    if (end <= buf.length) {
      return;
    }
    int cap = Math.max(MIN_STORAGE, Integer.highestOneBit(end - 1) << 1);
    byte[] next = new byte[cap];
    for (int k = 0; k < count; k++) {
      for (int s = starts[k]; s != ends[k]; ) {
        int from = s & (buf.length - 1);
        int to = s & (cap - 1);
        int n = Math.min(ends[k] - s, Math.min(buf.length - from, cap - to));
        System.arraycopy(buf, from, next, to, n);
        s += n;
      }
    }
    buf = next;
  }

  private void ensureRanges(int needed) {
    if (needed <= starts.length) {
      return;
    }
    int cap = Math.min(Math.max(INITIAL_RANGES, starts.length * 2), maxRanges + 1);
    starts = Arrays.copyOf(starts, cap);
    ends = Arrays.copyOf(ends, cap);
    stamps = Arrays.copyOf(stamps, cap);
  }

  private void removeRanges(int from, int n) {
    if (n == 0) {
      return;
    }
    int tail = count - from - n;
    System.arraycopy(starts, from + n, starts, from, tail);
    System.arraycopy(ends, from + n, ends, from, tail);
    System.arraycopy(stamps, from + n, stamps, from, tail);
    count -= n;
  }

  /** The first range ending after offset {@code x} (so overlapping {@code [x, ...)}). */
  private int firstEndingAfter(long x) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = lo + hi >>> 1;
      if (ends[mid] - base > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The first range ending at or after offset {@code x} (so overlapping or touching it). */
  private int firstEndingAtOrAfter(long x) {
    return firstEndingAfter(x - 1);
  }

  private void checkRange(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("range " + i + " of " + count);
    }
  }
}
