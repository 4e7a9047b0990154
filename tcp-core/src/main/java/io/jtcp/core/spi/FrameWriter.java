package io.jtcp.core.spi;

import java.lang.foreign.MemorySegment;

/** Fills a frame in place in a buffer the {@link LinkDriver} owns (smoltcp's TxToken). */
@FunctionalInterface
public interface FrameWriter {
  /**
   * Writes the frame into {@code buffer} at {@code offset}: every one of its {@code length} bytes,
   * since drivers reuse buffers and an unwritten byte would leak an earlier frame's.
   */
  void write(MemorySegment buffer, long offset, int length);
}
