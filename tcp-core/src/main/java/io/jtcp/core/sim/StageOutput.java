package io.jtcp.core.sim;

/** Where a {@link LinkStage} sends what it is done with, and what else it may ask of its link. */
interface StageOutput {
  /**
   * Hands {@code frame} to the next stage (or out of the link) at virtual time {@code at}.
   *
   * @throws IllegalStateException if {@code at} is before the time of the current offer
   */
  void forward(long at, SimFrame frame);

  /** Ends {@code frame}'s journey here, counted and shown to the taps as {@code fate}. */
  void drop(SimFrame frame, FrameFate fate);

  /**
   * Records that this stage changed {@code frame} on its way (an {@linkplain
   * FrameFate#isAnnotation() annotation}: corrupted, truncated, reordered), counted and shown to
   * the taps now; the frame goes on and still needs a {@link #forward} or {@link #drop}.
   *
   * @throws IllegalArgumentException if {@code fate} is not an annotation
   */
  void annotate(SimFrame frame, FrameFate fate);

  /**
   * A copy of {@code frame}, a new instance with its own id and byte array, counted and shown to
   * the taps as {@link FrameFate#DUPLICATED} now. The stage then forwards (or drops) it like any
   * other frame.
   */
  SimFrame duplicate(SimFrame frame);

  /**
   * Runs {@code action} at virtual time {@code at} (not before now), for a stage that must act
   * without a frame arriving: a reordering stage's timeout. The action forwards with {@code at} as
   * the current time.
   */
  Scheduler.Timer wakeAt(long at, Runnable action);
}
