package io.jtcp.io.tap;

import io.jtcp.core.wire.ArpView;
import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.IcmpView;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.MacAddress;
import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * Hand-made frames for the device tests: the host at {@link #PEER} on the far side of the wire,
 * which answers ARP and ping and nothing else. Addresses are from TEST-NET-1 (RFC 5737).
 */
final class Frames {
  private Frames() {}

  /** The kernel's side of the device. */
  static final Ipv4Address KERNEL = Ipv4Address.parse("192.0.2.1");

  /** The host this side of the wire pretends to be. */
  static final Ipv4Address PEER = Ipv4Address.parse("192.0.2.2");

  /** The peer's hardware address: locally administered, unicast. */
  static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:02");

  static final int ETHERNET = EthernetView.HEADER_LENGTH;

  /** Whether {@code len} bytes at {@code off} are an IPv4 ICMP echo request to {@link #PEER}. */
  static boolean isEchoRequestToPeer(MemorySegment s, long off, int len) {
    Ipv4View ip = new Ipv4View();
    if (ip.wrap(s, off, len) != null
        || ip.protocol() != IpProtocol.ICMP
        || ip.destination() != PEER.bits()) {
      return false;
    }
    IcmpView icmp = new IcmpView();
    return icmp.wrap(s, ip.payloadOffset(), ip.payloadLength()) == null
        && icmp.type() == IcmpView.TYPE_ECHO_REQUEST;
  }

  /**
   * Writes into {@code out} the echo reply to the request at {@code in}: the same packet with the
   * addresses swapped, type 0, and both checksums computed again (RFC 792).
   */
  static void echoReply(MemorySegment in, long inOff, int len, MemorySegment out, long outOff) {
    MemorySegment.copy(in, inOff, out, outOff, len);
    Ipv4View request = new Ipv4View();
    if (request.wrap(in, inOff, len) != null) {
      throw new IllegalArgumentException("not an IPv4 packet");
    }
    int hlen = request.headerLength();
    new Ipv4View()
        .writeTo(out, outOff, hlen)
        .source(request.destination())
        .destination(request.source())
        .ttl(64)
        .fillChecksum();
    new IcmpView()
        .writeTo(out, outOff + hlen, request.totalLength() - hlen)
        .type(IcmpView.TYPE_ECHO_REPLY)
        .code(0)
        .fillChecksum();
  }

  /** Writes an Ethernet header. */
  static void ethernet(MemorySegment out, long off, long to, long from, int type) {
    new EthernetView().writeTo(out, off, ETHERNET).destination(to).source(from).etherType(type);
  }

  /** The ARP request for {@link #PEER} in an Ethernet frame, or null if it is something else. */
  static @Nullable ArpView arpRequestForPeer(MemorySegment s, long off, int len) {
    EthernetView eth = new EthernetView();
    if (eth.wrap(s, off, len) != null || eth.etherType() != EtherType.ARP) {
      return null;
    }
    ArpView arp = new ArpView();
    if (arp.wrap(s, eth.payloadOffset(), eth.payloadLength()) != null
        || arp.operation() != ArpView.REQUEST
        || arp.targetProtocol() != PEER.bits()) {
      return null;
    }
    return arp;
  }

  /** The length of an ARP reply frame. */
  static final int ARP_FRAME = ETHERNET + ArpView.LENGTH;

  /** Writes the peer's ARP reply to {@code request} (RFC 826), Ethernet header included. */
  static void arpReply(ArpView request, MemorySegment out, long off) {
    ethernet(out, off, request.senderHardware(), PEER_MAC.bits(), EtherType.ARP);
    new ArpView()
        .writeTo(out, off + ETHERNET)
        .operation(ArpView.REPLY)
        .senderHardware(PEER_MAC.bits())
        .senderProtocol(PEER.bits())
        .targetHardware(request.senderHardware())
        .targetProtocol(request.senderProtocol());
  }
}
