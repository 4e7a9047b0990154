package io.jtcp.core.sim;

/**
 * One step of a one-way {@link LinkModel}: loss, a queue and serializer, delay, and later jitter,
 * burst loss, reordering, duplication and corruption. This is the seam for new impairments: a new
 * stage implements this interface and {@link LinkModel#stagesFor} places it in the pipeline.
 *
 * <p>The model calls {@link #offer} at the virtual time {@code now} at which the frame reaches the
 * stage, so calls come in non-decreasing {@code now} and a stateful stage (a queue) sees time pass
 * in order. A stage hands each frame on with {@link StageOutput#forward} at a time no earlier than
 * {@code now}, or drops it with {@link StageOutput#drop}; a duplicating stage may forward it more
 * than once. Stages run on the simulation's thread only and draw randomness only from the {@link
 * java.util.SplittableRandom} they were built with, so runs replay exactly.
 */
interface LinkStage {
  void offer(long now, SimFrame frame, StageOutput out);

  /** A short name for event descriptions and error messages. */
  String name();
}
