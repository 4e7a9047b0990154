package io.jtcp.core.sim;

/**
 * Constant propagation delay. Jitter (and the reordering it causes when it is not bounded by the
 * gap between packets) will be a stage after this one.
 */
final class DelayStage implements LinkStage {
  private final long delay;

  DelayStage(long delayNanos) {
    this.delay = delayNanos;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    out.forward(Math.addExact(now, delay), frame);
  }

  @Override
  public String name() {
    return "delay " + delay + " ns";
  }
}
