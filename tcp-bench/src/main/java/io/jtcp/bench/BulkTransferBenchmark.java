package io.jtcp.bench;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.sim.InMemoryLinkPair;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one full-size data segment in steady-state bulk transfer, everything included: the
 * sending application's write into the send buffer, segmentation, emit and checksum into the link's
 * buffer, the {@link InMemoryLinkPair} itself, parse and checksum verification on the receiving
 * stack, the state machine, delivery into the receive buffer, the receiving application's read, and
 * the share of the receiver's ACKs (one per two segments, plus window updates) that the sender
 * processes. Both stacks are driven from the benchmark thread, so the time is the CPU cost of both
 * ends, and with {@code -prof gc} {@code gc.alloc.rate.norm} is the heap allocated per segment by
 * both ends. The target is zero.
 *
 * <p>One connection is set up once per trial with 256 KiB send and receive buffers (set, so buffer
 * auto-tuning is off and the window stays put) and kept full: the writer tops the send buffer up
 * before every poll, so it never drains and the window never closes. An invocation moves {@value
 * #SEGMENTS} segments' worth of bytes ({@value #SEGMENTS} × (MSS − 12), timestamps being on) from
 * one application to the other, and JMH divides by {@value #SEGMENTS}; bytes the receiver read
 * beyond that count toward the next invocation, so the average over an iteration is exact. The
 * trial's {@code @TearDown} prints the data segments actually sent per segment's worth of bytes (a
 * little above 1 when some segments are cut short at the window's edge; the figures are then per
 * MSS − 12 bytes moved), and the link drops and retransmissions, which must be 0. The trial's
 * {@code @Setup} first moves 16 MiB with the stream checked byte for byte against what was sent;
 * the measured part skips that check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BulkTransferBenchmark {
  /** Segments per invocation. */
  static final int SEGMENTS = 64;

  private static final int BUFFER = 256 * 1024;

  @Param({"1460"})
  public int mss = 1460;

  /**
   * What the link offloads: {@code segmentation} is Linux's loopback (no TCP checksums, and packets
   * of up to 64 KB carried whole, so one packet holds many segments); {@code checksum} sends a
   * packet per segment without TCP checksums; {@code none} computes and verifies them.
   */
  @Param({"segmentation", "checksum", "none"})
  public String offload = "segmentation";

  private InMemoryLinkPair link = new InMemoryLinkPair();
  private Stack client;
  private Stack server;
  private BulkGoodput.Writer writer;
  private BulkGoodput.Reader reader;
  private BulkGoodput.Pair pair;
  private int payload;
  private long goal;
  private long startBytes;
  private long startSegments;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // Room for a whole window of segments in flight: the link must never drop.
    link =
        new InMemoryLinkPair(
            1024, mss + 40, !offload.equals("none"), offload.equals("segmentation"));
    pair = BulkGoodput.connect(link, SocketOptions.DEFAULTS.withBuffers(BUFFER, BUFFER));
    client = pair.client();
    server = pair.server();
    payload = pair.c().info().sendMss();
    byte[] pattern = BulkGoodput.pattern();
    writer = new BulkGoodput.Writer(pair.c(), pattern);
    reader = new BulkGoodput.Reader(pair.s(), pattern);
    goal = 16L << 20;
    move();
    reader.check = false;
    goal = reader.position();
    startBytes = reader.position();
    startSegments = link.a().transmitted();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long bytes = reader.position() - startBytes;
    long segments = link.a().transmitted() - startSegments;
    TcpInfo info = pair.c().info();
    System.out.printf(
        Locale.ROOT,
        "%n  %,d data packets for %,d segments' worth of bytes (%.4f per segment of %d bytes);"
            + " link drops %d, retransmissions %d%n",
        segments,
        bytes / payload,
        segments / (double) (bytes / payload),
        payload,
        link.a().dropped() + link.b().dropped(),
        info.retransmissions());
    link.close();
  }

  @Benchmark
  @OperationsPerInvocation(SEGMENTS)
  public long segment() {
    goal += (long) SEGMENTS * payload;
    return move();
  }

  /** Pumps both stacks until the receiving application has read {@link #goal} bytes. */
  private long move() {
    BulkGoodput.Writer w = writer;
    BulkGoodput.Reader r = reader;
    while (r.position() < goal) {
      long now = System.nanoTime();
      w.fill(now);
      client.poll(now);
      server.poll(now);
      r.drain(now);
    }
    return r.position();
  }
}
