package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;

/** The first check of every {@code wrap}: the claimed region lies inside the segment. */
final class Bounds {
  private Bounds() {}

  static boolean inside(MemorySegment s, long off, int len) {
    return off >= 0 && len >= 0 && off <= s.byteSize() - len;
  }

  /** For emit paths, where a short buffer is the caller's mistake rather than bad input. */
  static void requireRoom(MemorySegment s, long off, int len, String what) {
    if (!inside(s, off, len)) {
      throw new IllegalArgumentException(
          what
              + " needs "
              + len
              + " bytes at offset "
              + off
              + " but the buffer holds "
              + s.byteSize()
              + ": allocate length() bytes");
    }
  }

  static String hex(byte[] bytes) {
    int shown = Math.min(bytes.length, 32);
    String hex = java.util.HexFormat.of().formatHex(bytes, 0, shown);
    return bytes.length > shown ? hex + "...(" + bytes.length + " bytes)" : hex;
  }
}
