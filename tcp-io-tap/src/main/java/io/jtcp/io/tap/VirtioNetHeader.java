package io.jtcp.io.tap;

import io.jtcp.core.wire.Checksum;
import io.jtcp.core.wire.Ipv4Tcp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The {@code struct virtio_net_hdr} that precedes every frame on a TUN/TAP descriptor opened with
 * {@code IFF_VNET_HDR} (include/uapi/linux/virtio_net.h): it carries the checksum and segmentation
 * offload state of the frame, as between a virtual machine and its host. Ten bytes, in the host's
 * byte order: a TUN device uses native order unless told otherwise ({@code TUNSETVNETLE}), and jtcp
 * leaves that alone.
 *
 * <pre>
 *  0  flags        NEEDS_CSUM: the checksum at csum_start + csum_offset is partial
 *  1  gso_type     NONE, or TCPV4: a super-frame the receiver cuts into gso_size pieces
 *  2  hdr_len      bytes of headers (Ethernet + IP + TCP) copied onto every piece
 *  4  gso_size     payload bytes per piece (the MSS)
 *  6  csum_start   where the checksummed data begins (the TCP header)
 *  8  csum_offset  where, from csum_start, the checksum field is (16 for TCP)
 * </pre>
 */
final class VirtioNetHeader {
  static final int LENGTH = 10;

  static final int F_NEEDS_CSUM = 1;
  static final int F_DATA_VALID = 2;
  static final int GSO_NONE = 0;
  static final int GSO_TCPV4 = 1;

  /** Offset of the TCP checksum within the TCP header (RFC 9293 §3.1). */
  static final int TCP_CHECKSUM_OFFSET = 16;

  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
  private static final ValueLayout.OfShort NET16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private VirtioNetHeader() {}

  /**
   * Whether the frame after the header at {@code at} may go up to an engine that trusts this link's
   * checksums: one the kernel marked partial (its own, from memory: completed here so that a
   * capture or a checking decorator above sees it right) or valid (DATA_VALID: it checked), or one
   * whose TCP checksum checks out here, or one that is not an IPv4 TCP segment at all (the engine
   * checks IP and ICMP itself).
   */
  static boolean acceptable(MemorySegment s, long at, int frameLength, int linkHeader) {
    int flags = flags(s, at);
    if ((flags & F_NEEDS_CSUM) != 0) {
      return completeChecksum(s, at, frameLength);
    }
    if ((flags & F_DATA_VALID) != 0) {
      return true;
    }
    long frame = at + LENGTH;
    int ihl = Ipv4Tcp.headerLength(s, frame, frameLength, linkHeader);
    if (ihl < 0) {
      return true; // not a whole TCP segment: the engine judges it
    }
    return Ipv4Tcp.checksum(s, frame + linkHeader, ihl) == 0;
  }

  static int flags(MemorySegment s, long at) {
    return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
  }

  static int gsoType(MemorySegment s, long at) {
    return s.get(ValueLayout.JAVA_BYTE, at + 1) & 0xFF;
  }

  static int csumStart(MemorySegment s, long at) {
    return s.get(U16, at + 6) & 0xFFFF;
  }

  static int csumOffset(MemorySegment s, long at) {
    return s.get(U16, at + 8) & 0xFFFF;
  }

  /** A header saying "a whole frame, checksums complete": no offload. */
  static void writePlain(MemorySegment s, long at) {
    s.asSlice(at, LENGTH).fill((byte) 0);
  }

  /** A header for one frame whose TCP checksum the kernel completes: CHECKSUM_PARTIAL. */
  static void writeCsumPartial(MemorySegment s, long at, int tcpStart) {
    s.set(ValueLayout.JAVA_BYTE, at, (byte) F_NEEDS_CSUM);
    s.set(ValueLayout.JAVA_BYTE, at + 1, (byte) GSO_NONE);
    s.set(U16, at + 2, (short) 0);
    s.set(U16, at + 4, (short) 0);
    s.set(U16, at + 6, (short) tcpStart);
    s.set(U16, at + 8, (short) TCP_CHECKSUM_OFFSET);
  }

  /**
   * A header for a TCP super-frame the kernel cuts into {@code gsoSize}-byte segments, whose TCP
   * checksum field holds the pseudo-header sum ({@code CHECKSUM_PARTIAL}).
   */
  static void writeTcpGso(MemorySegment s, long at, int headerLength, int gsoSize, int tcpStart) {
    s.set(ValueLayout.JAVA_BYTE, at, (byte) F_NEEDS_CSUM);
    s.set(ValueLayout.JAVA_BYTE, at + 1, (byte) GSO_TCPV4);
    s.set(U16, at + 2, (short) headerLength);
    s.set(U16, at + 4, (short) gsoSize);
    s.set(U16, at + 6, (short) tcpStart);
    s.set(U16, at + 8, (short) TCP_CHECKSUM_OFFSET);
  }

  /**
   * Completes a partial checksum in the frame that follows the header at {@code at}, as a NIC with
   * checksum offload would on transmit: the field already holds the pseudo-header sum, so the
   * one's-complement sum from csum_start to the end of the frame, complemented, is the checksum.
   * The kernel sends such frames once the device says it offloads checksums (TUNSETOFFLOAD with
   * TUN_F_CSUM); the engine verifies every checksum it receives, so the driver completes them.
   *
   * @return false if the header points outside the frame (the frame is then dropped)
   */
  static boolean completeChecksum(MemorySegment s, long at, int frameLength) {
    if ((flags(s, at) & F_NEEDS_CSUM) == 0) {
      return true;
    }
    int start = csumStart(s, at);
    int field = start + csumOffset(s, at);
    if (start >= frameLength || field + 2 > frameLength || (start & 1) != 0) {
      return false;
    }
    long frame = at + LENGTH;
    int sum = Checksum.of(s, frame + start, frameLength - start);
    // RFC 768 / RFC 1071: a computed zero is sent as all ones only for UDP; for TCP 0x0000 and
    // 0xFFFF are the same one's-complement value and either verifies.
    s.set(NET16, frame + field, (short) sum);
    return true;
  }
}
