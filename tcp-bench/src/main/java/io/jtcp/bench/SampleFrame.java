package io.jtcp.bench;

import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetFrame;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpOption;
import io.jtcp.core.wire.TcpSegment;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The frame the parse and emit benchmarks use: a full-size Ethernet/IPv4/TCP data segment as Linux
 * sends it on a 1500-byte MTU once timestamps are negotiated. The MSS is 1460; the 12 option bytes
 * (NOP, NOP, timestamps) come out of it, leaving 1448 bytes of data in a 1514-byte frame.
 */
final class SampleFrame {
  static final long DST_MAC = 0x02_00_00_00_00_01L;
  static final long SRC_MAC = 0x02_00_00_00_00_02L;
  static final int SRC_IP = 0xC0_00_02_01; // 192.0.2.1
  static final int DST_IP = 0xC0_00_02_02; // 192.0.2.2
  static final int SRC_PORT = 40_000;
  static final int DST_PORT = 5201;
  static final int SEQ = 0x1234_5678;
  static final int ACK = 0x9ABC_DEF0;
  static final int FLAGS = TcpFlags.ACK | TcpFlags.PSH;
  static final int WINDOW = 502;
  static final int TTL = 64;
  static final int TS_ECHO = 0x0506_0708;

  static final int IP_HEADER_LENGTH = 20;
  static final int OPTIONS_LENGTH = 12; // NOP, NOP, timestamps (10)
  static final int TCP_HEADER_LENGTH = 20 + OPTIONS_LENGTH;
  static final int MSS = 1460;
  static final int PAYLOAD_LENGTH = MSS - OPTIONS_LENGTH;
  static final int TCP_LENGTH = TCP_HEADER_LENGTH + PAYLOAD_LENGTH;
  static final int IP_LENGTH = IP_HEADER_LENGTH + TCP_LENGTH;
  static final int ETHERNET_HEADER_LENGTH = 14;
  static final int FRAME_LENGTH = ETHERNET_HEADER_LENGTH + IP_LENGTH; // 1514
  static final int IP_OFFSET = ETHERNET_HEADER_LENGTH;
  static final int TCP_OFFSET = IP_OFFSET + IP_HEADER_LENGTH;
  static final int PAYLOAD_OFFSET = TCP_OFFSET + TCP_HEADER_LENGTH;

  private SampleFrame() {}

  /** Pseudo-random data, the same every run. */
  static byte[] payload() {
    byte[] data = new byte[PAYLOAD_LENGTH];
    new SplittableRandom(2).nextBytes(data);
    return data;
  }

  static List<TcpOption> options(int tsValue) {
    return List.of(
        new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamps(tsValue, TS_ECHO));
  }

  /**
   * The whole frame, built through the records. The timestamp value is the sequence number, so that
   * an emit benchmark that changes one writes a different segment each time.
   */
  static byte[] bytes(int seq, byte[] payload) {
    TcpSegment tcp =
        new TcpSegment(SRC_PORT, DST_PORT, seq, ACK, FLAGS, WINDOW, 0, options(seq), payload);
    Ipv4Packet ip =
        Ipv4Packet.of(
            new Ipv4Address(SRC_IP),
            new Ipv4Address(DST_IP),
            IpProtocol.TCP,
            TTL,
            tcp.toBytes(SRC_IP, DST_IP));
    return new EthernetFrame(
            new MacAddress(DST_MAC), new MacAddress(SRC_MAC), EtherType.IPV4, ip.toBytes())
        .toBytes();
  }

  static byte[] bytes() {
    return bytes(SEQ, payload());
  }
}
