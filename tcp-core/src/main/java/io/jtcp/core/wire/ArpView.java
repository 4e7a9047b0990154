package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * A reusable view of an ARP packet for IPv4 over Ethernet (RFC 826):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Hardware type (1)         |     Protocol type (0x0800)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  HLEN (6)     |   PLEN (4)    |   Operation (1 req, 2 reply)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Sender hardware address (6) ... Sender protocol address (4)  |
 * |  Target hardware address (6) ... Target protocol address (4)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ArpView {
  public static final int LENGTH = 28;
  public static final int REQUEST = 1;
  public static final int REPLY = 2;
  private static final int HTYPE_ETHERNET = 1;

  private MemorySegment seg = MemorySegment.NULL;
  private long off;

  /**
   * Views an ARP packet; anything but Ethernet/IPv4 requests and replies is refused with a reason.
   */
  public @Nullable DropReason wrap(MemorySegment s, long offset, int length) {
    if (!Bounds.inside(s, offset, length) || length < LENGTH) {
      return DropReason.TRUNCATED;
    }
    if (Bytes.u16(s, offset) != HTYPE_ETHERNET
        || Bytes.u16(s, offset + 2) != EtherType.IPV4
        || Bytes.u8(s, offset + 4) != 6
        || Bytes.u8(s, offset + 5) != 4) {
      return DropReason.ARP_UNSUPPORTED;
    }
    int op = Bytes.u16(s, offset + 6);
    if (op != REQUEST && op != REPLY) {
      return DropReason.ARP_BAD_OPERATION;
    }
    seg = s;
    off = offset;
    return null;
  }

  /**
   * Views a buffer to fill in and writes the fixed Ethernet/IPv4 preamble; the caller guarantees
   * the room.
   */
  public ArpView writeTo(MemorySegment s, long offset) {
    Bounds.requireRoom(s, offset, LENGTH, "an ARP packet");
    seg = s;
    off = offset;
    Bytes.u16(s, offset, HTYPE_ETHERNET);
    Bytes.u16(s, offset + 2, EtherType.IPV4);
    Bytes.u8(s, offset + 4, 6);
    Bytes.u8(s, offset + 5, 4);
    return this;
  }

  public int operation() {
    return Bytes.u16(seg, off + 6);
  }

  public long senderHardware() {
    return Bytes.u48(seg, off + 8);
  }

  public int senderProtocol() {
    return Bytes.i32(seg, off + 14);
  }

  public long targetHardware() {
    return Bytes.u48(seg, off + 18);
  }

  public int targetProtocol() {
    return Bytes.i32(seg, off + 24);
  }

  public ArpView operation(int op) {
    Bytes.u16(seg, off + 6, op);
    return this;
  }

  public ArpView senderHardware(long mac) {
    Bytes.u48(seg, off + 8, mac);
    return this;
  }

  public ArpView senderProtocol(int ip) {
    Bytes.i32(seg, off + 14, ip);
    return this;
  }

  public ArpView targetHardware(long mac) {
    Bytes.u48(seg, off + 18, mac);
    return this;
  }

  public ArpView targetProtocol(int ip) {
    Bytes.i32(seg, off + 24, ip);
    return this;
  }
}
