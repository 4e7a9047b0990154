package io.jtcp.core.engine;

import io.jtcp.core.wire.Seq;
import io.jtcp.core.wire.TcpOptions;
import io.jtcp.core.wire.TcpView;
import java.util.Arrays;

/**
 * The data sender's SACK scoreboard of RFC 6675 §3 and the routines of its §4 — {@code Update()},
 * {@code IsLost()}, {@code SetPipe()} and {@code NextSeg()} — over byte ranges of one connection's
 * outstanding sequence space [HighACK+1, HighData], which this class writes half-open as [{@link
 * #highAck()}, {@link #highData()}) = [SND.UNA, SND.MAX).
 *
 * <h2>Names</h2>
 *
 * RFC 6675 names octets; this class names the boundaries after them, so every variable is "one past
 * the octet the RFC names" and the RFC's comparisons keep their shape:
 *
 * <ul>
 *   <li>{@link #highAck()} = SND.UNA = RFC HighACK + 1 (the first unacknowledged sequence number);
 *   <li>{@link #highData()} = SND.MAX = RFC HighData + 1;
 *   <li>{@link #highRxt()} = RFC HighRxt + 1, so "S2 &gt; HighRxt" reads {@code s >= highRxt()};
 *   <li>{@link #rescueRxt()} = RFC RescueRxt + 1, so "HighACK &gt; RescueRxt" reads {@code
 *       highAck() > rescueRxt()}.
 * </ul>
 *
 * <h2>Data structure</h2>
 *
 * The SACKed octets are kept as sorted, disjoint and non-adjacent half-open ranges in two {@code
 * int[]} (left and right edges, absolute sequence numbers) plus a prefix sum of their lengths. All
 * order comparisons are made on offsets from SND.UNA, so the scoreboard is correct across the
 * 2<sup>32</sup> wrap as long as the outstanding window is below 2<sup>31</sup> (RFC 7323 limits it
 * to 2<sup>30</sup>). An ACK costs O(b·n) for its b ≤ 4 blocks over n ranges (a binary search and
 * an array shift per block, then an O(n) prefix rebuild); {@link #isLost}, {@link #pipe}, {@link
 * #isSacked} and {@link #nextSeg} are O(log n). The arrays start small and double up to {@code
 * maxRanges}; nothing is allocated once they have grown, so the per-segment path is
 * allocation-free. A block that would need a range beyond {@code maxRanges} is dropped (counted in
 * {@link #ignoredBlocks()}): the scoreboard then under-reports SACKed data, which only makes the
 * sender more conservative (like FreeBSD's {@code net.inet.tcp.sack.maxholes}).
 *
 * <h2>IsLost</h2>
 *
 * RFC 6675 §4: an unSACKed octet is lost when "DupThresh discontiguous SACKed sequences have
 * arrived above" it, or "more than (DupThresh - 1) * SMSS bytes" above it have been SACKed. A
 * byte-range scoreboard does not know segment boundaries; like FreeBSD and VPP it reads
 * "discontiguous SACKed sequences" as maximal SACKed ranges (islands). Several small segments
 * SACKed as one contiguous island therefore count once — exactly the case RFC 6675 §5 step (2.a)
 * notes is covered instead by counting duplicate ACKs. Within one hole every octet has the same
 * ranges above it, and fewer ranges lie above higher holes, so the lost octets are exactly the
 * unSACKed octets below one boundary, {@code lostEnd}: the left edge of the highest range i for
 * which the ranges i..n-1 number at least DupThresh or hold more than (DupThresh-1)·SMSS octets.
 * Only ranges n-3..n-1 need checking, so the boundary costs O(1) per update. After a retransmission
 * timeout ({@link #onRto}) every unSACKed octet below the HighData of that moment counts as lost as
 * well (Linux's {@code tcp_enter_loss}), until the cumulative ACK passes it.
 *
 * <h2>D-SACK</h2>
 *
 * RFC 2883 §4 / RFC 3708: the first block of an ACK is a D-SACK when it lies (starts) below the
 * ACK's cumulative acknowledgment, or lies within the second block. It is reported ({@link
 * #dsack()}, {@link #dsackLeft()}, {@link #dsackRight()}) and never recorded as SACKed; one that
 * does not lie within the 2<sup>30</sup> sequence numbers below SND.MAX is ignored instead.
 *
 * <p>Not thread-safe: one connection, one engine thread.
 */
