package io.jtcp.core.engine;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A receiver for reassembly and SACK tests: a {@link ReassemblyQueue} in front of a {@link
 * ByteRing}, the way the connection uses them, with every sequence number written as an offset from
 * the initial receive sequence number so that tests read like RFC 2018's examples. The byte at
 * sequence number {@code s} is always {@link #byteAt}{@code (s)}, so whatever comes out of the ring
 * can be checked against the sequence numbers it should have come from.
 */
final class ReceiveFixture {
  final int irs;
  final ByteRing ring;
  final ReassemblyQueue queue;
  int rcvNxt;
  private final ByteArrayOutputStream delivered = new ByteArrayOutputStream();
  private long readFrom;

  ReceiveFixture(int irs, int limit) {
    this(irs, limit, ReassemblyQueue.DEFAULT_MAX_RANGES);
  }

  ReceiveFixture(int irs, int limit, int maxRanges) {
    this.irs = irs;
    this.ring = new ByteRing(limit);
    this.queue = new ReassemblyQueue(limit, maxRanges);
    this.rcvNxt = irs;
  }

  /** The content of the byte at sequence number {@code seq}: a hash, so misplacements show. */
  static byte byteAt(int seq) {
    int h = seq * 0x9E3779B1;
    return (byte) (h ^ h >>> 15 ^ h >>> 24);
  }

  /** A segment holding bytes {@code [seq, seq + len)}, at offset 3 in its memory segment. */
  static MemorySegment payload(int seq, int len) {
    byte[] b = new byte[len + 6];
    for (int i = 0; i < len; i++) {
      b[3 + i] = byteAt(seq + i);
    }
    return MemorySegment.ofArray(b);
  }

  /** Receives data {@code [from, to)} (offsets from the IRS). */
  ReceiveFixture data(int from, int to) {
    return segment(from, to, false);
  }

  /** Receives data {@code [from, to)} with a FIN after it. */
  ReceiveFixture fin(int from, int to) {
    return segment(from, to, true);
  }

  ReceiveFixture segment(int from, int to, boolean fin) {
    int seq = irs + from;
    rcvNxt = queue.receive(seq, payload(seq, to - from), 3, to - from, fin, rcvNxt, ring);
    return this;
  }

  /** What the acceptability test rejected: data {@code [from, to)}. */
  ReceiveFixture unacceptable(int from, int to) {
    queue.unacceptable(irs + from, to - from, rcvNxt);
    return this;
  }

  /** The application reads {@code n} bytes (or all there are). */
  ReceiveFixture read(int n) {
    byte[] b = new byte[n];
    int got = ring.read(b, 0, n);
    delivered.write(b, 0, got);
    return this;
  }

  /** RCV.NXT as an offset from the IRS. */
  int next() {
    return rcvNxt - irs;
  }

  /** Reads everything in the ring and returns all bytes read so far, checked against their seqs. */
  int deliveredChecked() {
    read(ring.size());
    byte[] all = delivered.toByteArray();
    for (int i = (int) readFrom; i < all.length; i++) {
      int seq = irs + i;
      if (all[i] != byteAt(seq)) {
        throw new AssertionError("byte " + i + " after the IRS is not the one sent there");
      }
    }
    readFrom = all.length;
    return all.length;
  }

  /** The held ranges as {@code "a-b c-d"}, offsets from the IRS, in sequence order. */
  String held() {
    StringJoiner j = new StringJoiner(" ");
    for (int i = 0; i < queue.rangeCount(); i++) {
      j.add((queue.rangeStart(i) - irs) + "-" + (queue.rangeEnd(i) - irs));
    }
    return j.toString();
  }

  /** The next ACK's SACK blocks as {@code "a-b c-d"}, offsets from the IRS, in option order. */
  String sack(int max) {
    int[] l = new int[4];
    int[] r = new int[4];
    int n = queue.fillSack(l, r, max);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add((l[i] - irs) + "-" + (r[i] - irs));
    }
    return String.join(" ", out);
  }

  String sack() {
    return sack(4);
  }
}
