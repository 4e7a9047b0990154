package io.jtcp.core.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Truncation: with the given probability a packet is cut to a length drawn uniformly from 1 byte to
 * one byte less than its own. A one-byte packet cannot be cut and passes whole.
 */
final class TruncateStage implements LinkStage {
  private final double rate;
  private final SplittableRandom random;

  TruncateStage(double rate, SplittableRandom random) {
    this.rate = rate;
    this.random = random;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    if (random.nextDouble() < rate && frame.length() > 1) {
      byte[] cut =
          Arrays.copyOf(frame.packet(), Impairments.truncatedLength(frame.length(), random));
      SimFrame truncated = frame.withPacket(cut);
      out.annotate(truncated, FrameFate.TRUNCATED);
      out.forward(now, truncated);
    } else {
      out.forward(now, frame);
    }
  }

  @Override
  public String name() {
    return "truncate " + rate;
  }
}
