package io.jtcp.core.engine;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * What a connection tells its owner, on the engine thread. The blocking API turns these into
 * wake-ups; the simulator's scripts and tests react to them directly.
 */
public interface ConnectionEvents {
  ConnectionEvents NONE = new ConnectionEvents() {};

  /** The handshake completed. */
  default void onEstablished(Connection c) {}

  /** Data or end-of-stream can be read. */
  default void onReadable(Connection c) {}

  /** Send-buffer space was freed. */
  default void onWritable(Connection c) {}

  /** The TCB is gone; {@code error} says why if it did not close cleanly. */
  default void onClosed(Connection c, @Nullable IOException error) {}
}