final class SackScoreboard {
  /** RFC 6675 §2 DupThresh, RFC 5681's three duplicate ACKs. */
  static final int DUP_THRESH = 3;

  /** The highest DupThresh reordering can raise it to (Linux's tcp_max_reordering is 300). */
  static final int MAX_DUP_THRESH = 127;

  /**
   * DupThresh for this connection: 3, raised when reordering is proven (see {@link
   * #raiseDupThresh}).
   */
  private int dupThresh = DUP_THRESH;

  /** The default cap on SACKed ranges (islands) kept per connection. */
  static final int DEFAULT_MAX_RANGES = 1024;

  private static final int INITIAL_CAPACITY = 4;
  private static final long MASK = 0xFFFF_FFFFL;
  static final long MAX_DSACK_DISTANCE = 1L << 30;

  private final int maxRanges;
  private int smss;
  private int highAck;
  private int highData;
  private int highRxt;
  private int rescueRxt;
  private boolean rescueDefined;
  private boolean rtoLost;
  private int rtoLostEnd;

  // SACKed ranges [left[i], right[i]), sorted, disjoint, non-adjacent; prefix[i] = sum of lengths
  // of ranges 0..i-1.
  // Allocated with the first SACK block: an idle connection (most of a million) has none
  // (BENCHMARKS.md, idle connections).
  private static final int[] NONE = new int[0];

  /** prefix[0] of an empty scoreboard, shared and never written. */
  private static final int[] NO_PREFIX = new int[1];

  private int[] left = NONE;
  private int[] right = NONE;
  private int[] prefix = NO_PREFIX;
  private int count;
  private int lostEnd;

  // The report of the last update() (or onRto()).
  private int newlyAcked;
  private int newlySacked;
  private int cumAckedSacked;
  private int newlyLost;
  private int ignoredBlocks;
  private boolean dsack;
  private int dsackLeft;
  private int dsackRight;

  /**
   * The octets the last update newly SACKed, as disjoint ranges {@code [pieces[2i], pieces[2i+1])}:
   * what delivery-rate estimation walks, so that an ACK costs what it newly delivered rather than
   * the size of the island it extends. Grown (rarely) to the most pieces one ACK produced, at most
   * {@code maxRanges} + 4.
   */
  private int[] pieces = NONE;

  private int pieceCount;

  private int[] scratch = NONE;

  /** A scoreboard with nothing outstanding at {@code una} and the default range cap. */
  SackScoreboard(int una, int smss) {
    this(una, smss, DEFAULT_MAX_RANGES);
  }

  SackScoreboard(int una, int smss, int maxRanges) {
    if (maxRanges < 1) {
      throw new IllegalArgumentException("maxRanges " + maxRanges);
    }
    this.maxRanges = maxRanges;
    reset(una, smss);
  }

  /** Forgets everything: nothing outstanding, SND.UNA = SND.MAX = {@code una}. */
  void reset(int una, int smss) {
    dupThresh = DUP_THRESH;
    setSmss(smss);
    highAck = una;
    highData = una;
    highRxt = una;
    rescueRxt = una;
    rescueDefined = false;
    rtoLost = false;
    rtoLostEnd = una;
    count = 0;
    lostEnd = una;
    clearReport();
  }

  /** The sender's maximum segment size (RFC 5681 SMSS); a PMTU change may lower it. */
  void setSmss(int smss) {
    if (smss <= 0) {
      throw new IllegalArgumentException("smss " + smss);
    }
    this.smss = smss;
    recomputeLostEnd();
  }

  int smss() {
    return smss;
  }

  // ---------------------------------------------------------------------------------------------
  // Update()

