package io.jtcp.core.sim;

import java.util.SplittableRandom;

/** Bursty loss by a {@link GilbertElliott} chain, one per link direction. */
final class BurstLossStage implements LinkStage {
  private final GilbertElliott model;
  private final Impairments.GilbertElliottChain chain;
  private final SplittableRandom random;

  BurstLossStage(GilbertElliott model, SplittableRandom random) {
    this.model = model;
    this.chain = new Impairments.GilbertElliottChain(model);
    this.random = random;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    if (chain.lose(random)) {
      out.drop(frame, FrameFate.DROPPED_BURST_LOSS);
    } else {
      out.forward(now, frame);
    }
  }

  @Override
  public String name() {
    return "burst loss p="
        + model.p()
        + " r="
        + model.r()
        + " good="
        + model.lossInGood()
        + " bad="
        + model.lossInBad();
  }
}
