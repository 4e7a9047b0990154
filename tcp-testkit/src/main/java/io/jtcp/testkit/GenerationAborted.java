package io.jtcp.testkit;

/**
 * Thrown while generating a value that cannot be produced (a filter that keeps rejecting, a runaway
 * number of draws). The runner discards that case rather than failing the property, and gives up
 * only when discards outnumber the requested tries; a generator may throw it too, to reject a case.
 */
public final class GenerationAborted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GenerationAborted(String why) {
    super(why, null, false, false);
  }
}