  /**
   * RFC 6675 §4 {@code Update()} for one arriving ACK, with its SACK blocks read from {@code seg}
   * (RFC 2018 §3 through {@link TcpView#sackLeft}/{@link TcpView#sackRight}).
   *
   * @param sndMax the connection's SND.MAX (HighData) now
   */
  void update(TcpView seg, int sndMax) {
    int n = Math.min(seg.sackBlockCount(), TcpOptions.MAX_SACK_BLOCKS);
    if (n > 0 && scratch.length == 0) {
      scratch = new int[2 * TcpOptions.MAX_SACK_BLOCKS];
    }
    for (int i = 0; i < n; i++) {
      scratch[2 * i] = seg.sackLeft(i);
      scratch[2 * i + 1] = seg.sackRight(i);
    }
    update(seg.acknowledgmentNumber(), sndMax, scratch, n);
  }

  /**
   * RFC 6675 §4 {@code Update()}: moves SND.UNA up to {@code ack} (discarding what lies below it),
   * raises HighData to {@code sndMax}, and records the SACK blocks {@code [blocks[2i],
   * blocks[2i+1])} for {@code i < blockCount}, in the order they came in the option. Blocks outside
   * [SND.UNA, SND.MAX) or with left ≥ right are ignored (RFC 2018 §8, RFC 6675 §4); a first block
   * that is a D-SACK (RFC 2883) is reported, not recorded (and ignored if it does not lie within
   * 2<sup>30</sup> below SND.MAX). An {@code ack} below SND.UNA (an old ACK) moves nothing, but its
   * blocks still count. The results are readable until the next call: {@link #newlyAcked()}, {@link
   * #newlySacked()}, {@link #cumAckedSacked()}, {@link #newlyLost()}, {@link #dsack()}, {@link
   * #ignoredBlocks()}.
   */
  void update(int ack, int sndMax, int[] blocks, int blockCount) {
    clearReport();
    if (Seq.gt(sndMax, highData)) {
      highData = sndMax;
    }
    if (Seq.gt(ack, highData)) { // an ACK of unsent data: the engine should have dropped it
      highData = ack;
    }
    int oldLostEnd = effectiveLostEnd();
    if (Seq.gt(ack, highAck)) {
      newlyAcked = ack - highAck;
      cumAckedSacked = sackedBelow(ack);
      advance(ack);
    }
    for (int i = 0; i < blockCount; i++) {
      int l = blocks[2 * i];
      int r = blocks[2 * i + 1];
      if (i == 0 && Seq.lt(l, r) && isDsack(ack, l, r, blocks, blockCount)) {
        if (plausibleDsack(l, r)) {
          dsack = true;
          dsackLeft = l;
          dsackRight = r;
        } else {
          ignoredBlocks++;
        }
        continue;
      }
      long lo = (l - highAck) & MASK;
      long hi = (r - highAck) & MASK;
      if (lo >= hi || hi > ((highData - highAck) & MASK)) {
        ignoredBlocks++;
        continue;
      }
      newlySacked += insert((int) lo, (int) hi);
    }
    rebuild();
    int newLostEnd = effectiveLostEnd();
    if (Seq.gt(newLostEnd, oldLostEnd)) {
      int from = Seq.max(oldLostEnd, highAck);
      newlyLost = unsackedBelow(newLostEnd) - unsackedBelow(from);
    }
  }

  /**
   * RFC 2883 §4 as Linux's {@code tcp_check_dsack}: below the cumulative ACK, or inside block 2.
   */
  private static boolean isDsack(int ack, int l, int r, int[] blocks, int blockCount) {
    if (Seq.lt(l, ack)) {
      return true;
    }
    if (blockCount < 2) {
      return false;
    }
    int l2 = blocks[2];
    int r2 = blocks[3];
    return Seq.lt(l2, r2) && Seq.le(l2, l) && Seq.le(r, r2);
  }

  /**
   * A D-SACK must report data this sender sent: within the {@value #MAX_DSACK_DISTANCE} sequence
   * numbers below SND.MAX (RFC 7323's largest window), so a forged or corrupt block cannot inflate
   * the D-SACK accounting by up to 2<sup>31</sup> octets.
   */
  private boolean plausibleDsack(int l, int r) {
    long belowLeft = (highData - l) & MASK;
    long belowRight = (highData - r) & MASK;
    return belowLeft <= MAX_DSACK_DISTANCE && belowRight < belowLeft;
  }

