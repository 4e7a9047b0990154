package io.jtcp.core.sim;

import java.util.EnumMap;
import java.util.Map;

/** The mutable counters behind a {@link FrameCounts} snapshot. */
final class FateCounters {
  private static final FrameFate[] FATES = FrameFate.values();

  private final long[] frames = new long[FATES.length];
  private final long[] bytes = new long[FATES.length];

  void add(FrameFate fate, int length) {
    frames[fate.ordinal()]++;
    bytes[fate.ordinal()] += length;
  }

  FrameCounts snapshot() {
    Map<FrameFate, Long> f = new EnumMap<>(FrameFate.class);
    Map<FrameFate, Long> b = new EnumMap<>(FrameFate.class);
    for (FrameFate fate : FATES) {
      f.put(fate, frames[fate.ordinal()]);
      b.put(fate, bytes[fate.ordinal()]);
    }
    return new FrameCounts(f, b);
  }
}
