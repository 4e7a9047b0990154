package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each malformed input ends in its own typed reason, never an exception. */
class DropReasonTest {
  static final int A = Ipv4Address.parse("192.0.2.1").bits();
  static final int B = Ipv4Address.parse("192.0.2.2").bits();

  private static byte[] ipv4(byte[] payload) {
    return Ipv4Packet.of(new Ipv4Address(A), new Ipv4Address(B), IpProtocol.TCP, 64, payload)
        .toBytes();
  }

  private static byte[] syn(List<TcpOption> options) {
    return new TcpSegment(1024, 80, 100, 0, TcpFlags.SYN, 65535, 0, options, new byte[0])
        .toBytes(A, B);
  }

  private static DropReason tcp(byte[] b) {
    return new TcpView().wrap(MemorySegment.ofArray(b), 0, b.length, A, B);
  }

  private static DropReason ip(byte[] b) {
    return new Ipv4View().wrap(MemorySegment.ofArray(b), 0, b.length);
  }

  /** Rewrites the TCP checksum after a deliberate corruption, so only the corruption is judged. */
  private static byte[] refill(byte[] seg) {
    MemorySegment s = MemorySegment.ofArray(seg);
    TcpView v = new TcpView();
    v.wrapUnverified(s, 0, seg.length);
    new TcpView().writeTo(s, 0, v.headerLength(), seg.length).flags(v.flags()).fillChecksum(A, B);
    return seg;
  }

  @Test
  void ethernet_shorterThanHeader_truncated() {
    assertEquals(
        DropReason.TRUNCATED, new EthernetView().wrap(MemorySegment.ofArray(new byte[13]), 0, 13));
    assertEquals(
        DropReason.TRUNCATED,
        new EthernetView().wrap(MemorySegment.ofArray(new byte[20]), 10, 14),
        "claimed region runs past the buffer");
    assertEquals(
        DropReason.TRUNCATED, new EthernetView().wrap(MemorySegment.ofArray(new byte[20]), -1, 14));
  }

  @Test
  void arp_nonEthernetOrBadOperation() {
    byte[] ok =
        ArpPacket.request(
                MacAddress.parse("02:00:00:00:00:01"), new Ipv4Address(A), new Ipv4Address(B))
            .toBytes();
    assertNull(new ArpView().wrap(MemorySegment.ofArray(ok), 0, ok.length));
    byte[] tokenRing = ok.clone();
    tokenRing[1] = 6;
    assertEquals(
        DropReason.ARP_UNSUPPORTED, new ArpView().wrap(MemorySegment.ofArray(tokenRing), 0, 28));
    byte[] rarp = ok.clone();
    rarp[7] = 3;
    assertEquals(
        DropReason.ARP_BAD_OPERATION, new ArpView().wrap(MemorySegment.ofArray(rarp), 0, 28));
    assertEquals(DropReason.TRUNCATED, new ArpView().wrap(MemorySegment.ofArray(ok), 0, 27));
  }

  @Test
  void ipv4_eachHeaderFault() {
    byte[] ok = ipv4(new byte[8]);
    assertNull(ip(ok));
    assertEquals(DropReason.TRUNCATED, new Ipv4View().wrap(MemorySegment.ofArray(ok), 0, 19));

    byte[] v6 = ok.clone();
    v6[0] = 0x65;
    assertEquals(DropReason.UNSUPPORTED_VERSION, ip(v6));

    byte[] ihl = ok.clone();
    ihl[0] = 0x44;
    assertEquals(DropReason.BAD_HEADER_LENGTH, ip(ihl));

    byte[] shortTotal = ok.clone();
    shortTotal[3] = 19;
    assertEquals(DropReason.BAD_TOTAL_LENGTH, ip(shortTotal));

    byte[] longTotal = ok.clone();
    longTotal[3] = (byte) (ok.length + 1);
    assertEquals(DropReason.TRUNCATED, ip(longTotal));

    byte[] badSum = ok.clone();
    badSum[8] ^= 1;
    assertEquals(DropReason.IP_CHECKSUM, ip(badSum));
  }