  /** Moves SND.UNA to {@code ack}: drops or trims the ranges below it. */
  private void advance(int ack) {
    int cut = ack - highAck;
    int drop = 0;
    while (drop < count && right[drop] - highAck <= cut) {
      drop++;
    }
    if (drop > 0) {
      System.arraycopy(left, drop, left, 0, count - drop);
      System.arraycopy(right, drop, right, 0, count - drop);
      count -= drop;
    }
    if (count > 0 && left[0] - highAck < cut) {
      left[0] = ack;
    }
    highAck = ack;
    if (Seq.lt(highRxt, ack)) {
      highRxt = ack;
    }
    if (rtoLost && Seq.ge(ack, rtoLostEnd)) {
      rtoLost = false;
    }
    // prefix[] is stale until rebuild(); sackedBelow() is not used before it.
  }

  /**
   * Records [highAck+lo, highAck+hi) as SACKed, merging with the ranges it overlaps or touches.
   * Returns the octets that were not SACKed before.
   */
  private int insert(int lo, int hi) {
    int i = firstRightAtLeast(lo); // the first range that ends at or after lo
    int j = firstLeftAbove(hi); // the first range that starts after hi
    if (i >= j) {
      if (count == maxRanges) {
        ignoredBlocks++;
        return 0;
      }
      ensureCapacity(count + 1);
      System.arraycopy(left, i, left, i + 1, count - i);
      System.arraycopy(right, i, right, i + 1, count - i);
      left[i] = highAck + lo;
      right[i] = highAck + hi;
      count++;
      piece(lo, hi);
      return hi - lo;
    }
    int newLo = Math.min(lo, left[i] - highAck);
    int newHi = Math.max(hi, right[j - 1] - highAck);
    int covered = 0;
    int cursor = lo; // the gaps of [lo, hi) between ranges i..j-1 are what this block adds
    for (int k = i; k < j; k++) {
      covered += right[k] - left[k];
      int l = left[k] - highAck;
      if (l > cursor) {
        piece(cursor, Math.min(l, hi));
      }
      cursor = Math.max(cursor, right[k] - highAck);
    }
    if (cursor < hi) {
      piece(cursor, hi);
    }
    left[i] = highAck + newLo;
    right[i] = highAck + newHi;
    int removed = j - i - 1;
    if (removed > 0) {
      System.arraycopy(left, j, left, i + 1, count - j);
      System.arraycopy(right, j, right, i + 1, count - j);
      count -= removed;
    }
    return newHi - newLo - covered;
  }

  /** Reports [highAck+lo, highAck+hi) as newly SACKed by this update. */
  private void piece(int lo, int hi) {
    if (lo >= hi) {
      return;
    }
    if (2 * pieceCount + 2 > pieces.length) {
      pieces = Arrays.copyOf(pieces, Math.max(2 * TcpOptions.MAX_SACK_BLOCKS, 2 * pieces.length));
    }
    pieces[2 * pieceCount] = highAck + lo;
    pieces[2 * pieceCount + 1] = highAck + hi;
    pieceCount++;
  }

  private void ensureCapacity(int needed) {
    if (needed > left.length) {
      int cap = Math.min(Math.max(needed, Math.max(INITIAL_CAPACITY, 2 * left.length)), maxRanges);
      left = Arrays.copyOf(left, cap);
      right = Arrays.copyOf(right, cap);
      prefix = Arrays.copyOf(prefix, cap + 1);
    }
  }

  /** The index of the first range whose right edge (as an offset) is {@code >= off}. */
  private int firstRightAtLeast(int off) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (right[mid] - highAck >= off) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The index of the first range whose right edge (as an offset) is {@code > off}. */
  private int firstRightAbove(int off) {
    return off == Integer.MAX_VALUE ? count : firstRightAtLeast(off + 1);
  }

