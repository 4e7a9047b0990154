package io.jtcp.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where a benchmark's buffer lives, its {@code @Param}: a Java array ({@code heap}) or memory
 * outside the Java heap ({@code native}), as the TAP and pcap drivers fill.
 */
final class Memory {
  static final String HEAP = "heap";
  static final String NATIVE = "native";

  private Memory() {}

  /** A segment of the given kind holding a copy of {@code bytes}; native ones live in the arena. */
  static MemorySegment copyOf(String kind, byte[] bytes, Arena arena) {
    MemorySegment s = allocate(kind, bytes.length, arena);
    MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
    return s;
  }

  static MemorySegment allocate(String kind, int length, Arena arena) {
    return switch (kind) {
      case HEAP -> MemorySegment.ofArray(new byte[length]);
      case NATIVE -> arena.allocate(length, 8);
      default -> throw new IllegalArgumentException("memory is heap or native; got " + kind);
    };
  }
}