  @Test
  void ipv4_fragmentsAreRecognised() {
    Ipv4Packet first =
        new Ipv4Packet(
            0,
            7,
            Ipv4View.FLAG_MF,
            0,
            64,
            IpProtocol.TCP,
            new Ipv4Address(A),
            new Ipv4Address(B),
            new byte[0],
            new byte[16]);
    Ipv4Packet later =
        new Ipv4Packet(
            0,
            7,
            0,
            2,
            64,
            IpProtocol.TCP,
            new Ipv4Address(A),
            new Ipv4Address(B),
            new byte[0],
            new byte[16]);
    assertEquals(DropReason.FRAGMENT, ip(first.toBytes()));
    assertEquals(DropReason.FRAGMENT, ip(later.toBytes()));
    assertEquals(
        new Parsed.Dropped<Ipv4Packet>(DropReason.FRAGMENT), Ipv4Packet.parse(later.toBytes()));
  }

  @Test
  void ipv4_linkPaddingBeyondTotalLengthIsIgnored() {
    byte[] ok = ipv4(new byte[4]);
    byte[] padded = java.util.Arrays.copyOf(ok, 46);
    assertEquals(4, Ipv4Packet.parse(padded).orElseThrow().payload().length);
  }

  @Test
  void icmp_truncatedOrBadChecksum() {
    byte[] ok = IcmpMessage.echoRequest(1, 2, new byte[] {1, 2, 3}).toBytes();
    assertNull(new IcmpView().wrap(MemorySegment.ofArray(ok), 0, ok.length));
    assertEquals(DropReason.TRUNCATED, new IcmpView().wrap(MemorySegment.ofArray(ok), 0, 7));
    ok[9] ^= 0x10;
    assertEquals(
        DropReason.ICMP_CHECKSUM, new IcmpView().wrap(MemorySegment.ofArray(ok), 0, ok.length));
  }

  @Test
  void tcp_dataOffsetOutsideTheSegment() {
    byte[] seg = syn(List.of());
    seg[12] = 0x40; // 4 words: less than the fixed header
    assertEquals(DropReason.BAD_DATA_OFFSET, tcp(seg));
    seg[12] = (byte) 0x60; // 6 words, but only 20 bytes
    assertEquals(DropReason.BAD_DATA_OFFSET, tcp(seg));
    assertEquals(DropReason.TRUNCATED, new TcpView().wrap(MemorySegment.ofArray(seg), 0, 19, A, B));
  }

  @Test
  void tcp_optionLengthZeroOneOrOverrunning() {
    for (String opts : List.of("02000000", "02010000", "0209b4010101", "080a0000")) {
      byte[] seg = syn(List.of(new TcpOption.Unknown(30, new byte[opts.length() / 2 - 2])));
      byte[] raw = HexFormat.of().parseHex(opts);
      System.arraycopy(raw, 0, seg, 20, raw.length);
      assertEquals(DropReason.BAD_OPTION_LENGTH, tcp(refill(seg)), opts);
    }
    byte[] kindAtTheVeryEnd =
        syn(
            List.of(
                new TcpOption.Nop(),
                new TcpOption.Nop(),
                new TcpOption.Nop(),
                new TcpOption.Nop()));
    kindAtTheVeryEnd[23] = 2; // a length-carrying kind whose length byte would be past the header
    assertEquals(DropReason.BAD_OPTION_LENGTH, tcp(refill(kindAtTheVeryEnd)));
  }

  @Test
  void tcp_knownKindWithWrongLengthIsKeptUninterpreted() {
    // Linux's tcp_parse_options skips such options rather than failing the segment.
    byte[] seg = syn(List.of(new TcpOption.Unknown(TcpOptions.MSS, new byte[3])));
    TcpView v = new TcpView();
    assertNull(v.wrap(MemorySegment.ofArray(seg), 0, seg.length, A, B));
    assertEquals(-1, v.mss());
    assertEquals(
        List.of(new TcpOption.Unknown(TcpOptions.MSS, new byte[3])),
        TcpSegment.parse(seg, A, B).orElseThrow().options());
  }

  @Test
  void tcp_checksumCoversThePseudoHeader() {
    byte[] seg = syn(List.of(new TcpOption.Mss(1460)));
    assertNull(tcp(seg));
    assertEquals(
        DropReason.TCP_CHECKSUM,
        new TcpView().wrap(MemorySegment.ofArray(seg), 0, seg.length, A, A),
        "same bytes, other source address");
    seg[seg.length - 1] ^= 1;
    assertEquals(DropReason.TCP_CHECKSUM, tcp(seg));
  }

  @Test
  void parsedOrElseThrowNamesTheReason() {
    Parsed<TcpSegment> p = TcpSegment.parse(new byte[3], A, B);
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.NoSuchElementException.class, p::orElseThrow);
    assertEquals("frame dropped: truncated", e.getMessage());
  }
}
