package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4TcpTest {
  private static final Ipv4Address A = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address B = Ipv4Address.parse("192.0.2.2");

  /** An IPv4 TCP packet with 100 bytes of data and a correct checksum. */
  private static byte[] packet(int protocol) {
    byte[] data = new byte[100];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    TcpSegment seg = new TcpSegment(40000, 80, 7, 9, TcpFlags.ACK, 512, 0, List.of(), data);
    return Ipv4Packet.of(A, B, protocol, 64, seg.toBytes(A.bits(), B.bits())).toBytes();
  }

  /** {@code ip} behind an Ethernet header of type {@code etherType}. */
  private static MemorySegment ethernet(byte[] ip, int etherType) {
    MemorySegment f = MemorySegment.ofArray(new byte[14 + ip.length]);
    Bytes.u16(f, 12, etherType);
    MemorySegment.copy(ip, 0, f, ValueLayout.JAVA_BYTE, 14, ip.length);
    return f;
  }

  @Test
  void findsTheSegment_bareOrBehindEthernet_andNothingElse() {
    byte[] p = packet(IpProtocol.TCP);
    assertEquals(20, Ipv4Tcp.headerLength(MemorySegment.ofArray(p), 0, p.length, 0));
    assertEquals(20, Ipv4Tcp.headerLength(ethernet(p, 0x0800), 0, 14 + p.length, 14));
    assertEquals(-1, Ipv4Tcp.headerLength(ethernet(p, 0x86DD), 0, 14 + p.length, 14), "not IPv4");
    assertEquals(
        -1, Ipv4Tcp.headerLength(MemorySegment.ofArray(p), 0, p.length - 1, 0), "cut short");
    byte[] udp = packet(IpProtocol.UDP);
    assertEquals(-1, Ipv4Tcp.headerLength(MemorySegment.ofArray(udp), 0, udp.length, 0), "UDP");
    byte[] fragment = p.clone();
    fragment[6] |= 0x20; // more fragments
    assertEquals(-1, Ipv4Tcp.headerLength(MemorySegment.ofArray(fragment), 0, fragment.length, 0));
  }

  @Test
  void checksum_isZeroOverAGoodSegment_andTheStoredValueOverAZeroedField() {
    byte[] p = packet(IpProtocol.TCP);
    MemorySegment s = MemorySegment.ofArray(p);
    assertEquals(0, Ipv4Tcp.checksum(s, 0, 20));
    int stored = Bytes.u16(s, 20 + 16);
    Bytes.u16(s, 20 + 16, 0);
    assertEquals(stored, Ipv4Tcp.checksum(s, 0, 20));
    p[60] ^= 1;
    Bytes.u16(s, 20 + 16, stored);
    assertNotEquals(0, Ipv4Tcp.checksum(s, 0, 20), "a flipped bit shows");
  }
}
