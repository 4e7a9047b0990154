package io.jtcp.core.sim;

import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.wire.DropReason;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.Parsed;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpOption;
import io.jtcp.core.wire.TcpSegment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Test packets: IPv4 with an experimental protocol number and a numbered payload. */
final class Packets {
  /** RFC 3692: for experimentation and testing. */
  static final int PROTOCOL = 253;

  static final Ipv4Address A = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address B = Ipv4Address.parse("192.0.2.2");
  static final Ipv4Address C = Ipv4Address.parse("192.0.2.3");

  /** No host owns this one (TEST-NET-3). */
  static final Ipv4Address NOWHERE = Ipv4Address.parse("203.0.113.9");

  static final long MS = 1_000_000L;

  private Packets() {}

  /** A packet of {@code totalLength} bytes (at least 24) whose payload starts with {@code id}. */
  static Ipv4Packet probe(Ipv4Address from, Ipv4Address to, int id, int totalLength) {
    byte[] payload = new byte[totalLength - 20];
    ByteBuffer.wrap(payload).putInt(id);
    return Ipv4Packet.of(from, to, PROTOCOL, 64, payload);
  }

  /** The id {@link #probe} put in {@code packet}. */
  static int id(byte[] packet) {
    return ByteBuffer.wrap(packet).getInt(20);
  }

  static int id(Ipv4Packet packet) {
    return ByteBuffer.wrap(packet.payload()).getInt(0);
  }

  static boolean send(LinkDriver link, Ipv4Packet packet) {
    return send(link, packet.toBytes());
  }

  static boolean send(LinkDriver link, byte[] bytes) {
    return link.transmit(
        bytes.length,
        (seg, off, len) -> MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, off, len));
  }

  /** An IPv4 packet holding a TCP segment with timestamps, {@code seq} and {@code payload}. */
  static byte[] tcp(Ipv4Address from, Ipv4Address to, int seq, byte[] payload) {
    TcpSegment segment =
        new TcpSegment(
            40_000,
            80,
            seq,
            1,
            TcpFlags.ACK | TcpFlags.PSH,
            65_535,
            0,
            List.of(new TcpOption.Timestamps(seq, 7)),
            payload);
    return Ipv4Packet.of(from, to, IpProtocol.TCP, 64, segment.toBytes(from.bits(), to.bits()))
        .toBytes();
  }

  /**
   * Parses {@code packet} as a receiving stack would, IPv4 then TCP, checksums verified.
   *
   * @return why it is dropped, or null if it is a valid TCP segment
   */
  static @Nullable DropReason tcpDropReason(byte[] packet) {
    return switch (Ipv4Packet.parse(packet)) {
      case Parsed.Dropped<Ipv4Packet>(DropReason reason) -> reason;
      case Parsed.Ok<Ipv4Packet>(Ipv4Packet ip) ->
          switch (TcpSegment.parse(ip.payload(), ip.source().bits(), ip.destination().bits())) {
            case Parsed.Dropped<TcpSegment>(DropReason reason) -> reason;
            case Parsed.Ok<TcpSegment> ok -> null;
          };
    };
  }
}
