package io.jtcp.core.sim;

import java.util.function.Supplier;

/** The part of {@link SimNetwork} a {@link LinkModel} needs: the clock, the event queue, ids. */
interface Scheduler {
  /** A scheduled action that can be called off before it runs. */
  @FunctionalInterface
  interface Timer {
    /** Calls the action off; does nothing if it has already run or was called off. */
    void cancel();
  }

  long now();

  /** Runs {@code action} at virtual time {@code at} (not before now), after earlier-queued ties. */
  Timer schedule(long at, Runnable action, Supplier<String> description);

  /** The id of a new packet instance (a copy a link makes). */
  long nextFrameId();
}
