package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * A reusable view of an Ethernet II header (IEEE 802.3, DIX framing), without preamble or FCS:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination MAC (48 bits)                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     Source MAC (48 bits)      +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           EtherType           |  Payload ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetView {
  public static final int HEADER_LENGTH = 14;
  private static final int DST = 0;
  private static final int SRC = 6;
  private static final int TYPE = 12;

  private MemorySegment seg = MemorySegment.NULL;
  private long off;
  private int len;

  /**
   * Views {@code len} bytes at {@code off}; returns why they cannot be a frame, or null if they
   * can.
   */
  public @Nullable DropReason wrap(MemorySegment s, long offset, int length) {
    if (!Bounds.inside(s, offset, length) || length < HEADER_LENGTH) {
      return DropReason.TRUNCATED;
    }
    seg = s;
    off = offset;
    len = length;
    return null;
  }

  /** Views a buffer to fill in; the caller guarantees the room. */
  public EthernetView writeTo(MemorySegment s, long offset, int length) {
    Bounds.requireRoom(s, offset, Math.max(length, HEADER_LENGTH), "an Ethernet header");
    seg = s;
    off = offset;
    len = length;
    return this;
  }

  public long destination() {
    return Bytes.u48(seg, off + DST);
  }

  public long source() {
    return Bytes.u48(seg, off + SRC);
  }

  public int etherType() {
    return Bytes.u16(seg, off + TYPE);
  }

  public long payloadOffset() {
    return off + HEADER_LENGTH;
  }

  public int payloadLength() {
    return len - HEADER_LENGTH;
  }

  public MemorySegment segment() {
    return seg;
  }

  public EthernetView destination(long mac) {
    Bytes.u48(seg, off + DST, mac);
    return this;
  }

  public EthernetView source(long mac) {
    Bytes.u48(seg, off + SRC, mac);
    return this;
  }

  public EthernetView etherType(int type) {
    Bytes.u16(seg, off + TYPE, type);
    return this;
  }
}
