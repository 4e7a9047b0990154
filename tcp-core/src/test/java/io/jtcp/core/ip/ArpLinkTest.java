package io.jtcp.core.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.ArpView;
import io.jtcp.core.wire.Checksum;
import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.IcmpView;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.MacAddress;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * ARP under two stacks on one Ethernet segment, in virtual time: the clock is a field the test
 * moves.
 */
class ArpLinkTest {
  static final Ipv4Address A = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address B = Ipv4Address.parse("192.0.2.2");
  static final Ipv4Address GW = Ipv4Address.parse("192.0.2.254");
  static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
  static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
  static final MacAddress MAC_GW = MacAddress.parse("02:00:00:00:00:fe");
  static final long MS = 1_000_000L;

  long now;
  final EthernetWire wire = new EthernetWire();

  ArpLink arp(EthernetWire.Port port, Ipv4Address ip, MacAddress mac, Ipv4Address gw) {
    return new ArpLink(port, ip, 24, gw, mac, () -> now);
  }

  static Stack stack(Ipv4Address ip, ArpLink link, int isn) {
    return new Stack(
        ip,
        link,
        Sysctls.LINUX,
        IsnGenerator.fixed(isn),
        new SynCookies(isn, 1),
        PacketObserver.NONE,
        0);
  }

  private static ArpView arpOf(byte[] frame) {
    EthernetView e = new EthernetView();
    assertNull(e.wrap(MemorySegment.ofArray(frame), 0, frame.length));
    assertEquals(EtherType.ARP, e.etherType(), "an ARP frame");
    ArpView a = new ArpView();
    assertNull(a.wrap(MemorySegment.ofArray(frame), e.payloadOffset(), e.payloadLength()));
    return a;
  }

  private static byte[] arpFrame(
      int op,
      MacAddress from,
      Ipv4Address fromIp,
      long ethDst,
      long targetMac,
      Ipv4Address target) {
    byte[] f = new byte[EthernetView.HEADER_LENGTH + ArpView.LENGTH];
    MemorySegment s = MemorySegment.ofArray(f);
    new EthernetView()
        .writeTo(s, 0, f.length)
        .destination(ethDst)
        .source(from.bits())
        .etherType(EtherType.ARP);
    new ArpView()
        .writeTo(s, EthernetView.HEADER_LENGTH)
        .operation(op)
        .senderHardware(from.bits())
        .senderProtocol(fromIp.bits())
        .targetHardware(targetMac)
        .targetProtocol(target.bits());
    return f;
  }

  @Test
  void handshakeAndData_overArp_resolveOnceEachWay_andQueueTheSynMeanwhile() throws IOException {
    ArpLink la = arp(wire.port(), A, MAC_A, null);
    ArpLink lb = arp(wire.port(), B, MAC_B, null);
    Stack a = stack(A, la, 100);
    Stack b = stack(B, lb, 300);
    Listener l = b.listen(80, 4, SocketOptions.DEFAULTS, now);
    Connection c = a.connect(B, 80, SocketOptions.DEFAULTS, now);
    Connection s = null;
    byte[] msg = "hello over ethernet".getBytes(StandardCharsets.US_ASCII);
    byte[] got = new byte[100];
    int n = 0;
    for (int i = 0; i < 50 && n < msg.length; i++) {
      now += MS;
      a.poll(now);
      b.poll(now);
      if (s == null && (s = l.accept()) != null) {
        c.write(msg, 0, msg.length, now);
      }
      if (s != null) {
        n += Math.max(0, s.read(got, n, got.length - n, now));
      }
    }
    assertNotNull(s, "handshake over ARP");
    assertArrayEquals(msg, Arrays.copyOf(got, n));
    assertEquals(MAC_B, la.lookup(B));
    assertEquals(MAC_A, lb.lookup(A), "learned from A's request, as Linux does");
    assertEquals(1L, la.counters().get("ARP requests sent"));
    assertNull(lb.counters().get("ARP requests sent"), "B never had to ask");
    assertEquals(1L, lb.counters().get("ARP requests answered"));
  }

  @Test
  void requestForAnotherAddress_isNeitherAnsweredNorLearned() {
    EthernetWire.Port mine = wire.port();
    EthernetWire.Port other = wire.port();
    ArpLink la = arp(mine, A, MAC_A, null);
    other.transmit(
        42,
        (s, o, l) ->
            MemorySegment.copy(
                MemorySegment.ofArray(
                    arpFrame(ArpView.REQUEST, MAC_B, B, MacAddress.BROADCAST.bits(), 0, GW)),
                0,
                s,
                o,
                l));
    la.receive((s, o, l) -> {}, 10);
    assertTrue(mine.sent.isEmpty(), "nothing sent");
    assertNull(la.lookup(B), "a request for someone else creates no entry (RFC 826 merge rule)");
  }

