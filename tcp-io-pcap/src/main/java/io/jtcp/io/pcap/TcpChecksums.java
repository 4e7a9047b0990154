package io.jtcp.io.pcap;

import io.jtcp.core.wire.Ipv4Tcp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Fills in the TCP checksum of an IPv4 frame that an offloading link left without one. */
final class TcpChecksums {
  private static final ValueLayout.OfShort NET16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** Where the checksum sits in the TCP header (RFC 9293 §3.1). */
  private static final int TCP_CHECKSUM_OFFSET = 16;

  private TcpChecksums() {}

  /**
   * Computes and stores the TCP checksum of the frame at {@code off}, whose IPv4 header starts
   * {@code linkHeader} bytes in; anything but an unfragmented IPv4 TCP packet that fits the frame
   * is left alone.
   */
  static void fill(MemorySegment s, long off, int len, int linkHeader) {
    int ihl = Ipv4Tcp.headerLength(s, off, len, linkHeader);
    if (ihl < 0) {
      return;
    }
    long ip = off + linkHeader;
    long field = ip + ihl + TCP_CHECKSUM_OFFSET;
    s.set(NET16, field, (short) 0);
    s.set(NET16, field, (short) Ipv4Tcp.checksum(s, ip, ihl));
  }
}
