package io.jtcp.io.pcap.trace;

import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.SackBlock;
import io.jtcp.core.wire.TcpOptions;
import io.jtcp.core.wire.TcpView;
import io.jtcp.io.pcap.LinkType;
import io.jtcp.io.pcap.PcapRecord;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the TCP segment in a capture record. Checksums are not verified: a capture taken on the
 * sending host holds what the kernel handed the NIC before checksum offload filled them in.
 */
final class SegmentDecoder {
  private static final int IPV4_MIN_HEADER = 20;
  private static final int ARPHRD_LOOPBACK = 772;
  private static final int PACKET_OUTGOING = 4;

  private final int linkType;
  private final TcpView tcp = new TcpView();

  SegmentDecoder(int linkType) {
    this.linkType = linkType;
  }

  /**
   * Decodes {@code record}, the {@code frame}th of its file.
   *
   * @param frame the record's number from 1, kept in the segment for cross-reference
   */
  Decoded decode(PcapRecord record, int frame) {
    byte[] d = record.data();
    if (outgoingLoopbackCopy(d)) {
      return Decoded.IGNORED;
    }
    int ip = LinkType.ipv4Offset(linkType, record);
    if (ip < 0) {
      return Decoded.IGNORED;
    }
    int captured = d.length - ip;
    if (captured < IPV4_MIN_HEADER) {
      return new Decoded.Skipped(SkipReason.TRUNCATED);
    }
    if ((d[ip] & 0xf0) != 0x40) {
      return new Decoded.Skipped(SkipReason.MALFORMED_IP);
    }
    if (u8(d, ip + 9) != IpProtocol.TCP) {
      return Decoded.IGNORED;
    }
    int ihl = (d[ip] & 0x0f) * 4;
    int total = u16(d, ip + 2);
    if (total == 0) {
      // Captured on a host that hands large segments to the NIC for TCP segmentation offload:
      // some drivers leave the total length 0 for the NIC to fill in, so the frame says how long.
      total = record.originalLength() - ip;
    }
    if (ihl < IPV4_MIN_HEADER || total < ihl) {
      return new Decoded.Skipped(SkipReason.MALFORMED_IP);
    }
    if ((u16(d, ip + 6) & 0x3fff) != 0) {
      return new Decoded.Skipped(SkipReason.FRAGMENT);
    }
    int tcpOnWire = total - ihl;
    // Bytes past the total length are link-layer padding (Ethernet's 60-byte minimum).
    int tcpCaptured = Math.min(captured, total) - ihl;
    if (tcpOnWire < TcpView.MIN_HEADER_LENGTH) {
      return new Decoded.Skipped(SkipReason.MALFORMED_TCP);
    }
    if (tcpCaptured < TcpView.MIN_HEADER_LENGTH) {
      return new Decoded.Skipped(SkipReason.TRUNCATED);
    }
    int at = ip + ihl;
    int headerLength = (u8(d, at + 12) >>> 4) * 4;
    if (headerLength < TcpView.MIN_HEADER_LENGTH || headerLength > tcpOnWire) {
      return new Decoded.Skipped(SkipReason.MALFORMED_TCP);
    }
    if (headerLength > tcpCaptured) {
      return new Decoded.Skipped(SkipReason.TRUNCATED);
    }
    // Only the header is viewed: the payload may be cut by the snap length, and its length comes
    // from the IPv4 header rather than from what was captured.
    if (tcp.wrapUnverified(MemorySegment.ofArray(d), at, headerLength) != null) {
      return new Decoded.Skipped(SkipReason.MALFORMED_TCP);
    }
    int payload = tcpOnWire - headerLength;
    return new Decoded.Segment(
        new CapturedSegment(
            frame,
            record.timestampNanos(),
            new Endpoint(i32(d, ip + 12), tcp.sourcePort()),
            new Endpoint(i32(d, ip + 16), tcp.destinationPort()),
            tcp.sequenceNumber(),
            tcp.acknowledgmentNumber(),
            tcp.flags(),
            tcp.window(),
            payload,
            options(d, at),
            tcpCaptured < tcpOnWire));
  }

  /**
   * Whether a Linux cooked frame is the outgoing copy of a loopback packet. Such a packet is
   * captured twice on "any", leaving and arriving; libpcap drops the outgoing copy since 1.0, and
   * older captures that kept it would show every segment twice.
   */
  private boolean outgoingLoopbackCopy(byte[] d) {
    return switch (linkType) {
      // SLL: packet type (2 bytes), ARPHRD_ type (2 bytes), ...
      case LinkType.LINUX_SLL ->
          d.length >= 4 && u16(d, 0) == PACKET_OUTGOING && u16(d, 2) == ARPHRD_LOOPBACK;
      // SLL2: protocol (2), reserved (2), interface index (4), ARPHRD_ type (2), packet type (1)
      case LinkType.LINUX_SLL2 ->
          d.length >= 11 && u16(d, 8) == ARPHRD_LOOPBACK && u8(d, 10) == PACKET_OUTGOING;
      default -> false;
    };
  }

  private SegmentOptions options(byte[] d, int at) {
    if (tcp.optionCount() == 0) {
      return SegmentOptions.NONE;
    }
    List<SackBlock> sack = new ArrayList<>();
    for (int i = 0; i < tcp.sackBlockCount(); i++) {
      sack.add(new SackBlock(tcp.sackLeft(i), tcp.sackRight(i)));
    }
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < tcp.optionCount(); i++) {
      int kind = u8(d, at + tcp.optionStart(i));
      boolean shown =
          kind == TcpOptions.NOP
              || kind == TcpOptions.EOL
              || TcpOptions.interpreted(kind, tcp.optionLength(i));
      if (!shown) {
        others.add(kind);
      }
    }
    return new SegmentOptions(
        tcp.mss(),
        tcp.windowScale(),
        tcp.sackPermitted(),
        tcp.hasTimestamps(),
        tcp.tsValue(),
        tcp.tsEchoReply(),
        sack,
        others);
  }

  private static int u8(byte[] d, int at) {
    return d[at] & 0xff;
  }

  private static int u16(byte[] d, int at) {
    return (d[at] & 0xff) << 8 | d[at + 1] & 0xff;
  }

  private static int i32(byte[] d, int at) {
    return u16(d, at) << 16 | u16(d, at + 2);
  }
}
