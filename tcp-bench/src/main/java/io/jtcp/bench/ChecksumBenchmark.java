package io.jtcp.bench;

import io.jtcp.core.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
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
 * The Internet checksum over {@code size} bytes: jtcp's {@link Checksum#of}, which adds 64-bit
 * words with an end-around carry, against two references written here, RFC 1071's loop over 16-bit
 * words, once assembled from single bytes and once read as big-endian shorts. Sizes: an IPv4
 * header, a small segment, a full-size segment's payload, a jumbo frame, the largest IPv4 packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChecksumBenchmark {
  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  @Param({"20", "64", "1460", "9000", "65535"})
  public int size = 1460;

  @Param({Memory.HEAP, Memory.NATIVE})
  public String memory = Memory.HEAP;

  private Arena arena = Arena.global();
  private MemorySegment data = MemorySegment.NULL;

  @Setup(Level.Trial)
  public void setUp() {
    arena = Arena.ofConfined();
    byte[] bytes = new byte[size];
    new SplittableRandom(1071).nextBytes(bytes);
    data = Memory.copyOf(memory, bytes, arena);
    int expected = naiveBytes();
    if (jtcp() != expected || naiveWords() != expected || words32() != expected) {
      throw new IllegalStateException("the checksums disagree on " + size + " bytes");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public int jtcp() {
    return Checksum.of(data, 0, size);
  }

  /** RFC 1071 §4.1 as written: 16-bit words from pairs of bytes, carries folded at the end. */
  @Benchmark
  public int naiveBytes() {
    MemorySegment s = data;
    int n = size;
    long sum = 0;
    int i = 0;
    for (; i + 1 < n; i += 2) {
      sum +=
          (s.get(ValueLayout.JAVA_BYTE, i) & 0xFF) << 8
              | s.get(ValueLayout.JAVA_BYTE, i + 1) & 0xFF;
    }
    if (i < n) {
      sum += (s.get(ValueLayout.JAVA_BYTE, i) & 0xFF) << 8;
    }
    return fold(sum);
  }

  /** The same loop reading each 16-bit word with one big-endian load. */
  @Benchmark
  public int naiveWords() {
    MemorySegment s = data;
    int n = size;
    long sum = 0;
    int i = 0;
    for (; i + 1 < n; i += 2) {
      sum += s.get(U16, i) & 0xFFFF;
    }
    if (i < n) {
      sum += (s.get(ValueLayout.JAVA_BYTE, i) & 0xFF) << 8;
    }
    return fold(sum);
  }

  /**
   * 32-bit words into a 64-bit sum with no carry handling in the loop: the sum cannot overflow
   * before 2<sup>32</sup> words, and 2<sup>16</sup> is 1 modulo 0xFFFF, so the folded result is the
   * same.
   */
  @Benchmark
  public int words32() {
    MemorySegment s = data;
    int n = size;
    long sum = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      sum += s.get(U32, i) & 0xFFFF_FFFFL;
    }
    if (i + 1 < n) {
      sum += s.get(U16, i) & 0xFFFF;
      i += 2;
    }
    if (i < n) {
      sum += (s.get(ValueLayout.JAVA_BYTE, i) & 0xFF) << 8;
    }
    return fold(sum);
  }

  private static int fold(long sum) {
    long s = sum;
    while (s >>> 16 != 0) {
      s = (s & 0xFFFF) + (s >>> 16);
    }
    return (int) (~s & 0xFFFF);
  }
}
