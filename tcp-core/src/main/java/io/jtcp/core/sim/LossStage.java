package io.jtcp.core.sim;

import java.util.SplittableRandom;

/**
 * Independent (Bernoulli) loss: each packet is lost with the same probability whatever happened to
 * the others. Bursty loss is {@link BurstLossStage}, right after this one.
 */
final class LossStage implements LinkStage {
  private final double rate;
  private final SplittableRandom random;

  LossStage(double rate, SplittableRandom random) {
    this.rate = rate;
    this.random = random;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    if (random.nextDouble() < rate) {
      out.drop(frame, FrameFate.DROPPED_LOSS);
    } else {
      out.forward(now, frame);
    }
  }

  @Override
  public String name() {
    return "loss " + rate;
  }
}
