package io.jtcp.core.experiment;

import io.jtcp.core.sim.FrameCounts;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Comparison} measured.
 *
 * @param spec what ran
 * @param flows each flow's result, in the spec's order
 * @param jainFairness {@linkplain Fairness#jain Jain's index} over the flows' goodputs; NaN when no
 *     flow delivered anything
 * @param network what happened to every packet on the simulated network
 * @param bottleneck what the bottleneck's data direction did to the packets crossing it (its queue
 *     drops)
 * @param events the simulator events the run took (packet stage hops, node polls, scripted
 *     actions): its work, for the simulator's events per second
 */
public record ComparisonResult(
    ComparisonSpec spec,
    List<FlowResult> flows,
    double jainFairness,
    FrameCounts network,
    FrameCounts bottleneck,
    long events) {

  public ComparisonResult {
    Objects.requireNonNull(spec, "spec");
    flows = List.copyOf(flows);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(bottleneck, "bottleneck");
  }

  /**
   * Every flow's delivered bytes in bits per second of the whole run: what the bottleneck carried.
   * Not the sum of the flows' goodputs, each of which counts from its own start, so that staggered
   * flows never seem to carry more than the link.
   */
  public double totalGoodputBps() {
    long bytes = 0;
    for (FlowResult f : flows) {
      bytes += f.deliveredBytes();
    }
    return bytes * 8e9 / spec.duration().toNanos();
  }

  public double durationSeconds() {
    return spec.duration().toNanos() / 1e9;
  }

  /** Whether no flow's connection failed. */
  public boolean ok() {
    return flows.stream().allMatch(f -> f.failure() == null);
  }
}
