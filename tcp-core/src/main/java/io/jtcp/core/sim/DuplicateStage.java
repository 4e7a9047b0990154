package io.jtcp.core.sim;

import java.util.SplittableRandom;

/**
 * Duplication: with the given probability a packet is copied, and the copy, byte for byte the same,
 * is forwarded right after the original, at the same instant, so it follows the original through
 * the rest of the link. One copy at most per packet and stage.
 */
final class DuplicateStage implements LinkStage {
  private final double rate;
  private final SplittableRandom random;

  DuplicateStage(double rate, SplittableRandom random) {
    this.rate = rate;
    this.random = random;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    if (random.nextDouble() < rate) {
      SimFrame copy = out.duplicate(frame);
      out.forward(now, frame);
      out.forward(now, copy);
    } else {
      out.forward(now, frame);
    }
  }

  @Override
  public String name() {
    return "duplicate " + rate;
  }
}
