package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A SYN the Linux kernel sent (captured with AF_PACKET on a veth pair inside network namespaces,
 * 192.0.2.1 to 192.0.2.2). veth hands over segments with CHECKSUM_PARTIAL, so the TCP checksum
 * field was completed by hand; every other byte is the kernel's.
 */
class LinuxSynFrameTest {
  static final byte[] FRAME =
      HexFormat.of()
          .parseHex(
              "6ef9bb51f15682a9679a70cc08004500003c60ce4000400655eac0000201c0000202d3d415b3d56c26a1"
                  + "00000000a002faf02a340000020405b40402080ad362e5db000000000103030a");
  static final int CLIENT = Ipv4Address.parse("192.0.2.1").bits();
  static final int SERVER = Ipv4Address.parse("192.0.2.2").bits();

  @Test
  void viewsReadEveryLayer() {
    MemorySegment s = MemorySegment.ofArray(FRAME);
    EthernetView eth = new EthernetView();
    assertNull(eth.wrap(s, 0, FRAME.length));
    assertEquals("6e:f9:bb:51:f1:56", new MacAddress(eth.destination()).toString());
    assertEquals("82:a9:67:9a:70:cc", new MacAddress(eth.source()).toString());
    assertEquals(EtherType.IPV4, eth.etherType());

    Ipv4View ip = new Ipv4View();
    assertNull(ip.wrap(s, eth.payloadOffset(), eth.payloadLength()));
    assertEquals(60, ip.totalLength());
    assertEquals(64, ip.ttl());
    assertEquals(Ipv4View.FLAG_DF, ip.flags());
    assertEquals(IpProtocol.TCP, ip.protocol());
    assertEquals(CLIENT, ip.source());
    assertEquals(SERVER, ip.destination());

    TcpView tcp = new TcpView();
    assertNull(tcp.wrap(s, ip.payloadOffset(), ip.payloadLength(), ip.source(), ip.destination()));
    assertEquals(54228, tcp.sourcePort());
    assertEquals(5555, tcp.destinationPort());
    assertEquals("3580634785", Seq.toString(tcp.sequenceNumber()));
    assertEquals(TcpFlags.SYN, tcp.flags());
    assertEquals(64240, tcp.window());
    assertEquals(40, tcp.headerLength());
    assertEquals(0, tcp.payloadLength());
    assertEquals(1, tcp.segmentLength());
    assertEquals(1460, tcp.mss());
    assertEquals(10, tcp.windowScale());
    assertTrue(tcp.sackPermitted());
    assertTrue(tcp.hasTimestamps());
    assertEquals(0xd362e5db, tcp.tsValue());
    assertEquals(0, tcp.tsEchoReply());
    assertEquals(5, tcp.optionCount());
  }

  @Test
  void recordsParseAndReEmitTheKernelsBytes() {
    EthernetFrame eth = EthernetFrame.parse(FRAME).orElseThrow();
    Ipv4Packet ip = Ipv4Packet.parse(eth.payload()).orElseThrow();
    TcpSegment tcp = TcpSegment.parse(ip.payload(), CLIENT, SERVER).orElseThrow();

    assertEquals(
        List.of(
            new TcpOption.Mss(1460),
            new TcpOption.SackPermitted(),
            new TcpOption.Timestamps(0xd362e5db, 0),
            new TcpOption.Nop(),
            new TcpOption.WindowScale(10)),
        tcp.options());
    assertEquals(
        "54228 > 5555 [SYN] seq=3580634785 ack=0 win=64240 [Mss[mss=1460], SackPermitted[],"
            + " Timestamps[value=3546473947, echoReply=0], Nop[], WindowScale[shift=10]] len=0",
        tcp.toString());

    byte[] tcpBytes = tcp.toBytes(CLIENT, SERVER);
    assertArrayEquals(ip.payload(), tcpBytes);
    assertArrayEquals(eth.payload(), ip.toBytes());
    assertArrayEquals(FRAME, eth.toBytes());
  }

  @Test
  void theUncorrectedPartialChecksumIsCaught() {
    byte[] partial = FRAME.clone();
    partial[14 + 20 + 16] = (byte) 0x84; // the kernel's CHECKSUM_PARTIAL value 0x8432
    partial[14 + 20 + 17] = (byte) 0x32;
    MemorySegment s = MemorySegment.ofArray(partial);
    TcpView tcp = new TcpView();
    assertEquals(DropReason.TCP_CHECKSUM, tcp.wrap(s, 34, 40, CLIENT, SERVER));
    assertNull(tcp.wrapUnverified(s, 34, 40), "captures skip verification");
    assertEquals(1460, tcp.mss());
  }
}
