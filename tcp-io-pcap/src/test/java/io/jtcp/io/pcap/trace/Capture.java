package io.jtcp.io.pcap.trace;

import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.SackBlock;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpOption;
import io.jtcp.core.wire.TcpSegment;
import io.jtcp.io.pcap.LinkType;
import io.jtcp.io.pcap.PcapReader;
import io.jtcp.io.pcap.PcapWriter;
import io.jtcp.io.pcap.TimestampResolution;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-built capture between a client (192.0.2.1:40000) and a server (192.0.2.2:80), written with
 * {@link PcapWriter} as raw IPv4 at millisecond times, then traced. Reads like the conversation:
 * {@code c.at(0).client(SYN, 100, 0)}.
 */
final class Capture {
  static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  static final int CLIENT_PORT = 40000;
  static final int SERVER_PORT = 80;
  static final int SYN = TcpFlags.SYN;
  static final int ACK = TcpFlags.ACK;
  static final int FIN = TcpFlags.FIN;
  static final int RST = TcpFlags.RST;
  static final int PSH = TcpFlags.PSH;

  private final List<byte[]> frames = new ArrayList<>();
  private final List<Long> times = new ArrayList<>();
  private long nowNanos = 1_700_000_000_000_000_000L;
  private int clientPort = CLIENT_PORT;

  /** Moves the clock to {@code ms} milliseconds after the capture's start. */
  Capture at(double ms) {
    nowNanos = 1_700_000_000_000_000_000L + Math.round(ms * 1e6);
    return this;
  }

  /** Later segments come from another client port (another connection). */
  Capture clientPort(int port) {
    clientPort = port;
    return this;
  }

  Capture client(int flags, int seq, int ack, TcpOption... options) {
    return client(flags, seq, ack, 65535, 0, options);
  }

  Capture client(int flags, int seq, int ack, int window, int length, TcpOption... options) {
    return segment(true, flags, seq, ack, window, length, options);
  }

  Capture server(int flags, int seq, int ack, TcpOption... options) {
    return server(flags, seq, ack, 65535, 0, options);
  }

  Capture server(int flags, int seq, int ack, int window, int length, TcpOption... options) {
    return segment(false, flags, seq, ack, window, length, options);
  }

  /** Adds an arbitrary frame (raw IPv4 bytes, or anything) at the current time. */
  Capture raw(byte[] frame) {
    frames.add(frame);
    times.add(nowNanos);
    return this;
  }

  private Capture segment(
      boolean fromClient, int flags, int seq, int ack, int window, int length, TcpOption... o) {
    return raw(packet(fromClient, flags, seq, ack, window, length, o));
  }

  /** The raw IPv4 packet of a segment, for tests that build frames themselves. */
  byte[] packet(
      boolean fromClient, int flags, int seq, int ack, int window, int length, TcpOption... o) {
    Ipv4Address src = fromClient ? CLIENT : SERVER;
    Ipv4Address dst = fromClient ? SERVER : CLIENT;
    TcpSegment tcp =
        new TcpSegment(
            fromClient ? clientPort : SERVER_PORT,
            fromClient ? SERVER_PORT : clientPort,
            seq,
            ack,
            flags,
            window,
            0,
            List.of(o),
            new byte[length]);
    return Ipv4Packet.of(src, dst, IpProtocol.TCP, 64, tcp.toBytes(src.bits(), dst.bits()))
        .toBytes();
  }

  static TcpOption mss(int mss) {
    return new TcpOption.Mss(mss);
  }

  static TcpOption ws(int shift) {
    return new TcpOption.WindowScale(shift);
  }

  static TcpOption sackPermitted() {
    return new TcpOption.SackPermitted();
  }

  static TcpOption ts(int value, int echo) {
    return new TcpOption.Timestamps(value, echo);
  }

  static TcpOption sack(int left, int right) {
    return new TcpOption.Sack(List.of(new SackBlock(left, right)));
  }

  /** The pcap file's bytes, raw IPv4 (link type 228), nanosecond timestamps. */
  byte[] bytes() {
    return bytes(LinkType.IPV4, PcapWriter.DEFAULT_SNAP_LENGTH);
  }

  byte[] bytes(int linkType, int snapLength) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (PcapWriter w =
          new PcapWriter(out, TimestampResolution.NANOSECONDS, linkType, snapLength)) {
        for (int i = 0; i < frames.size(); i++) {
          w.write(times.get(i), frames.get(i));
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  CaptureTrace trace() {
    return trace(bytes());
  }

  static CaptureTrace trace(byte[] pcap) {
    try {
      return CaptureAnalyzer.analyze(new PcapReader(new ByteArrayInputStream(pcap)), "test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The only connection of the capture. */
  ConnectionTrace connection() {
    CaptureTrace t = trace();
    if (t.connections().size() != 1) {
      throw new AssertionError("expected one connection: " + t.connections());
    }
    return t.connections().getFirst();
  }

  /**
   * Each segment's states as {@code LEFT/RIGHT}, with {@code ?} for unknown: one string per line.
   */
  static List<String> states(ConnectionTrace c) {
    List<String> out = new ArrayList<>();
    out.add(name(c.leftInitial()) + "/" + name(c.rightInitial()));
    for (TracedSegment s : c.segments()) {
      out.add(name(s.leftState()) + "/" + name(s.rightState()));
    }
    return out;
  }

  private static String name(io.jtcp.core.fsm.@org.jspecify.annotations.Nullable TcpState s) {
    return s == null ? "?" : s.rfcName();
  }
}