  /** The index of the first range whose left edge (as an offset) is {@code > off}. */
  private int firstLeftAbove(int off) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (left[mid] - highAck > off) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private void rebuild() {
    if (prefix == NO_PREFIX) {
      prefix = new int[Math.max(left.length, INITIAL_CAPACITY) + 1];
    }
    int sum = 0;
    prefix[0] = 0;
    for (int i = 0; i < count; i++) {
      sum += right[i] - left[i];
      prefix[i + 1] = sum;
    }
    recomputeLostEnd();
  }

  /**
   * The IsLost() boundary: the left edge of the highest range i with at least DupThresh ranges or
   * more than (DupThresh-1)·SMSS SACKed octets in ranges i..n-1; SND.UNA when there is none.
   */
  private void recomputeLostEnd() {
    lostEnd = highAck;
    if (count == 0) {
      return;
    }
    long threshold = (long) (dupThresh - 1) * smss;
    int total = prefix[count];
    for (int i = count - 1; i >= 0 && i >= count - dupThresh; i--) {
      if (count - i >= dupThresh || total - prefix[i] > threshold) {
        lostEnd = left[i];
        return;
      }
    }
  }

  private int effectiveLostEnd() {
    if (rtoLost && Seq.gt(rtoLostEnd, lostEnd)) {
      return Seq.min(rtoLostEnd, highData);
    }
    return lostEnd;
  }

  private void clearReport() {
    newlyAcked = 0;
    newlySacked = 0;
    cumAckedSacked = 0;
    newlyLost = 0;
    ignoredBlocks = 0;
    dsack = false;
    dsackLeft = 0;
    dsackRight = 0;
    pieceCount = 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** SND.UNA: RFC 6675's HighACK + 1. */
  int highAck() {
    return highAck;
  }

  /** SND.MAX: RFC 6675's HighData + 1. */
  int highData() {
    return highData;
  }

  /** RFC 6675's HighRxt + 1: retransmissions of this recovery reach up to here. */
  int highRxt() {
    return highRxt;
  }

  /** RFC 6675's RescueRxt + 1; meaningful only while {@link #rescueDefined()}. */
  int rescueRxt() {
    return rescueRxt;
  }

  boolean rescueDefined() {
    return rescueDefined;
  }

  /** One past the highest SACKed octet, or SND.UNA when nothing is SACKed. */
  int highSacked() {
    return count == 0 ? highAck : right[count - 1];
  }

  /** How many disjoint SACKed ranges the scoreboard holds. */
  int rangeCount() {
    return count;
  }

  int rangeLeft(int i) {
    return left[checkRange(i)];
  }

  int rangeRight(int i) {
    return right[checkRange(i)];
  }

  private int checkRange(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException(i);
    }
    return i;
  }

  /** SACKed octets in [SND.UNA, SND.MAX). */
  int sackedBytes() {
    return prefix[count];
  }

  /** Whether {@code seq} lies in [SND.UNA, SND.MAX) and has been SACKed. */
  boolean isSacked(int seq) {
    if (!Seq.between(highAck, seq, highData)) {
      return false;
    }
    int off = seq - highAck;
    int k = firstRightAbove(off);
    return k < count && left[k] - highAck <= off;
  }

  /**
   * Where the SACKed range holding {@code seq} ends, or {@code seq} itself when it is not SACKed:
   * [seq, x) is SACKed for every x up to the answer.
   */
  int sackedThrough(int seq) {
    if (!Seq.between(highAck, seq, highData)) {
      return seq;
    }
    int off = seq - highAck;
    int k = firstRightAbove(off);
    return k < count && left[k] - highAck <= off ? right[k] : seq;
  }

  /**
   * RFC 6675 §4 {@code IsLost(SeqNum)} for an outstanding, unSACKed {@code seq}: DupThresh SACKed
   * islands above it, or more than (DupThresh-1)·SMSS SACKed octets above it — or, after an RTO, it
   * was outstanding when the timer fired. False for SACKed octets and outside [SND.UNA, SND.MAX).
   */
  boolean isLost(int seq) {
    if (!Seq.between(highAck, seq, highData) || isSacked(seq)) {
      return false;
    }
    return Seq.lt(seq, effectiveLostEnd());
  }

