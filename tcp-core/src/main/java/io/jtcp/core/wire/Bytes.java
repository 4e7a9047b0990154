package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian (network order) field access on a {@link MemorySegment}; callers have checked the
 * bounds.
 */
final class Bytes {
  static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  static final ValueLayout.OfInt U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  static final ValueLayout.OfLong U64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private Bytes() {}

  static int u8(MemorySegment s, long off) {
    return s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
  }

  static int u16(MemorySegment s, long off) {
    return s.get(U16, off) & 0xFFFF;
  }

  static int i32(MemorySegment s, long off) {
    return s.get(U32, off);
  }

  static long u48(MemorySegment s, long off) {
    return ((long) u16(s, off) << 32) | (i32(s, off + 2) & 0xFFFF_FFFFL);
  }

  static void u8(MemorySegment s, long off, int v) {
    s.set(ValueLayout.JAVA_BYTE, off, (byte) v);
  }

  static void u16(MemorySegment s, long off, int v) {
    s.set(U16, off, (short) v);
  }

  static void i32(MemorySegment s, long off, int v) {
    s.set(U32, off, v);
  }

  static void u48(MemorySegment s, long off, long v) {
    u16(s, off, (int) (v >>> 32));
    i32(s, off + 2, (int) v);
  }

  static byte[] copy(MemorySegment s, long off, int len) {
    return s.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE);
  }

  static void put(MemorySegment s, long off, byte[] bytes) {
    MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, off, bytes.length);
  }
}
