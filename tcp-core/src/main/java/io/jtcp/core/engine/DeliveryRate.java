package io.jtcp.core.engine;

import io.jtcp.core.wire.Seq;
import java.util.Arrays;

/**
 * Delivery-rate estimation for one connection, after draft-cheng-iccrg-delivery-rate-estimation-02
 * as Linux's {@code net/ipv4/tcp_rate.c} implements it, in bytes where Linux counts packets.
 *
 * <p>The connection keeps {@link #delivered()} (bytes cumulatively acknowledged or newly SACKed),
 * the time it last grew ({@code deliveredTime}), the send time of the most recently delivered
 * segment ({@code firstSentTime}) and the application-limited mark. Every transmission records a
 * snapshot of them for its range of sequence space; every ACK takes the most recently sent of the
 * segments it newly delivers and turns that segment's snapshot into a sample: {@code (delivered −
 * snapshot.delivered) / max(send elapsed, ack elapsed)} (the draft's rate sample, Linux's
 * tcp_rate_gen).
 *
 * <h2>The snapshot table</h2>
 *
 * Linux keeps the snapshot in each skb of the retransmission queue. Here the table is a set of
 * parallel primitive arrays holding the ranges of sequence space sent, sorted by sequence number,
 * contiguous and covering [SND.UNA, SND.MAX) — the same shape as Linux's queue: new data appends an
 * entry, a retransmission overwrites the snapshot of the range it resends (splitting an entry when
 * its edges do not fall on one), the cumulative ACK drops entries from the front, and a SACK marks
 * the entries it covers, split at its edges (as Linux splits an skb and clears its {@code
 * delivered_mstamp}), so the cumulative ACK that later covers them does not deliver them twice. The
 * scoreboard reports which octets an ACK newly SACKed ({@link SackScoreboard#newlySackedPieces()}),
 * so an ACK costs a binary search plus the entries it newly delivered, not a walk over the SACKed
 * island. The arrays are allocated at the first transmission with {@value #INITIAL_CAPACITY}
 * entries and double when full (when moving the live entries to the front would not free half), up
 * to {@value #MAX_ENTRIES}; beyond that a new range is folded into the last entry (its snapshot
 * then dates from the older send, which only lengthens the sample's send phase). Nothing is
 * allocated once they have grown.
 *
 * <p>Not thread-safe: one connection, one engine thread.
 */
final class DeliveryRate {
  static final int INITIAL_CAPACITY = 64;

  /** The most entries kept: 2<sup>18</sup>, 380 MB in flight at an SMSS of 1448. */
  static final int MAX_ENTRIES = 1 << 18;

  private static final byte APP_LIMITED = 1;
  private static final byte RETRANSMITTED = 2;
  private static final byte SACKED = 4;

  // The draft's per-connection state (C.delivered, ...), in bytes and nanoseconds.
  private long delivered;
  private long deliveredTime;
  private long firstSentTime;

  /** The draft's C.app_limited: the delivered count that ends the bubble, 0 when none. */
  private long appLimitedUntil;

  private static final int[] NO_INTS = {};
  private static final long[] NO_LONGS = {};
  private static final byte[] NO_BYTES = {};

  // The snapshot table: entries [head, tail) of these arrays, sorted by sequence number. A
  // connection that never sends data holds no arrays (nor does one in TIME-WAIT, see trim()).
  private int[] start = NO_INTS;
  private int[] end = NO_INTS;
  private long[] sentAt = NO_LONGS;
  private long[] priorDelivered = NO_LONGS;
  private long[] priorDeliveredTime = NO_LONGS;
  private long[] priorFirstSent = NO_LONGS;
  private byte[] flags = NO_BYTES;
  private int head;
  private int tail;

  // The sample of the last ACK (the draft's rate sample rs).
  private long sampleRate;
  private long sampleInterval;
  private long samplePriorDelivered = -1;
  private boolean sampleAppLimited;
  private boolean retransmissionAcked;

  // The best candidate of the ACK being processed: the most recently sent segment it delivers.
  private boolean found;
  private long bestSentAt;
  private int bestEnd;
  private long bestDelivered;
  private long bestDeliveredTime;
  private long bestFirstSent;
  private boolean bestAppLimited;

