package io.jtcp.bench;

import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetFrame;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.core.wire.TcpOptions;
import io.jtcp.core.wire.TcpSegment;
import io.jtcp.core.wire.TcpView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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

/**
 * Send path of one full-size data segment ({@link SampleFrame}), with a new sequence number and
 * timestamp each time so that every emit writes a different segment.
 *
 * <ul>
 *   <li>{@code views}: headers written in place into a reused frame buffer, options through {@link
 *       TcpOptions}, the payload copied from a send buffer, both checksums computed;
 *   <li>{@code records}: the {@link TcpSegment}, {@link Ipv4Packet} and {@link EthernetFrame}
 *       records built and turned into bytes layer by layer, each {@code toBytes} a new array.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameEmitBenchmark {
  private static final Ipv4Address SRC_IP = new Ipv4Address(SampleFrame.SRC_IP);
  private static final Ipv4Address DST_IP = new Ipv4Address(SampleFrame.DST_IP);
  private static final MacAddress SRC_MAC = new MacAddress(SampleFrame.SRC_MAC);
  private static final MacAddress DST_MAC = new MacAddress(SampleFrame.DST_MAC);

  private final EthernetView eth = new EthernetView();
  private final Ipv4View ip = new Ipv4View();
  private final TcpView tcp = new TcpView();
  private byte[] payload = new byte[0];
  private int seq;

  /**
   * The buffers of the in-place path, on the heap or not. The records path writes new arrays
   * whatever this says, so only {@code views} is run for both.
   */
  @State(Scope.Thread)
  public static class Buffers {
    @Param({Memory.HEAP, Memory.NATIVE})
    public String memory = Memory.HEAP;

    private Arena arena = Arena.global();
    MemorySegment out = MemorySegment.NULL;
    MemorySegment sendBuffer = MemorySegment.NULL;

    @Setup(Level.Trial)
    public void setUp() {
      arena = Arena.ofConfined();
      sendBuffer = Memory.copyOf(memory, SampleFrame.payload(), arena);
      out = Memory.allocate(memory, SampleFrame.FRAME_LENGTH, arena);
      emit(new EthernetView(), new Ipv4View(), new TcpView(), out, sendBuffer, SampleFrame.SEQ);
      if (!Arrays.equals(out.toArray(ValueLayout.JAVA_BYTE), SampleFrame.bytes())) {
        throw new IllegalStateException("the views do not write the sample frame");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    payload = SampleFrame.payload();
    seq = SampleFrame.SEQ - 1;
    if (!Arrays.equals(records(), SampleFrame.bytes())) {
      throw new IllegalStateException("the records do not write the sample frame");
    }
  }

  @Benchmark
  public MemorySegment views(Buffers b) {
    return emit(eth, ip, tcp, b.out, b.sendBuffer, ++seq);
  }

  /** The in-place send path; the sequence number doubles as the timestamp value. */
  static MemorySegment emit(
      EthernetView eth,
      Ipv4View ip,
      TcpView tcp,
      MemorySegment out,
      MemorySegment sendBuffer,
      int seq) {
    eth.writeTo(out, 0, SampleFrame.FRAME_LENGTH)
        .destination(SampleFrame.DST_MAC)
        .source(SampleFrame.SRC_MAC)
        .etherType(EtherType.IPV4);
    ip.writeTo(out, SampleFrame.IP_OFFSET, SampleFrame.IP_HEADER_LENGTH)
        .tos(0)
        .totalLength(SampleFrame.IP_LENGTH)
        .identification(0)
        .flagsAndFragmentOffset(Ipv4View.FLAG_DF, 0)
        .ttl(SampleFrame.TTL)
        .protocol(IpProtocol.TCP)
        .source(SampleFrame.SRC_IP)
        .destination(SampleFrame.DST_IP)
        .fillChecksum();
    tcp.writeTo(out, SampleFrame.TCP_OFFSET, SampleFrame.TCP_HEADER_LENGTH, SampleFrame.TCP_LENGTH)
        .sourcePort(SampleFrame.SRC_PORT)
        .destinationPort(SampleFrame.DST_PORT)
        .sequenceNumber(seq)
        .acknowledgmentNumber(SampleFrame.ACK)
        .flags(SampleFrame.FLAGS)
        .window(SampleFrame.WINDOW)
        .urgentPointer(0);
    long p = tcp.optionsOffset();
    p += TcpOptions.writeNop(out, p);
    p += TcpOptions.writeNop(out, p);
    TcpOptions.writeTimestamps(out, p, seq, SampleFrame.TS_ECHO);
    MemorySegment.copy(sendBuffer, 0, out, SampleFrame.PAYLOAD_OFFSET, SampleFrame.PAYLOAD_LENGTH);
    tcp.fillChecksum(SampleFrame.SRC_IP, SampleFrame.DST_IP);
    return out;
  }

  @Benchmark
  public byte[] records() {
    int s = ++seq;
    TcpSegment segment =
        new TcpSegment(
            SampleFrame.SRC_PORT,
            SampleFrame.DST_PORT,
            s,
            SampleFrame.ACK,
            SampleFrame.FLAGS,
            SampleFrame.WINDOW,
            0,
            SampleFrame.options(s),
            payload);
    Ipv4Packet packet =
        Ipv4Packet.of(
            SRC_IP,
            DST_IP,
            IpProtocol.TCP,
            SampleFrame.TTL,
            segment.toBytes(SampleFrame.SRC_IP, SampleFrame.DST_IP));
    return new EthernetFrame(DST_MAC, SRC_MAC, EtherType.IPV4, packet.toBytes()).toBytes();
  }
}
