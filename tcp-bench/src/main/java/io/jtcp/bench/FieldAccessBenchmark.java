package io.jtcp.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * The buffer type behind the views: reading a TCP header's ports, sequence and acknowledgment
 * numbers, flags and window from a {@link MemorySegment} through big-endian unaligned layouts (as
 * {@code io.jtcp.core.wire} does) against a big-endian {@link ByteBuffer}'s absolute getters. The
 * buffer holds {@value #FRAMES} full-size frames back to back, as a receive ring would, and one
 * operation reads one header, so that bounds checks inside the loop are part of what is measured.
 * {@code heap} is a Java array under both ({@link MemorySegment#ofArray}, {@link ByteBuffer#wrap});
 * {@code native} is off-heap under both ({@link Arena#allocate}, {@link
 * ByteBuffer#allocateDirect}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FieldAccessBenchmark {
  static final int FRAMES = 64;

  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  @Param({Memory.HEAP, Memory.NATIVE})
  public String memory = Memory.HEAP;

  private Arena arena = Arena.global();
  private MemorySegment segment = MemorySegment.NULL;
  private ByteBuffer buffer = ByteBuffer.allocate(0);

  @Setup(Level.Trial)
  public void setUp() {
    arena = Arena.ofConfined();
    byte[] frame = SampleFrame.bytes();
    byte[] ring = new byte[FRAMES * SampleFrame.FRAME_LENGTH];
    for (int i = 0; i < FRAMES; i++) {
      System.arraycopy(frame, 0, ring, i * SampleFrame.FRAME_LENGTH, frame.length);
    }
    segment = Memory.copyOf(memory, ring, arena);
    buffer =
        memory.equals(Memory.HEAP)
            ? ByteBuffer.wrap(ring.clone())
            : ByteBuffer.allocateDirect(ring.length).put(ring).clear();
    if (memorySegment() != byteBuffer()) {
      throw new IllegalStateException("the two readers disagree");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public int memorySegment() {
    MemorySegment s = segment;
    int acc = 0;
    for (int i = 0; i < FRAMES; i++) {
      long t = (long) i * SampleFrame.FRAME_LENGTH + SampleFrame.TCP_OFFSET;
      int srcPort = s.get(U16, t) & 0xFFFF;
      int dstPort = s.get(U16, t + 2) & 0xFFFF;
      int seq = s.get(U32, t + 4);
      int ack = s.get(U32, t + 8);
      int flags = s.get(U16, t + 12) & 0xFFF;
      int window = s.get(U16, t + 14) & 0xFFFF;
      acc += srcPort ^ dstPort ^ seq ^ ack ^ flags ^ window;
    }
    return acc;
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public int byteBuffer() {
    ByteBuffer b = buffer;
    int acc = 0;
    for (int i = 0; i < FRAMES; i++) {
      int t = i * SampleFrame.FRAME_LENGTH + SampleFrame.TCP_OFFSET;
      int srcPort = b.getShort(t) & 0xFFFF;
      int dstPort = b.getShort(t + 2) & 0xFFFF;
      int seq = b.getInt(t + 4);
      int ack = b.getInt(t + 8);
      int flags = b.getShort(t + 12) & 0xFFF;
      int window = b.getShort(t + 14) & 0xFFFF;
      acc += srcPort ^ dstPort ^ seq ^ ack ^ flags ^ window;
    }
    return acc;
  }
}