  /** Starts with nothing sent; the sampling clock starts at {@code now}. */
  DeliveryRate(long now) {
    deliveredTime = now;
    firstSentTime = now;
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  /**
   * Records the transmission of [seq, seq + len) at {@code now} (Linux's tcp_rate_skb_sent), new
   * data or a retransmission.
   *
   * @param sndMax SND.MAX before this transmission
   * @param nothingInFlight whether SND.UNA = SND.MAX before it: then the sampling interval starts
   *     now, so that the first ACK measures exactly the flight it acknowledges (the draft, and
   *     tcp_rate_skb_sent's "if there are no packets in flight yet")
   */
  void onSent(int seq, int len, int sndMax, boolean nothingInFlight, long now) {
    if (len <= 0) {
      return;
    }
    if (nothingInFlight) {
      firstSentTime = now;
      deliveredTime = now;
    }
    int segEnd = seq + len;
    if (Seq.lt(seq, sndMax)) {
      resent(seq, Seq.min(segEnd, sndMax), now);
      if (Seq.le(segEnd, sndMax)) {
        return;
      }
      seq = sndMax; // the part beyond SND.MAX is new data
    }
    append(seq, segEnd, now);
  }

  private void append(int seq, int segEnd, long now) {
    if (tail == start.length && !makeRoom()) {
      // At the cap: fold the new range into the last entry, whose older snapshot stands for it.
      end[tail - 1] = segEnd;
      return;
    }
    int i = tail++;
    start[i] = seq;
    end[i] = segEnd;
    snapshot(i, now, (byte) 0);
  }

  /** A retransmission of [seq, segEnd), all below SND.MAX: new snapshots for the entries in it. */
  private void resent(int seq, int segEnd, long now) {
    if (head == tail) {
      return;
    }
    if (tail + 2 > start.length) {
      makeRoom(); // for the two splits at most; at the cap the entries are overwritten whole
    }
    int i = entryAt(seq);
    if (i < 0) {
      return; // below the table: already acknowledged (cannot happen: SND.UNA ≤ seq)
    }
    if (Seq.lt(start[i], seq) && split(i, seq)) {
      i++;
    }
    for (; i < tail && Seq.lt(start[i], segEnd); i++) {
      if (Seq.gt(end[i], segEnd)) {
        split(i, segEnd);
      }
      snapshot(i, now, (byte) (RETRANSMITTED | (flags[i] & SACKED)));
    }
  }

  private void snapshot(int i, long now, byte keep) {
    sentAt[i] = now;
    priorDelivered[i] = delivered;
    priorDeliveredTime[i] = deliveredTime;
    priorFirstSent[i] = firstSentTime;
    flags[i] = (byte) (keep | (appLimitedUntil != 0 ? APP_LIMITED : 0));
  }

  /**
   * Splits entry {@code i} at {@code at} (strictly inside it) into two with the same snapshot;
   * false, leaving it whole, when the table is at its cap.
   */
  private boolean split(int i, int at) {
    if (tail == start.length) {
      return false;
    }
    int n = tail - i - 1;
    System.arraycopy(start, i + 1, start, i + 2, n);
    System.arraycopy(end, i + 1, end, i + 2, n);
    System.arraycopy(sentAt, i + 1, sentAt, i + 2, n);
    System.arraycopy(priorDelivered, i + 1, priorDelivered, i + 2, n);
    System.arraycopy(priorDeliveredTime, i + 1, priorDeliveredTime, i + 2, n);
    System.arraycopy(priorFirstSent, i + 1, priorFirstSent, i + 2, n);
    System.arraycopy(flags, i + 1, flags, i + 2, n);
    tail++;
    start[i + 1] = at;
    end[i + 1] = end[i];
    sentAt[i + 1] = sentAt[i];
    priorDelivered[i + 1] = priorDelivered[i];
    priorDeliveredTime[i + 1] = priorDeliveredTime[i];
    priorFirstSent[i + 1] = priorFirstSent[i];
    flags[i + 1] = flags[i];
    end[i] = at;
    return true;
  }

  /**
   * Makes room for one more entry at the tail: moves the entries to the front when that frees at
   * least half the arrays, else doubles them. False at {@link #MAX_ENTRIES}.
   */
  private boolean makeRoom() {
    int n = tail - head;
    int cap = start.length;
    if (head > 0 && n <= cap / 2) {
      move(head, n);
      return true;
    }
    if (cap >= MAX_ENTRIES) {
      if (head == 0) {
        return false;
      }
      move(head, n);
      return true;
    }
    int grown = Math.clamp(2L * cap, INITIAL_CAPACITY, MAX_ENTRIES);
    start = Arrays.copyOf(start, grown);
    end = Arrays.copyOf(end, grown);
    sentAt = Arrays.copyOf(sentAt, grown);
    priorDelivered = Arrays.copyOf(priorDelivered, grown);
    priorDeliveredTime = Arrays.copyOf(priorDeliveredTime, grown);
    priorFirstSent = Arrays.copyOf(priorFirstSent, grown);
    flags = Arrays.copyOf(flags, grown);
    return true;
  }

  private void move(int from, int n) {
    System.arraycopy(start, from, start, 0, n);
    System.arraycopy(end, from, end, 0, n);
    System.arraycopy(sentAt, from, sentAt, 0, n);
    System.arraycopy(priorDelivered, from, priorDelivered, 0, n);
    System.arraycopy(priorDeliveredTime, from, priorDeliveredTime, 0, n);
    System.arraycopy(priorFirstSent, from, priorFirstSent, 0, n);
    System.arraycopy(flags, from, flags, 0, n);
    head = 0;
    tail = n;
  }

  /** The entry holding {@code seq}, or -1 when {@code seq} lies outside the table. */
  private int entryAt(int seq) {
    int ref = start[head];
    long off = Integer.toUnsignedLong(seq - ref);
    if (off >= Integer.toUnsignedLong(end[tail - 1] - ref)) {
      return -1;
    }
    int i = firstEndAbove(seq, ref);
    return i < tail ? i : -1;
  }

  /** The first entry whose end lies above {@code seq}, offsets taken from {@code ref}. */
  private int firstEndAbove(int seq, int ref) {
    long off = Integer.toUnsignedLong(seq - ref);
    int lo = head;
    int hi = tail;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Integer.toUnsignedLong(end[mid] - ref) > off) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * The draft's application-limited check, made when the application writes (Linux's
   * tcp_rate_check_app_limited, called from tcp_sendmsg): with less than one SMSS unsent, the link
   * not holding data back, the pipe below cwnd and no lost data awaiting retransmission, the sender
   * is short of data, and the samples of everything sent until the pipe of this moment is delivered
   * are app-limited.
   */
  void checkAppLimited(boolean shortOfData, long pipe) {
    if (shortOfData) {
      appLimitedUntil = Math.max(delivered + pipe, 1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Per ACK

  /**
   * For an RTT sample from a cumulative ACK up to {@code ack}, before {@link #onAck} consumes it:
   * when the oldest range it newly acknowledges (and that no SACK acknowledged before) was sent, or
   * -1 when it acknowledges retransmitted data (Karn, RFC 6298 §3) or nothing recorded. Linux takes
   * this microsecond sample on every ACK (tcp_clean_rtx_queue's first_ackt); the timestamp option's
   * echo only dates a segment to the millisecond, which on a sub-millisecond path is zero.
   */
  long rttSendTime(int ack) {
    long first = -1;
    for (int i = head; i < tail && Seq.le(end[i], ack); i++) {
      byte f = flags[i];
      if ((f & RETRANSMITTED) != 0) {
        return -1;
      }
      if (first < 0 && (f & SACKED) == 0) {
        first = sentAt[i];
      }
    }
    return first;
  }

  /**
   * Takes the sample of one ACK, after the scoreboard's update for it (Linux's
   * tcp_rate_skb_delivered for every segment it delivers, then tcp_rate_gen).
   *
   * @param board the scoreboard, whose report is this ACK's
   * @param minRtt the connection's minimum RTT in nanoseconds, 0 before the first sample
   */
  void onAck(SackScoreboard board, long now, long minRtt) {
    sampleRate = 0;
    sampleInterval = 0;
    samplePriorDelivered = -1;
    sampleAppLimited = false;
    retransmissionAcked = false;
    found = false;
    long newly = board.delivered();
    delivered += newly;
    int una = board.highAck();
    if (head < tail) {
      acknowledged(una, board);
      for (int p = 0, n = board.newlySackedPieces(); p < n && head < tail; p++) {
        sacked(board.newlySackedLeft(p), board.newlySackedRight(p), una, board);
      }
    }
    // The bubble is gone once everything in flight when it was marked has been delivered.
    if (appLimitedUntil != 0 && delivered > appLimitedUntil) {
      appLimitedUntil = 0;
    }
    if (newly > 0) {
      deliveredTime = now;
    }
    if (!found) {
      return;
    }
    firstSentTime = bestSentAt; // the next send phase starts at this segment's transmission
    samplePriorDelivered = bestDelivered;
    sampleAppLimited = bestAppLimited;
    long sendElapsed = bestSentAt - bestFirstSent;
    long ackElapsed = now - bestDeliveredTime;
    // Sends and ACKs are two phases of one pipeline; ACK compression can make the ACK phase the
    // shorter one, so the longer phase bounds the rate (the draft, tcp_rate_gen).
    long interval = Math.max(sendElapsed, ackElapsed);
    // Shorter than the minimum RTT can only come from a spurious retransmission's early ACK or
    // ACKs of data SACKed before a reneging: tcp_rate_gen discards such a sample.
    long bytes = delivered - bestDelivered;
    if (interval <= 0 || interval < minRtt || bytes <= 0) {
      return;
    }
    sampleInterval = interval;
    sampleRate = Math.max((long) (bytes * 1e9 / interval), 1); // 0 means "no sample"
  }

  /** The cumulative ACK reached {@code una}: drops what it covers, delivering what SACK did not. */
  private void acknowledged(int una, SackScoreboard board) {
    while (head < tail && Seq.le(end[head], una)) {
      if ((flags[head] & SACKED) == 0) {
        delivers(head);
      }
      head++;
    }
    if (head == tail) {
      head = 0;
      tail = 0;
      return;
    }
    if (Seq.lt(start[head], una)) {
      // Part of a segment: Linux delivers a single-segment skb only whole (tcp_clean_rtx_queue).
      if ((flags[head] & RETRANSMITTED) != 0) {
        retransmissionAcked = true;
      }
      start[head] = una;
      if ((flags[head] & SACKED) == 0 && Seq.ge(board.sackedThrough(una), end[head])) {
        flags[head] |= SACKED;
        delivers(head); // the rest had been SACKed already
      }
    }
  }

  /**
   * [l, r) was newly SACKed: the entries in it are delivered, split at its edges first, as Linux
   * splits an skb at a SACK block's edge (tcp_match_skb_to_sack), so that every SACKed octet
   * belongs to a marked entry and a later retransmission's split cannot leave a SACKed part
   * unmarked, to be delivered again by the cumulative ACK.
   */
  private void sacked(int l, int r, int una, SackScoreboard board) {
    if (tail + 2 > start.length) {
      makeRoom(); // for the two splits at most
    }
    for (int i = firstEndAbove(l, una); i < tail && Seq.lt(start[i], r); i++) {
      if ((flags[i] & SACKED) != 0) {
        continue;
      }
      if (Seq.lt(start[i], l) && split(i, l)) {
        i++;
      }
      if (Seq.gt(end[i], r)) {
        split(i, r);
      }
      if (Seq.ge(board.sackedThrough(start[i]), end[i])) {
        flags[i] |= SACKED;
        delivers(i);
      } else if ((flags[i] & RETRANSMITTED) != 0) {
        retransmissionAcked = true; // at the cap, unsplit: part of a retransmission arrived
      }
    }
  }

  /**
   * Entry {@code i} is newly delivered: its snapshot becomes the sample's if it is the most
   * recently sent so far (later send time, then higher sequence: Linux's tcp_skb_sent_after).
   */
  private void delivers(int i) {
    if ((flags[i] & RETRANSMITTED) != 0) {
      retransmissionAcked = true;
    }
    if (found && (sentAt[i] < bestSentAt || sentAt[i] == bestSentAt && Seq.le(end[i], bestEnd))) {
      return;
    }
    found = true;
    bestSentAt = sentAt[i];
    bestEnd = end[i];
    bestDelivered = priorDelivered[i];
    bestDeliveredTime = priorDeliveredTime[i];
    bestFirstSent = priorFirstSent[i];
    bestAppLimited = (flags[i] & APP_LIMITED) != 0;
  }

  /**
   * Releases the table's arrays when nothing is outstanding (TIME-WAIT keeps no send-side storage);
   * they are allocated again if anything is sent.
   */
  void trim() {
    if (head == tail) {
      head = 0;
      tail = 0;
      start = NO_INTS;
      end = NO_INTS;
      sentAt = NO_LONGS;
      priorDelivered = NO_LONGS;
      priorDeliveredTime = NO_LONGS;
      priorFirstSent = NO_LONGS;
      flags = NO_BYTES;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** Bytes delivered so far: cumulatively acknowledged or SACKed, each once. */
  long delivered() {
    return delivered;
  }

  /** Whether the connection is in an app-limited bubble (the draft's C.app_limited ≠ 0). */
  boolean appLimited() {
    return appLimitedUntil != 0;
  }

  /** The last ACK's rate in bytes per second (at least 1), 0 when it gave no valid sample. */
  long rate() {
    return sampleRate;
  }

  /** The last sample's interval in nanoseconds, 0 when it gave no valid sample. */
  long interval() {
    return sampleInterval;
  }

  /**
   * {@link #delivered()} when the segment the last sample rests on was sent, -1 when the last ACK
   * delivered no segment the table knew.
   */
  long priorDelivered() {
    return samplePriorDelivered;
  }

  /** Whether the segment the last sample rests on was sent in an app-limited bubble. */
  boolean sampleAppLimited() {
    return sampleAppLimited;
  }

  /** Whether the last ACK newly acknowledged or SACKed bytes that had been retransmitted. */
  boolean retransmissionAcked() {
    return retransmissionAcked;
  }

  /** Entries in the snapshot table (for tests). */
  int entries() {
    return tail - head;
  }

  /** The table's current array length (for tests: it must not grow without need). */
  int capacity() {
    return start.length;
  }

  @Override
  public String toString() {
    return "DeliveryRate[delivered="
        + delivered
        + ", entries="
        + (tail - head)
        + (appLimitedUntil != 0 ? ", app-limited until " + appLimitedUntil : "")
        + ", rate="
        + sampleRate
        + "]";
  }
}
