package io.jtcp.testkit;

/**
 * A falsified property. The message is the whole report (seed, original and shrunk values, shrunk
 * failure); the cause is what the shrunk case threw, and the original case's throwable is attached
 * as suppressed when it differs. The accessors let tests of the runner check what it found.
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final String propertyName;
  private final long seed;
  private final int tryNumber;
  private final int shrinkSteps;
  private final int shrinkEvaluations;
  // Counterexamples need not be serializable; a deserialized failure keeps only the report.
  private final transient Object original;
  private final transient Object shrunk;

  PropertyFailure(
      String report,
      Throwable cause,
      String propertyName,
      long seed,
      int tryNumber,
      Object original,
      Object shrunk,
      int shrinkSteps,
      int shrinkEvaluations) {
    super(report, cause);
    this.propertyName = propertyName;
    this.seed = seed;
    this.tryNumber = tryNumber;
    this.original = original;
    this.shrunk = shrunk;
    this.shrinkSteps = shrinkSteps;
    this.shrinkEvaluations = shrinkEvaluations;
  }

  public String propertyName() {
    return propertyName;
  }

  /** The failing try's own seed: {@code -Djtcp.seed=} this replays it as the first try. */
  public long seed() {
    return seed;
  }

  /** Which try failed, counting from 1 and not counting discarded cases. */
  public int tryNumber() {
    return tryNumber;
  }

  /**
   * The value that first failed, regenerated from its choices (so unaffected by anything the
   * property did to it); null if generating it threw. Two-argument properties give a {@code (a, b)}
   * pair.
   */
  public Object original() {
    return original;
  }

  /** The smallest failing value the shrinker found, regenerated like {@link #original()}. */
  public Object shrunk() {
    return shrunk;
  }

  /** How many times shrinking found a smaller failing case. */
  public int shrinkSteps() {
    return shrinkSteps;
  }

  /** How many times the property ran while shrinking. */
  public int shrinkEvaluations() {
    return shrinkEvaluations;
  }
}