  /** Outstanding unSACKed octets for which {@link #isLost} holds. */
  int lostBytes() {
    return unsackedBelow(effectiveLostEnd());
  }

  /**
   * Of {@link #lostBytes()}, those at or above HighRxt: lost and not retransmitted in this recovery
   * yet (Linux's lost_out − retrans_out, in octets).
   */
  int lostNotRetransmitted() {
    int lostEnd = effectiveLostEnd();
    int rxt = Seq.max(highRxt, highAck);
    return Seq.lt(rxt, lostEnd) ? unsackedBelow(lostEnd) - unsackedBelow(rxt) : 0;
  }

  /**
   * RFC 6675 §4 {@code SetPipe()}: for every unSACKed octet S1 in [SND.UNA, SND.MAX), one if
   * IsLost(S1) is false, plus one if S1 ≤ HighRxt (it has been retransmitted in this recovery).
   * O(log n).
   */
  long pipe() {
    int unsacked = (highData - highAck) - prefix[count];
    int lost = lostBytes();
    int rxtEnd = Seq.lt(highRxt, highData) ? highRxt : highData;
    return (long) unsacked - lost + unsackedBelow(rxtEnd);
  }

  /** SACKed octets in [SND.UNA, x), for x in [SND.UNA, SND.MAX]. */
  private int sackedBelow(int x) {
    int off = x - highAck;
    if (off <= 0) {
      return 0;
    }
    int k = firstRightAbove(off); // ranges 0..k-1 lie wholly below x
    int partial = k < count && left[k] - highAck < off ? off - (left[k] - highAck) : 0;
    return prefix[k] + partial;
  }

  /** UnSACKed octets in [SND.UNA, x), for x in [SND.UNA, SND.MAX]. */
  private int unsackedBelow(int x) {
    int off = x - highAck;
    return off <= 0 ? 0 : off - sackedBelow(x);
  }

  /** The first unSACKed sequence number at or after {@code x} (which is at least SND.UNA). */
  private int firstUnsackedFrom(int x) {
    int off = x - highAck;
    int k = firstRightAbove(off);
    return k < count && left[k] - highAck <= off ? right[k] : x;
  }

  /** Where the hole holding the unSACKed {@code s} ends: the next SACKed range, or SND.MAX. */
  private int holeEnd(int s) {
    int k = firstLeftAbove(s - highAck);
    return k < count ? left[k] : highData;
  }

  /**
   * Whether the lowest SACKed range starts at SND.UNA: the receiver holds the octet the cumulative
   * ACK asks for, so it has discarded ("reneged on", RFC 2018 §8) data it SACKed.
   */
  boolean renegingSuspected() {
    return count > 0 && left[0] == highAck;
  }

  // ---------------------------------------------------------------------------------------------
  // NextSeg()

  /**
   * RFC 6675 §4 {@code NextSeg()} rules (1)-(4), without side effects; commit what is sent with
   * {@link #retransmitted}, {@link #rescued} or {@link #sent}. Each range is at most SMSS long and
   * a retransmission never extends into SACKed data.
   *
   * <ol>
   *   <li>the first unSACKed S2 ≥ HighRxt below the highest SACKed octet, if IsLost(S2);
   *   <li>else, if {@code newDataAllowed > 0} (unsent data the receiver's window admits, computed
   *       by the caller), new data at HighData;
   *   <li>else that first unSACKed S3 even though it is not lost;
   *   <li>else, once per recovery — when RescueRxt is undefined or HighACK &gt; RescueRxt — a
   *       segment holding the highest outstanding unSACKed octet.
   * </ol>
   *
   * @return a {@link NextSeg} range, or {@link NextSeg#NONE}
   */
  long nextSeg(int newDataAllowed) {
    long rule3 = NextSeg.NONE;
    if (count > 0) {
      int s = firstUnsackedFrom(Seq.max(highRxt, highAck));
      if (Seq.lt(s, right[count - 1])) {
        int len = Math.min(smss, holeEnd(s) - s);
        if (Seq.lt(s, effectiveLostEnd())) {
          return NextSeg.of(NextSeg.LOST, s, len);
        }
        rule3 = NextSeg.of(NextSeg.UNSACKED, s, len);
      }
    }
    if (newDataAllowed > 0) {
      return NextSeg.of(NextSeg.NEW_DATA, highData, Math.min(smss, newDataAllowed));
    }
    if (rule3 != NextSeg.NONE) {
      return rule3;
    }
    if (!rescueDefined || Seq.gt(highAck, rescueRxt)) {
      return rescueSegment();
    }
    return NextSeg.NONE;
  }

