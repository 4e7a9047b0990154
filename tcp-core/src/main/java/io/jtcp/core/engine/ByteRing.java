package io.jtcp.core.engine;

/**
 * A bounded FIFO of bytes over one array, grown lazily up to its limit so that an idle connection
 * costs little memory. The send side keeps unacknowledged bytes in it and reads them again for
 * retransmission.
 */
final class ByteRing {
  private static final int INITIAL = 4096;
  private static final byte[] EMPTY = new byte[0];
  private int limit;
  private byte[] buf = EMPTY;
  private int head;
  private int size;

  ByteRing(int limit) {
    this.limit = limit;
  }

  int size() {
    return size;
  }

  int limit() {
    return limit;
  }

  /** The storage allocated now, for the tests. */
  int capacity() {
    return buf.length;
  }

  /**
   * Raises the limit (buffer auto-tuning); a smaller value changes nothing. Storage still grows
   * only as bytes arrive.
   */
  void growLimit(int newLimit) {
    limit = Math.max(limit, newLimit);
  }

  int free() {
    return limit - size;
  }

  /** Appends as much of {@code src} as fits; returns how much. */
  int write(byte[] src, int off, int len) {
    int n = Math.min(len, free());
    ensure(size + n);
    int tail = (head + size) % Math.max(buf.length, 1);
    int first = Math.min(n, buf.length - tail);
    System.arraycopy(src, off, buf, tail, first);
    System.arraycopy(src, off + first, buf, 0, n - first);
    size += n;
    return n;
  }

  /**
   * Copies {@code len} bytes starting {@code from} bytes after the head, without consuming them.
   */
  void peek(int from, byte[] dst, int off, int len) {
    int start = (head + from) % buf.length;
    int first = Math.min(len, buf.length - start);
    System.arraycopy(buf, start, dst, off, first);
    System.arraycopy(buf, 0, dst, off + first, len - first);
  }

  /** Consumes up to {@code len} bytes into {@code dst}; returns how many. */
  int read(byte[] dst, int off, int len) {
    int n = Math.min(len, size);
    if (n > 0) {
      peek(0, dst, off, n);
      drop(n);
    }
    return n;
  }

  /** Discards {@code n} bytes from the head. */
  void drop(int n) {
    if (n == 0) {
      return;
    }
    head = (head + n) % buf.length;
    size -= n;
    if (size == 0) {
      head = 0;
    }
  }

  /**
   * Copies {@code len} bytes at {@code from} after the head into a memory segment (the egress
   * path).
   */
  void copyTo(int from, java.lang.foreign.MemorySegment dst, long dstOff, int len) {
    int start = (head + from) % buf.length;
    int first = Math.min(len, buf.length - start);
    java.lang.foreign.MemorySegment.copy(
        buf, start, dst, java.lang.foreign.ValueLayout.JAVA_BYTE, dstOff, first);
    java.lang.foreign.MemorySegment.copy(
        buf, 0, dst, java.lang.foreign.ValueLayout.JAVA_BYTE, dstOff + first, len - first);
  }

  /**
   * Appends {@code len} bytes from a memory segment (the ingress path); the caller checked the
   * room.
   */
  void writeFrom(java.lang.foreign.MemorySegment src, long srcOff, int len) {
    ensure(size + len);
    int tail = (head + size) % buf.length;
    int first = Math.min(len, buf.length - tail);
    java.lang.foreign.MemorySegment.copy(
        src, java.lang.foreign.ValueLayout.JAVA_BYTE, srcOff, buf, tail, first);
    java.lang.foreign.MemorySegment.copy(
        src, java.lang.foreign.ValueLayout.JAVA_BYTE, srcOff + first, buf, 0, len - first);
    size += len;
  }

  private void ensure(int needed) {
    if (needed <= buf.length) {
      return;
    }
    int cap = Math.max(INITIAL, buf.length);
    while (cap < needed) {
      cap *= 2;
    }
    // Never beyond the limit, except by growing at least a quarter at a time: auto-tuning raises
    // the limit a little per RTT, and storage sized to the limit each time was copied on every
    // raise (16 connections allocated 783 bytes per segment, BENCHMARKS.md).
    int floor = buf.length + (buf.length >> 2);
    cap = Math.min(cap, Math.max(Math.max(limit, needed), floor));
    byte[] next = new byte[cap];
    if (size > 0) {
      peek(0, next, 0, size);
    }
    buf = next;
    head = 0;
  }

  /** Releases the storage once empty, so idle connections hold no buffer. */
  void trim() {
    if (size == 0) {
      buf = EMPTY;
      head = 0;
    }
  }
}
