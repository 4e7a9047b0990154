/**
 * Experiments on the simulator: whole transfers between two engine stacks in virtual time, each
 * described by a value ({@link io.jtcp.core.experiment.TransferSpec}) that replays exactly from its
 * seed and renders itself as the {@code jtcp sim transfer} command line that repeats it, and
 * summarised by another ({@link io.jtcp.core.experiment.TransferResult}); and comparisons of
 * congestion-control algorithms ({@link io.jtcp.core.experiment.Comparison}), long-lived flows
 * competing for one bottleneck for a fixed span of virtual time, each flow sampled on a grid of it
 * ({@link io.jtcp.core.experiment.FlowSample}) and their shares judged by {@linkplain
 * io.jtcp.core.experiment.Fairness#jain Jain's index}.
 *
 * <p>The experiments read no clock: a run's duration, goodput and counters come from the
 * simulator's virtual time and the engine's {@link io.jtcp.core.api.TcpInfo}, so the same spec
 * gives the same result on any machine, which is what lets a property test print a failing seed and
 * the command line reproduce it.
 */
@NullMarked
package io.jtcp.core.experiment;

import org.jspecify.annotations.NullMarked;