  /** Rule (4)'s range: up to SMSS ending at the highest outstanding unSACKed octet. */
  private long rescueSegment() {
    int end;
    int start;
    if (count > 0 && right[count - 1] == highData) {
      end = left[count - 1];
      start = count > 1 ? right[count - 2] : highAck;
    } else {
      end = highData;
      start = count > 0 ? right[count - 1] : highAck;
    }
    if (!Seq.lt(start, end)) {
      return NextSeg.NONE;
    }
    int len = Math.min(smss, end - start);
    return NextSeg.of(NextSeg.RESCUE, end - len, len);
  }

  /**
   * The segment at SND.UNA (RFC 6675 §5 step 4.3, RFC 6582's fast retransmit and partial-ACK
   * retransmission): up to SMSS, stopping at SACKed data unless SND.UNA itself is SACKed.
   */
  long firstSegment(int kind) {
    if (highAck == highData) {
      return NextSeg.NONE;
    }
    int end = isSacked(highAck) ? highData : holeEnd(highAck);
    return NextSeg.of(kind, highAck, Math.min(smss, end - highAck));
  }

  /**
   * After an RTO: the first unSACKed range at or above HighRxt and below {@code limit} (the
   * recovery point), at most SMSS; every such octet is lost.
   */
  long nextHole(int limit, int kind) {
    int s = firstUnsackedFrom(Seq.max(highRxt, highAck));
    int stop = Seq.min(limit, highData);
    if (!Seq.lt(s, stop)) {
      return NextSeg.NONE;
    }
    int end = Seq.min(holeEnd(s), stop);
    return NextSeg.of(kind, s, Math.min(smss, end - s));
  }

  // ---------------------------------------------------------------------------------------------
  // Recording what was sent

  /** Transmission of [seq, seq+len): raises HighData when it carries new data (§5 step C.3). */
  void sent(int seq, int len) {
    int end = seq + len;
    if (len > 0 && Seq.gt(end, highData)) {
      highData = end;
    }
  }

  /**
   * A retransmission of [seq, seq+len) by NextSeg() rules (1) or (3), or after an RTO: HighRxt
   * becomes its end (RFC 6675 §5 step C.2).
   */
  void retransmitted(int seq, int len) {
    sent(seq, len);
    int end = seq + len;
    if (len > 0 && Seq.gt(end, highRxt)) {
      highRxt = Seq.min(end, highData);
    }
  }

  /** NextSeg() rule (4) sent its rescue: RescueRxt = RecoveryPoint, HighRxt untouched. */
  void rescued(int recoveryPoint) {
    rescueRxt = recoveryPoint;
    rescueDefined = true;
  }

  /** RFC 6675 §5 step 4.3: HighRxt and RescueRxt after the fast retransmission of [una, end). */
  void fastRetransmitted(int end) {
    retransmitted(highAck, end - highAck);
    rescueRxt = end;
    rescueDefined = true;
  }

  /** The connection's DupThresh (RFC 6675 §2), 3 unless reordering raised it. */
  int dupThresh() {
    return dupThresh;
  }

  /**
   * Raises DupThresh to {@code n} (at most {@link #MAX_DUP_THRESH}; never lowers it), as Linux
   * raises tp->reordering when a retransmission proves to have been caused by reordering: RFC 6675
   * §2 leaves room for it and RFC 4653 argues for it.
   */
  void raiseDupThresh(int n) {
    int next = Math.clamp(n, dupThresh, MAX_DUP_THRESH);
    if (next != dupThresh) {
      dupThresh = next;
      recomputeLostEnd();
    }
  }

