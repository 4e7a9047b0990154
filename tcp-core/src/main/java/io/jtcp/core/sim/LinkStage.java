package io.jtcp.core.sim;

/**
 * One step of a one-way {@link LinkModel}: the MTU check, loss, burst loss, duplication,
 * corruption, truncation, a queue and serializer, delay with jitter, reordering. This is the seam
 * for new impairments: a new stage implements this interface and {@link LinkModel#stagesFor} places
 * it in the pipeline.
 *
 * <p>The model calls {@link #offer} at the virtual time {@code now} at which the frame reaches the
 * stage, so calls come in non-decreasing {@code now} and a stateful stage (a queue) sees time pass
 * in order. A stage hands each frame on with {@link StageOutput#forward} at a time no earlier than
 * {@code now}, or drops it with {@link StageOutput#drop}; on the way it may {@linkplain
 * StageOutput#annotate annotate} it, {@linkplain StageOutput#duplicate copy} it (and forward the
 * copy too), or hold it and {@linkplain StageOutput#wakeAt wake up} later to forward it. Every
 * frame offered must end in exactly one forward or drop, so that every packet is accounted for.
 * Stages run on the simulation's thread only and draw randomness only from the {@link
 * java.util.SplittableRandom} they were built with, so runs replay exactly.
 */
interface LinkStage {
  void offer(long now, SimFrame frame, StageOutput out);

  /** A short name for event descriptions and error messages. */
  String name();
}
