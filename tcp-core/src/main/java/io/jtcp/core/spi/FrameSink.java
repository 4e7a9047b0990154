package io.jtcp.core.spi;

import java.lang.foreign.MemorySegment;

/** Takes received frames from a {@link LinkDriver}. The bytes are valid only during the call. */
@FunctionalInterface
public interface FrameSink {
  void onFrame(MemorySegment buffer, long offset, int length);
}
