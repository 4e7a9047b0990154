package io.jtcp.core.sim;

/**
 * How a link draws each packet's one-way delay around {@link LinkParams#delayNanos()} when {@link
 * LinkParams#jitterNanos()} is set. Either way a draw below zero counts as zero, and the link stays
 * first-in first-out (see {@link LinkParams#jitterNanos()}).
 */
public enum JitterDistribution {
  /**
   * Uniform over {@code [delay - jitter, delay + jitter]}, whole nanoseconds: Linux netem's {@code
   * delay D J} without a distribution table.
   */
  UNIFORM,
  /**
   * Normal with mean {@code delay} and standard deviation {@code jitter}, as netem's {@code
   * distribution normal}; drawn by the Box–Muller transform over {@link StrictMath}, so the draws
   * are the same on every JVM.
   */
  NORMAL
}
