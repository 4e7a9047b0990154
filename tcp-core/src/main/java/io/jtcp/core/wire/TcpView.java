package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * A reusable view of a TCP segment (RFC 9293 §3.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsv |E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             data                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@code wrap} walks the options once, refuses structurally broken ones (RFC 9293 MUST-7: an
 * illegal option length must not crash the receiver), and leaves the interpreted ones in primitive
 * fields, so reading MSS, timestamps or SACK blocks on the per-segment path allocates nothing.
 */
public final class TcpView {
  public static final int MIN_HEADER_LENGTH = 20;
  public static final int MAX_HEADER_LENGTH = 60;

  private MemorySegment seg = MemorySegment.NULL;
  private long off;
  private int len;

  private int mss;
  private int windowScale;
  private boolean sackPermitted;
  private boolean timestamps;
  private int tsValue;
  private int tsEchoReply;
  private int sackCount;
  private final int[] sackLeft = new int[TcpOptions.MAX_SACK_BLOCKS];
  private final int[] sackRight = new int[TcpOptions.MAX_SACK_BLOCKS];
  private int optionCount;
  private final int[] optionStart = new int[TcpOptions.MAX_LENGTH];
  private final int[] optionLength = new int[TcpOptions.MAX_LENGTH];

  /**
   * Views the {@code len} bytes of a segment that travelled from {@code srcIp} to {@code dstIp} and
   * verifies its checksum over the pseudo-header; returns why it cannot be used, or null if it can.
   */
  public @Nullable DropReason wrap(MemorySegment s, long offset, int length, int srcIp, int dstIp) {
    DropReason r = wrapUnverified(s, offset, length);
    if (r == null
        && Checksum.fold(
                Checksum.add(
                    Checksum.pseudoHeader(srcIp, dstIp, IpProtocol.TCP, length), s, offset, length))
            != 0) {
      return DropReason.TCP_CHECKSUM;
    }
    return r;
  }

  /**
   * Views a segment without checking its checksum: for captures made before checksum offload filled
   * it in.
   */
  public @Nullable DropReason wrapUnverified(MemorySegment s, long offset, int length) {
    if (!Bounds.inside(s, offset, length) || length < MIN_HEADER_LENGTH) {
      return DropReason.TRUNCATED;
    }
    int hlen = (Bytes.u8(s, offset + 12) >>> 4) * 4;
    if (hlen < MIN_HEADER_LENGTH || hlen > length) {
      return DropReason.BAD_DATA_OFFSET;
    }
    seg = s;
    off = offset;
    len = length;
    return walkOptions(offset + MIN_HEADER_LENGTH, offset + hlen);
  }

  private @Nullable DropReason walkOptions(long start, long end) {
    mss = -1;
    windowScale = -1;
    sackPermitted = false;
    timestamps = false;
    sackCount = 0;
    optionCount = 0;
    long p = start;
    while (p < end) {
      int kind = Bytes.u8(seg, p);
      if (kind == TcpOptions.EOL) {
        break;
      }
      int olen = 1;
      if (kind != TcpOptions.NOP) {
        if (p + 1 >= end) {
          return DropReason.BAD_OPTION_LENGTH;
        }
        olen = Bytes.u8(seg, p + 1);
        if (olen < 2 || p + olen > end) {
          return DropReason.BAD_OPTION_LENGTH;
        }
        if (TcpOptions.interpreted(kind, olen)) {
          interpret(kind, p, olen);
        }
      }
      optionStart[optionCount] = (int) (p - off);
      optionLength[optionCount] = olen;
      optionCount++;
      p += olen;
    }
    return null;
  }

  private void interpret(int kind, long p, int olen) {
    switch (kind) {
      case TcpOptions.MSS -> mss = Bytes.u16(seg, p + 2);
      case TcpOptions.WINDOW_SCALE -> windowScale = Bytes.u8(seg, p + 2);
      case TcpOptions.SACK_PERMITTED -> sackPermitted = true;
      case TcpOptions.TIMESTAMPS -> {
        timestamps = true;
        tsValue = Bytes.i32(seg, p + 2);
        tsEchoReply = Bytes.i32(seg, p + 6);
      }
      case TcpOptions.SACK -> {
        sackCount = (olen - 2) / 8;
        for (int i = 0; i < sackCount; i++) {
          sackLeft[i] = Bytes.i32(seg, p + 2 + 8L * i);
          sackRight[i] = Bytes.i32(seg, p + 6 + 8L * i);
        }
      }
      default -> throw new AssertionError("kind " + kind + " is not interpreted");
    }
  }

