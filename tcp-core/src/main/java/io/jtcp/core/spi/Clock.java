package io.jtcp.core.spi;

/**
 * A source of monotonic time in nanoseconds. The engine never calls it: the runtime reads it and
 * passes {@code now} to the engine, and the simulator substitutes virtual time.
 */
@FunctionalInterface
public interface Clock {
  /** Monotonic nanoseconds; only differences are meaningful. */
  long nanos();

  /** The JVM's monotonic clock, for the real-time runtime. */
  static Clock system() {
    return System::nanoTime;
  }
}
