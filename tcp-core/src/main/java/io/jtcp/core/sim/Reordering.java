package io.jtcp.core.sim;

import java.time.Duration;

/**
 * Reordering with a bounded displacement: each packet is selected with probability {@code rate}; a
 * selected packet is held back and let go right after {@code depth} later packets have passed it,
 * so it arrives exactly {@code depth} places late. A packet still held {@code timeoutNanos} after
 * it was selected goes anyway, so the last packets of a burst are not held forever (it then arrives
 * after however many packets did pass it, perhaps none). Several packets may be held at once; they
 * leave in the order they were selected.
 *
 * <p>Unlike netem's {@code reorder}, which sends some packets early by skipping the delay, this
 * model says how far a packet moves, which is what decides whether a TCP sender sees three
 * duplicate ACKs: {@code depth} 3 or more triggers fast retransmit (RFC 5681), less does not.
 *
 * @param rate probability in [0, 1] that a packet is held back
 * @param depth how many later packets pass a held one, at least 1
 * @param timeoutNanos the longest a packet is held, at least 1 ns. {@link FaultyLink}, which has no
 *     clock, ignores it and lets held frames go when its link falls idle instead
 */
public record Reordering(double rate, int depth, long timeoutNanos) {

  /** The hold limit unless told otherwise: 10 ms, well under TCP's 200 ms minimum RTO. */
  public static final long DEFAULT_TIMEOUT_NANOS = 10_000_000L;

  /** No reordering. */
  public static final Reordering NONE = new Reordering(0, 1, DEFAULT_TIMEOUT_NANOS);

  /**
   * @throws IllegalArgumentException naming the valid range, for a rate outside [0, 1], a depth
   *     below 1 or a timeout below 1 ns
   */
  public Reordering {
    Probabilities.require(rate, "reorder rate");
    if (depth < 1) {
      throw new IllegalArgumentException(
          "reorder depth must be >= 1 (how many later packets overtake a held one); got " + depth);
    }
    if (timeoutNanos < 1) {
      throw new IllegalArgumentException(
          "reorder timeoutNanos must be >= 1 (the longest a packet is held); got " + timeoutNanos);
    }
  }

  /** Reordering with the {@linkplain #DEFAULT_TIMEOUT_NANOS default timeout}. */
  public static Reordering of(double rate, int depth) {
    return new Reordering(rate, depth, DEFAULT_TIMEOUT_NANOS);
  }

  /**
   * @throws ArithmeticException if the duration does not fit in a long of nanoseconds
   */
  public Reordering withTimeout(Duration timeout) {
    return new Reordering(rate, depth, timeout.toNanos());
  }

  /** Whether any packet is ever held. */
  public boolean isActive() {
    return rate > 0;
  }
}
