package io.jtcp.core.sim;

import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4Packet;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

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
}
