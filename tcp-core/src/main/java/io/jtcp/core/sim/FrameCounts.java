package io.jtcp.core.sim;

import com.google.common.collect.Maps;
import java.util.EnumMap;
import java.util.Map;

/**
 * Packets and bytes per {@link FrameFate}: an immutable snapshot, with every fate present (zero
 * when nothing had it).
 *
 * @param frames packets per fate
 * @param bytes IPv4 bytes per fate
 */
public record FrameCounts(Map<FrameFate, Long> frames, Map<FrameFate, Long> bytes) {

  public FrameCounts {
    frames = complete(frames);
    bytes = complete(bytes);
  }

  private static Map<FrameFate, Long> complete(Map<FrameFate, Long> counts) {
    EnumMap<FrameFate, Long> all = new EnumMap<>(FrameFate.class);
    for (FrameFate f : FrameFate.values()) {
      all.put(f, counts.getOrDefault(f, 0L));
    }
    return Maps.immutableEnumMap(all);
  }

  /** Packets that had {@code fate}. */
  public long frames(FrameFate fate) {
    return frames.get(fate);
  }

  /** Bytes of the packets that had {@code fate}. */
  public long bytes(FrameFate fate) {
    return bytes.get(fate);
  }

  /** Packets dropped, for any reason. */
  public long dropped() {
    long n = 0;
    for (FrameFate f : FrameFate.values()) {
      if (f.isDrop()) {
        n += frames.get(f);
      }
    }
    return n;
  }

  /** Packets with a final fate: delivered or dropped. */
  public long finished() {
    return frames(FrameFate.DELIVERED) + dropped();
  }

  /**
   * Packet instances that started: {@link FrameFate#SENT} plus the copies links made ({@link
   * FrameFate#DUPLICATED}).
   */
  public long started() {
    return frames(FrameFate.SENT) + frames(FrameFate.DUPLICATED);
  }

  /**
   * Instances that started and have not ended yet: {@code started() - finished()}. For a host's
   * {@link HostStats#inbound()} counts, which see only what reached the host's downlink, this is
   * not meaningful.
   */
  public long inFlight() {
    return started() - finished();
  }
}
