package io.jtcp.core.experiment;

import java.time.Duration;
import java.util.Objects;

/**
 * One long-lived bulk flow of a {@link ComparisonSpec}: its algorithm, its path's round-trip
 * propagation delay, and when it starts.
 *
 * @param congestionControl the algorithm of both its stacks, by registry name
 * @param rttMillis the round-trip propagation delay of its path in milliseconds, queueing at the
 *     bottleneck not included; each access link gets half
 * @param start when its sender connects, from the start of the run
 */
public record FlowSpec(String congestionControl, double rttMillis, Duration start) {
  public FlowSpec {
    Objects.requireNonNull(congestionControl, "congestionControl");
    Objects.requireNonNull(start, "start");
    if (!(rttMillis >= 0 && rttMillis <= ComparisonSpec.MAX_MILLIS)) {
      throw new IllegalArgumentException(
          "rttMillis must be in [0, " + (long) ComparisonSpec.MAX_MILLIS + "]; got " + rttMillis);
    }
    if (start.isNegative()) {
      throw new IllegalArgumentException("start must be >= 0; got " + start);
    }
  }

  /** A flow that starts with the run. */
  public static FlowSpec of(String congestionControl, double rttMillis) {
    return new FlowSpec(congestionControl, rttMillis, Duration.ZERO);
  }
}
