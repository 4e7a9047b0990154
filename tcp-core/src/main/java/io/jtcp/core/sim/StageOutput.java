package io.jtcp.core.sim;

/** Where a {@link LinkStage} sends what it is done with. */
interface StageOutput {
  /**
   * Hands {@code frame} to the next stage (or out of the link) at virtual time {@code at}.
   *
   * @throws IllegalStateException if {@code at} is before the time of the current offer
   */
  void forward(long at, SimFrame frame);

  /** Ends {@code frame}'s journey here, counted and shown to the taps as {@code fate}. */
  void drop(SimFrame frame, FrameFate fate);
}
