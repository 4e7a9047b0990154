package io.jtcp.io.pcap;

import io.jtcp.core.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Fills in the TCP checksum of an IPv4 frame that an offloading link left without one. */
final class TcpChecksums {
  private static final ValueLayout.OfShort NET16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt NET32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private TcpChecksums() {}

  /**
   * Computes and stores the TCP checksum of the frame at {@code off}, whose IPv4 header starts
   * {@code linkHeader} bytes in; anything but an unfragmented IPv4 TCP packet that fits the frame
   * is left alone.
   */
  static void fill(MemorySegment s, long off, int len, int linkHeader) {
    if (linkHeader > 0
        && (len < linkHeader || (s.get(NET16, off + linkHeader - 2) & 0xFFFF) != 0x0800)) {
      return;
    }
    long ip = off + linkHeader;
    int room = len - linkHeader;
    if (room < 20) {
      return;
    }
    int vihl = s.get(ValueLayout.JAVA_BYTE, ip) & 0xFF;
    int ihl = (vihl & 0xF) * 4;
    int total = s.get(NET16, ip + 2) & 0xFFFF;
    if (vihl >>> 4 != 4
        || ihl < 20
        || total > room
        || total < ihl + 20
        || s.get(ValueLayout.JAVA_BYTE, ip + 9) != 6
        || (s.get(NET16, ip + 6) & 0x3FFF) != 0) {
      return;
    }
    long tcp = ip + ihl;
    int tcpLength = total - ihl;
    s.set(NET16, tcp + 16, (short) 0);
    long sum = Checksum.pseudoHeader(s.get(NET32, ip + 12), s.get(NET32, ip + 16), 6, tcpLength);
    s.set(NET16, tcp + 16, (short) Checksum.fold(Checksum.add(sum, s, tcp, tcpLength)));
  }
}
