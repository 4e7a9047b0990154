package io.jtcp.core.spi;

/**
 * Something a driver loop advances: the engine of one stack. The real-time runtime calls {@link
 * #poll} when a frame, a command or a deadline is due; the simulator jumps virtual time to the
 * earliest {@link #nextDeadline} of all nodes and link deliveries. Agrona's duty-cycle {@code
 * Agent} is the model: no threads of its own, so tests run it on theirs.
 */
public interface Pollable {
  /** No deadline pending. */
  long NO_DEADLINE = Long.MAX_VALUE;

  /**
   * Receives what the link holds, fires due timers and runs queued work, all at time {@code now}.
   */
  void poll(long now);

  /** The earliest time at which {@link #poll} has timer work to do, or {@link #NO_DEADLINE}. */
  long nextDeadline();
}
