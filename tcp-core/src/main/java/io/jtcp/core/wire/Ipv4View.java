package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * A reusable view of an IPv4 header (RFC 791):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP/ECN    |          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)          |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Options are skipped, not interpreted. Fragments are recognised and refused: this version does
 * not reassemble (RFC 791 lets a host drop what it cannot reassemble), and a TCP peer that honours
 * our MSS never sends them.
 */
public final class Ipv4View {
  public static final int MIN_HEADER_LENGTH = 20;
  public static final int MAX_HEADER_LENGTH = 60;
  public static final int FLAG_RESERVED = 0b100;
  public static final int FLAG_DF = 0b010;
  public static final int FLAG_MF = 0b001;

  private MemorySegment seg = MemorySegment.NULL;
  private long off;

  /**
   * Views a packet and verifies its header checksum; returns why it cannot be used, or null if it
   * can.
   */
  public @Nullable DropReason wrap(MemorySegment s, long offset, int length) {
    return wrap(s, offset, length, true);
  }

  /**
   * Views a packet. {@code verifyChecksum} false is for captures, where checksum offload leaves
   * outgoing packets with a checksum the NIC was to fill in.
   */
  public @Nullable DropReason wrap(
      MemorySegment s, long offset, int length, boolean verifyChecksum) {
    if (!Bounds.inside(s, offset, length) || length < MIN_HEADER_LENGTH) {
      return DropReason.TRUNCATED;
    }
    int vihl = Bytes.u8(s, offset);
    if (vihl >>> 4 != 4) {
      return DropReason.UNSUPPORTED_VERSION;
    }
    int hlen = (vihl & 0xF) * 4;
    if (hlen < MIN_HEADER_LENGTH) {
      return DropReason.BAD_HEADER_LENGTH;
    }
    int total = Bytes.u16(s, offset + 2);
    if (total < hlen) {
      return DropReason.BAD_TOTAL_LENGTH;
    }
    if (total > length) {
      return DropReason.TRUNCATED;
    }
    if (verifyChecksum && Checksum.of(s, offset, hlen) != 0) {
      return DropReason.IP_CHECKSUM;
    }
    int fragment = Bytes.u16(s, offset + 6);
    if ((fragment & 0x3FFF) != 0) { // MF set, or a non-zero offset
      return DropReason.FRAGMENT;
    }
    seg = s;
    off = offset;
    return null;
  }

  /**
   * Views a buffer to fill in and writes version and header length; the caller guarantees the room
   * and calls {@link #fillChecksum()} last.
   */
  public Ipv4View writeTo(MemorySegment s, long offset, int headerLength) {
    if (headerLength < MIN_HEADER_LENGTH
        || headerLength > MAX_HEADER_LENGTH
        || headerLength % 4 != 0) {
      throw new IllegalArgumentException(
          "IPv4 header length must be a multiple of 4 in [20, 60]; got " + headerLength);
    }
    Bounds.requireRoom(s, offset, headerLength, "an IPv4 header");
    seg = s;
    off = offset;
    Bytes.u8(s, offset, 0x40 | headerLength / 4);
    return this;
  }

  public int headerLength() {
    return (Bytes.u8(seg, off) & 0xF) * 4;
  }

  public int tos() {
    return Bytes.u8(seg, off + 1);
  }

  public int totalLength() {
    return Bytes.u16(seg, off + 2);
  }

  public int identification() {
    return Bytes.u16(seg, off + 4);
  }

  public int flags() {
    return Bytes.u16(seg, off + 6) >>> 13;
  }

  public int fragmentOffset() {
    return Bytes.u16(seg, off + 6) & 0x1FFF;
  }

  public int ttl() {
    return Bytes.u8(seg, off + 8);
  }

  public int protocol() {
    return Bytes.u8(seg, off + 9);
  }

  public int checksum() {
    return Bytes.u16(seg, off + 10);
  }

  public int source() {
    return Bytes.i32(seg, off + 12);
  }

  public int destination() {
    return Bytes.i32(seg, off + 16);
  }

  public long optionsOffset() {
    return off + MIN_HEADER_LENGTH;
  }

  public long payloadOffset() {
    return off + headerLength();
  }

  public int payloadLength() {
    return totalLength() - headerLength();
  }

  public Ipv4View tos(int v) {
    Bytes.u8(seg, off + 1, v);
    return this;
  }

  public Ipv4View totalLength(int v) {
    Bytes.u16(seg, off + 2, v);
    return this;
  }

  public Ipv4View identification(int v) {
    Bytes.u16(seg, off + 4, v);
    return this;
  }

  public Ipv4View flagsAndFragmentOffset(int flags, int fragmentOffset) {
    Bytes.u16(seg, off + 6, flags << 13 | fragmentOffset & 0x1FFF);
    return this;
  }

  public Ipv4View ttl(int v) {
    Bytes.u8(seg, off + 8, v);
    return this;
  }

  public Ipv4View protocol(int v) {
    Bytes.u8(seg, off + 9, v);
    return this;
  }

  public Ipv4View source(int v) {
    Bytes.i32(seg, off + 12, v);
    return this;
  }

  public Ipv4View destination(int v) {
    Bytes.i32(seg, off + 16, v);
    return this;
  }

  /** Computes the header checksum over the header as written. */
  public Ipv4View fillChecksum() {
    Bytes.u16(seg, off + 10, 0);
    Bytes.u16(seg, off + 10, Checksum.of(seg, off, headerLength()));
    return this;
  }
}
