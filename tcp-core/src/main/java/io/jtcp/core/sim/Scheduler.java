package io.jtcp.core.sim;

import java.util.function.Supplier;

/** The part of {@link SimNetwork} a {@link LinkModel} needs: the clock and the event queue. */
interface Scheduler {
  long now();

  /** Runs {@code action} at virtual time {@code at} (not before now), after earlier-queued ties. */
  void schedule(long at, Runnable action, Supplier<String> description);
}