  @Test
  void requestForUs_isAnsweredToTheAsker_withOurMac() {
    EthernetWire.Port mine = wire.port();
    EthernetWire.Port other = wire.port();
    ArpLink la = arp(mine, A, MAC_A, null);
    byte[] req = arpFrame(ArpView.REQUEST, MAC_B, B, MacAddress.BROADCAST.bits(), 0, A);
    other.transmit(
        req.length, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(req), 0, s, o, l));
    la.receive((s, o, l) -> {}, 10);
    assertEquals(1, mine.sent.size());
    byte[] reply = mine.sent.get(0);
    EthernetView e = new EthernetView();
    e.wrap(MemorySegment.ofArray(reply), 0, reply.length);
    assertEquals(MAC_B.bits(), e.destination());
    assertEquals(MAC_A.bits(), e.source());
    ArpView a = arpOf(reply);
    assertEquals(ArpView.REPLY, a.operation());
    assertEquals(MAC_A.bits(), a.senderHardware());
    assertEquals(A.bits(), a.senderProtocol());
    assertEquals(MAC_B.bits(), a.targetHardware());
    assertEquals(B.bits(), a.targetProtocol());
  }

  @Test
  void unansweredResolution_triesThreeTimesASecondApart_thenDropsTheQueue() throws IOException {
    EthernetWire.Port mine = wire.port();
    ArpLink la = arp(mine, A, MAC_A, null);
    Stack a = stack(A, la, 100);
    a.connect(B, 80, SocketOptions.DEFAULTS, now);
    java.util.List<Long> requestTimes = new java.util.ArrayList<>();
    requestTimes.add(now); // the SYN's request went out with connect()
    int seen = mine.sent.size();
    for (int i = 0; i < 3500; i++) {
      now += MS;
      a.poll(now);
      for (; seen < mine.sent.size(); seen++) {
        assertEquals(ArpView.REQUEST, arpOf(mine.sent.get(seen)).operation());
        requestTimes.add(now / MS);
      }
    }
    requestTimes.set(0, 0L);
    // 0, 1, 2 s for the SYN (and its retransmission at 1 s, queued behind it); at 3 s the
    // resolution fails and its queue goes; the SYN retransmitted at 3 s starts a new one.
    assertEquals(java.util.List.of(0L, 1000L, 2000L, 3000L), requestTimes);
    assertEquals(1L, la.counters().get("dropped: resolution failed"));
  }

  @Test
  void offSubnet_goesToTheGateway_andWithoutOneIsNoRoute() {
    EthernetWire.Port mine = wire.port();
    ArpLink viaGw = arp(mine, A, MAC_A, GW);
    assertTrue(viaGw.transmit(Ipv4Address.parse("198.51.100.7").bits(), 20, (s, o, l) -> {}));
    ArpView req = arpOf(mine.sent.get(0));
    assertEquals(GW.bits(), req.targetProtocol(), "the next hop is the gateway");

    ArpLink noGw = arp(wire.port(), A, MAC_A, null);
    assertFalse(noGw.transmit(Ipv4Address.parse("198.51.100.7").bits(), 20, (s, o, l) -> {}));
    assertEquals(1L, noGw.counters().get("no route (destination off the subnet and no gateway)"));
  }

  @Test
  void framesForAnotherMac_orOtherEtherTypes_neverReachTheStack() {
    EthernetWire.Port mine = wire.port();
    EthernetWire.Port other = wire.port();
    ArpLink la = arp(mine, A, MAC_A, null);
    byte[] f = new byte[60];
    new EthernetView()
        .writeTo(MemorySegment.ofArray(f), 0, 60)
        .destination(MAC_B.bits())
        .source(MAC_GW.bits())
        .etherType(EtherType.IPV4);
    byte[] g = new byte[60];
    new EthernetView()
        .writeTo(MemorySegment.ofArray(g), 0, 60)
        .destination(MAC_A.bits())
        .source(MAC_GW.bits())
        .etherType(EtherType.IPV6);
    other.transmit(60, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(f), 0, s, o, l));
    other.transmit(60, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(g), 0, s, o, l));
    int[] up = {0};
    assertEquals(0, la.receive((s, o, l) -> up[0]++, 10));
    assertEquals(0, up[0]);
    assertEquals(1L, la.counters().get("frame not for this MAC"));
    assertEquals(1L, la.counters().get("drop.unsupported_ethertype"));
  }

  @Test
  void entryOlderThanReachable_isReconfirmed_andForgottenWithoutAnswer() {
    EthernetWire.Port mine = wire.port();
    EthernetWire.Port other = wire.port();
    ArpLink la = arp(mine, A, MAC_A, null);
    byte[] req = arpFrame(ArpView.REQUEST, MAC_B, B, MacAddress.BROADCAST.bits(), 0, A);
    other.transmit(
        req.length, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(req), 0, s, o, l));
    la.receive((s, o, l) -> {}, 10);
    assertEquals(MAC_B, la.lookup(B));
    mine.sent.clear();
    now += ArpLink.REACHABLE + MS;
    assertTrue(la.transmit(B.bits(), 20, (s, o, l) -> {}));
    assertEquals(2, mine.sent.size(), "a re-confirming request, and the packet to the known MAC");
    assertEquals(ArpView.REQUEST, arpOf(mine.sent.get(0)).operation());
    now += 4 * ArpLink.SECOND;
    mine.sent.clear();
    assertTrue(la.transmit(B.bits(), 20, (s, o, l) -> {}));
    assertNull(la.lookup(B), "unconfirmed for too long: resolved again");
    assertEquals(1, mine.sent.size());
    assertEquals(ArpView.REQUEST, arpOf(mine.sent.get(0)).operation());
  }

  @Test
  void ping_isAnsweredByTheStack_overArp() {
    EthernetWire.Port mine = wire.port();
    EthernetWire.Port other = wire.port();
    ArpLink la = arp(mine, A, MAC_A, null);
    Stack a = stack(A, la, 100);
    byte[] req = arpFrame(ArpView.REQUEST, MAC_B, B, MacAddress.BROADCAST.bits(), 0, A);
    other.transmit(
        req.length, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(req), 0, s, o, l));
    int icmpLen = IcmpView.HEADER_LENGTH + 16;
    byte[] echo = new byte[EthernetView.HEADER_LENGTH + 20 + icmpLen];
    MemorySegment e = MemorySegment.ofArray(echo);
    new EthernetView()
        .writeTo(e, 0, echo.length)
        .destination(MAC_A.bits())
        .source(MAC_B.bits())
        .etherType(EtherType.IPV4);
    new Ipv4View()
        .writeTo(e, 14, 20)
        .tos(0)
        .totalLength(20 + icmpLen)
        .identification(7)
        .flagsAndFragmentOffset(0, 0)
        .ttl(64)
        .protocol(IpProtocol.ICMP)
        .source(B.bits())
        .destination(A.bits())
        .fillChecksum();
    for (int i = 0; i < 16; i++) {
      echo[14 + 20 + 8 + i] = (byte) i;
    }
    new IcmpView()
        .writeTo(e, 34, icmpLen)
        .type(IcmpView.TYPE_ECHO_REQUEST)
        .code(0)
        .restOfHeader(0x12340001)
        .fillChecksum();
    other.transmit(echo.length, (s, o, l) -> MemorySegment.copy(e, 0, s, o, l));
    mine.sent.clear();
    a.poll(now);
    byte[] reply =
        mine.sent.stream().filter(f -> f.length == echo.length).findFirst().orElseThrow();
    MemorySegment r = MemorySegment.ofArray(reply);
    Ipv4View ip = new Ipv4View();
    assertNull(ip.wrap(r, 14, reply.length - 14));
    assertEquals(A.bits(), ip.source());
    assertEquals(B.bits(), ip.destination());
    IcmpView icmp = new IcmpView();
    assertNull(icmp.wrap(r, ip.payloadOffset(), ip.payloadLength()), "checksum verifies");
    assertEquals(IcmpView.TYPE_ECHO_REPLY, icmp.type());
    assertEquals(0x12340001, icmp.restOfHeader(), "identifier and sequence echoed");
    assertArrayEquals(
        Arrays.copyOfRange(echo, 42, echo.length), Arrays.copyOfRange(reply, 42, reply.length));
    assertEquals(0, Checksum.of(r, 34, icmpLen));
    assertEquals(1, a.counters().get("IcmpOutEchoReps"));
  }

  @Test
  void anEthernetLinkIsRequired() {
    var raw = new io.jtcp.core.sim.InMemoryLinkPair();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ArpLink(raw.a(), A, 24, null, MAC_A, () -> 0));
    assertTrue(e.getMessage().startsWith("ARP runs on an Ethernet link"), e.getMessage());
  }
}
