package io.jtcp.core.sim;

/**
 * Constant propagation delay. A link with jitter uses {@link JitterStage} instead, which varies the
 * delay around the same mean without reordering.
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
