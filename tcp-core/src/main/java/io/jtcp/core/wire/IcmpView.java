package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * A reusable view of an ICMPv4 message (RFC 792):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Rest of header: echo identifier + sequence, or unused +      |
 * |  next-hop MTU for "fragmentation needed" (RFC 1191)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Body: echo data, or the offending datagram's header + 8 bytes|
 * </pre>
 *
 * <p>The checksum covers the whole message and has no pseudo-header.
 */
public final class IcmpView {
  public static final int HEADER_LENGTH = 8;
  public static final int TYPE_ECHO_REPLY = 0;
  public static final int TYPE_DESTINATION_UNREACHABLE = 3;
  public static final int TYPE_ECHO_REQUEST = 8;
  public static final int TYPE_TIME_EXCEEDED = 11;
  public static final int CODE_PORT_UNREACHABLE = 3;
  public static final int CODE_FRAGMENTATION_NEEDED = 4;

  private MemorySegment seg = MemorySegment.NULL;
  private long off;
  private int len;

  /** Views and verifies an ICMP message; returns why it cannot be used, or null if it can. */
  public @Nullable DropReason wrap(MemorySegment s, long offset, int length) {
    if (!Bounds.inside(s, offset, length) || length < HEADER_LENGTH) {
      return DropReason.TRUNCATED;
    }
    if (Checksum.of(s, offset, length) != 0) {
      return DropReason.ICMP_CHECKSUM;
    }
    seg = s;
    off = offset;
    len = length;
    return null;
  }

  /**
   * Views a buffer to fill in; the caller guarantees the room and calls {@link #fillChecksum()}
   * last.
   */
  public IcmpView writeTo(MemorySegment s, long offset, int length) {
    Bounds.requireRoom(s, offset, Math.max(length, HEADER_LENGTH), "an ICMP message");
    seg = s;
    off = offset;
    len = length;
    return this;
  }

  public int type() {
    return Bytes.u8(seg, off);
  }

  public int code() {
    return Bytes.u8(seg, off + 1);
  }

  public int restOfHeader() {
    return Bytes.i32(seg, off + 4);
  }

  public long bodyOffset() {
    return off + HEADER_LENGTH;
  }

  public int bodyLength() {
    return len - HEADER_LENGTH;
  }

  public IcmpView type(int v) {
    Bytes.u8(seg, off, v);
    return this;
  }

  public IcmpView code(int v) {
    Bytes.u8(seg, off + 1, v);
    return this;
  }

  public IcmpView restOfHeader(int v) {
    Bytes.i32(seg, off + 4, v);
    return this;
  }

  public IcmpView fillChecksum() {
    Bytes.u16(seg, off + 2, 0);
    Bytes.u16(seg, off + 2, Checksum.of(seg, off, len));
    return this;
  }
}
