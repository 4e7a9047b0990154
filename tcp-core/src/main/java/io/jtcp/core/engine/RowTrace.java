package io.jtcp.core.engine;

import io.jtcp.core.fsm.Transition;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * For tests: which rows of the table the engine applies. A test that {@link #record records} sees
 * every row applied on its own thread (so tests running beside it in the same JVM do not leak into
 * its record); when nobody records, {@link #applied} costs one volatile read.
 */
final class RowTrace {
  private static final ThreadLocal<@Nullable Consumer<Transition>> SINK = new ThreadLocal<>();
  private static volatile int recorders;

  private RowTrace() {}

  /** Called by the engine for every row it applies. */
  static void applied(Transition row) {
    if (recorders > 0) {
      Consumer<Transition> sink = SINK.get();
      if (sink != null) {
        sink.accept(row);
      }
    }
  }

  /**
   * Sends the rows applied on the calling thread to {@code sink} until the returned handle is
   * closed.
   */
  static Recording record(Consumer<Transition> sink) {
    if (SINK.get() != null) {
      throw new IllegalStateException("this thread is already recording");
    }
    SINK.set(sink);
    synchronized (RowTrace.class) {
      recorders++;
    }
    return () -> {
      SINK.remove();
      synchronized (RowTrace.class) {
        recorders--;
      }
    };
  }

  /** A recording in progress; closing it stops it. */
  interface Recording extends AutoCloseable {
    @Override
    void close();
  }
}
