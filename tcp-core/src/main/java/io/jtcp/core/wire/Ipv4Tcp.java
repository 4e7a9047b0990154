package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;

/**
 * A TCP segment inside an IPv4 frame, for the drivers that handle checksums on the engine's behalf
 * (a TAP device with offload, a capture of such a link): finding the segment without a full parse,
 * and summing it.
 */
public final class Ipv4Tcp {
  private Ipv4Tcp() {}

  private static final int ETHERTYPE_IPV4 = 0x0800;

  /**
   * The IPv4 header length of the frame of {@code length} bytes at {@code frame}, whose IP packet
   * starts {@code linkHeader} bytes in (0 for bare IP; otherwise an Ethernet header, whose type
   * must be IPv4), when it carries a whole TCP segment: IPv4, not a fragment, protocol 6, and a
   * total length that holds both headers and fits the frame. Otherwise -1.
   */
  public static int headerLength(MemorySegment s, long frame, int length, int linkHeader) {
    if (length < linkHeader + Ipv4View.MIN_HEADER_LENGTH + TcpView.MIN_HEADER_LENGTH
        || linkHeader > 0 && Bytes.u16(s, frame + linkHeader - 2) != ETHERTYPE_IPV4) {
      return -1;
    }
    long ip = frame + linkHeader;
    int vihl = Bytes.u8(s, ip);
    int ihl = (vihl & 0xF) * 4;
    int total = Bytes.u16(s, ip + 2);
    if (vihl >>> 4 != 4
        || ihl < Ipv4View.MIN_HEADER_LENGTH
        || total > length - linkHeader
        || total < ihl + TcpView.MIN_HEADER_LENGTH
        || (Bytes.u16(s, ip + 6) & 0x3FFF) != 0
        || Bytes.u8(s, ip + 9) != IpProtocol.TCP) {
      return -1;
    }
    return ihl;
  }

  /**
   * The Internet checksum of the TCP segment of the IPv4 packet at {@code ip} with a header of
   * {@code ihl} bytes, pseudo-header included (RFC 9293 §3.1), over the checksum field as it
   * stands: 0 when the stored checksum is right, the value to store when the field holds 0.
   */
  public static int checksum(MemorySegment s, long ip, int ihl) {
    int tcpLength = Bytes.u16(s, ip + 2) - ihl;
    long sum =
        Checksum.pseudoHeader(
            Bytes.i32(s, ip + 12), Bytes.i32(s, ip + 16), IpProtocol.TCP, tcpLength);
    return Checksum.fold(Checksum.add(sum, s, ip + ihl, tcpLength));
  }
}
