package io.jtcp.core.sim;

import com.google.common.collect.Maps;
import io.jtcp.core.wire.DropReason;
import java.util.Map;

/**
 * Network-wide counters of a {@link SimNetwork}, as a snapshot.
 *
 * @param now the virtual time of the snapshot, in nanoseconds
 * @param events events processed so far (deliveries, stage hops, polls, scripted actions)
 * @param frames the fates of every packet
 * @param malformed why the router could not read the packets it dropped as {@link
 *     FrameFate#DROPPED_MALFORMED}; only reasons that occurred are present
 */
public record NetworkStats(
    long now, long events, FrameCounts frames, Map<DropReason, Long> malformed) {

  public NetworkStats {
    malformed = Maps.immutableEnumMap(malformed);
  }
}
