package io.jtcp.core.spi;

import java.lang.foreign.MemorySegment;

/** Fills a frame in place in a buffer the {@link LinkDriver} owns (smoltcp's TxToken). */
@FunctionalInterface
public interface FrameWriter {
  void write(MemorySegment buffer, long offset, int length);
}
