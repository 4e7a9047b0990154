package io.jtcp.core.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Propagation delay that varies from packet to packet around a mean, first-in first-out: each
 * packet draws a delay from {@link JitterDistribution} around {@code delay} (negative draws count
 * as 0), and leaves at its arrival plus that delay, or right after the packet ahead of it if that
 * is later. Holding a packet behind its predecessor, rather than letting it overtake, is a choice
 * (see {@link LinkParams#jitterNanos()}): reordering is the business of {@link ReorderStage} alone,
 * so jitter never reorders by itself. Packets that leave at one instant leave in arrival order,
 * because the network runs events of one instant in the order they were queued.
 */
final class JitterStage implements LinkStage {
  private final long delay;
  private final long jitter;
  private final JitterDistribution distribution;
  private final SplittableRandom random;

  /** When the last packet leaves. */
  private long lastDeparture = Long.MIN_VALUE;

  JitterStage(
      long delayNanos, long jitterNanos, JitterDistribution distribution, SplittableRandom random) {
    this.delay = delayNanos;
    this.jitter = jitterNanos;
    this.distribution = distribution;
    this.random = random;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    long at = Math.max(Math.addExact(now, draw()), lastDeparture);
    lastDeparture = at;
    out.forward(at, frame);
  }

  /** One packet's delay, at least 0. */
  long draw() {
    return switch (distribution) {
      case UNIFORM -> Math.max(0, Math.addExact(delay, random.nextLong(2 * jitter + 1) - jitter));
      case NORMAL -> {
        double d = delay + jitter * gaussian();
        if (!(d < 0x1p62)) {
          throw new ArithmeticException(
              "a normal jitter of " + jitter + " ns around " + delay + " ns overflows: " + d);
        }
        yield Math.max(0, Math.round(d));
      }
    };
  }

  /** A standard normal draw by Box–Muller over StrictMath: two uniforms per packet, every JVM. */
  private double gaussian() {
    double u1 = 1.0 - random.nextDouble(); // (0, 1], so the log is finite
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  @Override
  public String name() {
    return "delay "
        + delay
        + " ns jitter "
        + distribution.name().toLowerCase(Locale.ROOT)
        + " "
        + jitter
        + " ns";
  }
}
