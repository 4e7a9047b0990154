package io.jtcp.bench;

import io.jtcp.core.wire.DropReason;
import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetFrame;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.Parsed;
import io.jtcp.core.wire.TcpSegment;
import io.jtcp.core.wire.TcpView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Receive path of one full-size data segment ({@link SampleFrame}): validate the Ethernet, IPv4 and
 * TCP headers, verify both checksums, and read the fields the engine looks at first.
 *
 * <ul>
 *   <li>{@code views}: the per-segment path, reusable views over the frame buffer;
 *   <li>{@code tcpRecord}: views for Ethernet and IPv4, then {@link TcpSegment#parse} into the
 *       record (options list, payload copy);
 *   <li>{@code records}: the record form at every layer, each copying its payload.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameParseBenchmark {
  @Param({Memory.HEAP, Memory.NATIVE})
  public String memory = Memory.HEAP;

  private Arena arena = Arena.global();
  private MemorySegment frame = MemorySegment.NULL;
  private final EthernetView eth = new EthernetView();
  private final Ipv4View ip = new Ipv4View();
  private final TcpView tcp = new TcpView();

  @Setup(Level.Trial)
  public void setUp() {
    arena = Arena.ofConfined();
    frame = Memory.copyOf(memory, SampleFrame.bytes(), arena);
    // The frame must take the whole path, not an early drop.
    if (wrapAll() != SampleFrame.PAYLOAD_LENGTH
        || !(tcpRecord() instanceof Parsed.Ok<?>)
        || !(records() instanceof Parsed.Ok<?>)) {
      throw new IllegalStateException("the sample frame does not parse");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  /** The views chain; returns the TCP payload length, or -1 if the frame was dropped. */
  private int wrapAll() {
    if (eth.wrap(frame, 0, (int) frame.byteSize()) != null || eth.etherType() != EtherType.IPV4) {
      return -1;
    }
    if (ip.wrap(frame, eth.payloadOffset(), eth.payloadLength()) != null
        || ip.protocol() != IpProtocol.TCP) {
      return -1;
    }
    if (tcp.wrap(frame, ip.payloadOffset(), ip.payloadLength(), ip.source(), ip.destination())
        != null) {
      return -1;
    }
    return tcp.payloadLength();
  }

  @Benchmark
  public int views(Blackhole bh) {
    int payloadLength = wrapAll();
    if (payloadLength < 0) {
      return payloadLength;
    }
    bh.consume(tcp.sourcePort());
    bh.consume(tcp.destinationPort());
    bh.consume(tcp.sequenceNumber());
    bh.consume(tcp.acknowledgmentNumber());
    bh.consume(tcp.flags());
    bh.consume(tcp.window());
    bh.consume(tcp.tsValue());
    bh.consume(tcp.tsEchoReply());
    return payloadLength;
  }

  @Benchmark
  public Object tcpRecord() {
    DropReason r = eth.wrap(frame, 0, (int) frame.byteSize());
    if (r != null || eth.etherType() != EtherType.IPV4) {
      return r == null ? DropReason.UNSUPPORTED_ETHERTYPE : r;
    }
    r = ip.wrap(frame, eth.payloadOffset(), eth.payloadLength());
    if (r != null || ip.protocol() != IpProtocol.TCP) {
      return r == null ? DropReason.UNSUPPORTED_PROTOCOL : r;
    }
    return TcpSegment.parse(
        frame, ip.payloadOffset(), ip.payloadLength(), ip.source(), ip.destination());
  }

  @Benchmark
  public Object records() {
    if (!(EthernetFrame.parse(frame, 0, (int) frame.byteSize())
        instanceof Parsed.Ok<EthernetFrame>(EthernetFrame f))) {
      return DropReason.TRUNCATED;
    }
    if (!(Ipv4Packet.parse(f.payload()) instanceof Parsed.Ok<Ipv4Packet>(Ipv4Packet p))) {
      return DropReason.TRUNCATED;
    }
    return TcpSegment.parse(p.payload(), p.source().bits(), p.destination().bits());
  }
}
