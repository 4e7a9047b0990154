package io.jtcp.core.experiment;

/** Fairness of how flows share a resource. */
public final class Fairness {
  private Fairness() {}

  /**
   * Jain's fairness index, (Σx)² / (n·Σx²) (Jain, Chiu and Hawe, 1984): 1 when every flow gets the
   * same, 1/n when one gets everything. It depends only on the shares, not on their unit.
   *
   * @param x what each flow got (goodputs, say), each finite and >= 0
   * @return the index in [1/n, 1]; NaN when every flow got 0, which is equal but undefined
   * @throws IllegalArgumentException for no flows, or a negative or non-finite share
   */
  public static double jain(double... x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("Jain's index needs at least one flow");
    }
    double sum = 0;
    double squares = 0;
    for (double v : x) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("Jain's index takes finite shares >= 0; got " + v);
      }
      sum += v;
      squares += v * v;
    }
    if (squares == 0) {
      return Double.NaN;
    }
    // Rounding can put an equal split a hair above 1.
    return Math.min(1, sum * sum / (x.length * squares));
  }
}