  /**
   * Views a buffer to fill in and writes the data offset; options go at {@link #optionsOffset()},
   * and the caller calls {@link #fillChecksum} last.
   */
  public TcpView writeTo(MemorySegment s, long offset, int headerLength, int length) {
    if (headerLength < MIN_HEADER_LENGTH
        || headerLength > MAX_HEADER_LENGTH
        || headerLength % 4 != 0) {
      throw new IllegalArgumentException(
          "TCP header length must be a multiple of 4 in [20, 60]; got " + headerLength);
    }
    if (length < headerLength) {
      throw new IllegalArgumentException(
          "a TCP segment of " + length + " bytes cannot hold a " + headerLength + "-byte header");
    }
    Bounds.requireRoom(s, offset, length, "a TCP segment");
    seg = s;
    off = offset;
    len = length;
    Bytes.u8(s, offset + 12, headerLength / 4 << 4);
    return this;
  }

  public int sourcePort() {
    return Bytes.u16(seg, off);
  }

  public int destinationPort() {
    return Bytes.u16(seg, off + 2);
  }

  public int sequenceNumber() {
    return Bytes.i32(seg, off + 4);
  }

  public int acknowledgmentNumber() {
    return Bytes.i32(seg, off + 8);
  }

  public int headerLength() {
    return (Bytes.u8(seg, off + 12) >>> 4) * 4;
  }

  /** The control bits, reserved ones included ({@link TcpFlags}). */
  public int flags() {
    return Bytes.u16(seg, off + 12) & TcpFlags.MASK;
  }

  public boolean has(int flag) {
    return TcpFlags.has(flags(), flag);
  }

  public int window() {
    return Bytes.u16(seg, off + 14);
  }

  public int checksum() {
    return Bytes.u16(seg, off + 16);
  }

  public int urgentPointer() {
    return Bytes.u16(seg, off + 18);
  }

  public long optionsOffset() {
    return off + MIN_HEADER_LENGTH;
  }

  public long payloadOffset() {
    return off + headerLength();
  }

  public int payloadLength() {
    return len - headerLength();
  }

  /**
   * Sequence space the segment occupies: its data, plus one each for SYN and FIN (RFC 9293 §3.4).
   */
  public int segmentLength() {
    int f = flags();
    return payloadLength() + (f & TcpFlags.SYN) / TcpFlags.SYN + (f & TcpFlags.FIN);
  }

  public MemorySegment segment() {
    return seg;
  }

  /** The MSS option's value, or -1 if absent. */
  public int mss() {
    return mss;
  }

  /** The window-scale option's shift as sent (not clamped), or -1 if absent. */
  public int windowScale() {
    return windowScale;
  }

  public boolean sackPermitted() {
    return sackPermitted;
  }

  public boolean hasTimestamps() {
    return timestamps;
  }

  public int tsValue() {
    return tsValue;
  }

  public int tsEchoReply() {
    return tsEchoReply;
  }

  public int sackBlockCount() {
    return sackCount;
  }

  public int sackLeft(int i) {
    return sackLeft[i];
  }

  public int sackRight(int i) {
    return sackRight[i];
  }

  /** How many options precede the end of the list, NOPs and uninterpreted ones included. */
  public int optionCount() {
    return optionCount;
  }

  /** Where option {@code i} starts, relative to the start of the segment. */
  public int optionStart(int i) {
    return optionStart[i];
  }

  public int optionLength(int i) {
    return optionLength[i];
  }

  public TcpView sourcePort(int v) {
    Bytes.u16(seg, off, v);
    return this;
  }

  public TcpView destinationPort(int v) {
    Bytes.u16(seg, off + 2, v);
    return this;
  }

  public TcpView sequenceNumber(int v) {
    Bytes.i32(seg, off + 4, v);
    return this;
  }

  public TcpView acknowledgmentNumber(int v) {
    Bytes.i32(seg, off + 8, v);
    return this;
  }

  /** Sets the twelve flag bits, keeping the data offset. */
  public TcpView flags(int v) {
    int doff = Bytes.u8(seg, off + 12) & 0xF0;
    Bytes.u16(seg, off + 12, doff << 8 | v & TcpFlags.MASK);
    return this;
  }

  public TcpView window(int v) {
    Bytes.u16(seg, off + 14, v);
    return this;
  }

  public TcpView urgentPointer(int v) {
    Bytes.u16(seg, off + 18, v);
    return this;
  }

  /**
   * Leaves the checksum to the link (Linux's CHECKSUM_PARTIAL): a zero field, for links that
   * declare checksum offload.
   */
  public TcpView clearChecksum() {
    Bytes.u16(seg, off + 16, 0);
    return this;
  }

  /** Computes the checksum over the pseudo-header and the whole segment as written. */
  public TcpView fillChecksum(int srcIp, int dstIp) {
    Bytes.u16(seg, off + 16, 0);
    long sum = Checksum.pseudoHeader(srcIp, dstIp, IpProtocol.TCP, len);
    Bytes.u16(seg, off + 16, Checksum.fold(Checksum.add(sum, seg, off, len)));
    return this;
  }
}