  /** A new loss recovery starts: nothing retransmitted yet, RescueRxt undefined. */
  void beginRecovery() {
    highRxt = highAck;
    rescueDefined = false;
  }

  /** Recovery ended: RFC 6675 §5 (A) keeps the SACK information; HighRxt returns to HighACK. */
  void endRecovery() {
    highRxt = highAck;
  }

  /**
   * A retransmission timeout (RFC 6675 §5.1, RFC 2018 §8): every outstanding unSACKed octet is
   * lost, nothing has been retransmitted (HighRxt = HighACK), RescueRxt is undefined. With {@code
   * forgetSacks} the SACK information is discarded first (RFC 2018 §8's "SHOULD turn off all of the
   * SACKed bits", for a receiver that may have reneged). {@link #newlyLost()} reports the octets
   * this marked lost.
   */
  void onRto(boolean forgetSacks) {
    clearReport();
    int lostBefore = lostBytes(); // all of it stays lost: after this, every unSACKed octet is
    if (forgetSacks) {
      count = 0;
      rebuild();
    }
    rtoLost = highAck != highData;
    rtoLostEnd = highData;
    highRxt = highAck;
    rescueDefined = false;
    newlyLost = lostBytes() - lostBefore;
  }

  // ---------------------------------------------------------------------------------------------
  // The report of the last update()

  /** Octets the last ACK acknowledged cumulatively: its SND.UNA advance. */
  int newlyAcked() {
    return newlyAcked;
  }

  /** Octets the last ACK's blocks SACKed that were not SACKed before (RFC 6675's DupAck test). */
  int newlySacked() {
    return newlySacked;
  }

  /** Of {@link #newlyAcked()}, the octets that had been SACKed already (delivered before). */
  int cumAckedSacked() {
    return cumAckedSacked;
  }

  /**
   * Octets newly delivered by the last ACK: newly acked but not SACKed before, plus newly SACKed.
   */
  int delivered() {
    return newlyAcked - cumAckedSacked + newlySacked;
  }

  /**
   * How many disjoint ranges the last update newly SACKed ({@link #newlySacked()} is their total
   * length), in no particular order; D-SACKs and ignored blocks are not among them.
   */
  int newlySackedPieces() {
    return pieceCount;
  }

  /** The left edge of newly SACKed range {@code i} of the last update. */
  int newlySackedLeft(int i) {
    return pieces[2 * checkPiece(i)];
  }

  /** One past the right edge of newly SACKed range {@code i} of the last update. */
  int newlySackedRight(int i) {
    return pieces[2 * checkPiece(i) + 1];
  }

  private int checkPiece(int i) {
    if (i < 0 || i >= pieceCount) {
      throw new IndexOutOfBoundsException(i);
    }
    return i;
  }

  /** Outstanding unSACKed octets the last update (or RTO) newly made IsLost(). */
  int newlyLost() {
    return newlyLost;
  }

  /** Blocks of the last ACK that were malformed, outside [SND.UNA, SND.MAX) or beyond the cap. */
  int ignoredBlocks() {
    return ignoredBlocks;
  }

  /** Whether the last ACK's first block was a D-SACK (RFC 2883). */
  boolean dsack() {
    return dsack;
  }

  int dsackLeft() {
    return dsackLeft;
  }

  int dsackRight() {
    return dsackRight;
  }

  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder("SackScoreboard[una=")
            .append(Seq.toString(highAck))
            .append(", max=")
            .append(Seq.toString(highData))
            .append(", sacked=");
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : " ")
          .append('[')
          .append(Seq.toString(left[i]))
          .append(',')
          .append(Seq.toString(right[i]))
          .append(')');
    }
    return b.append(", highRxt=")
        .append(Seq.toString(highRxt))
        .append(", pipe=")
        .append(pipe())
        .append(']')
        .toString();
  }
}
