package io.jtcp.core.sim;

import java.util.SplittableRandom;

/**
 * Corruption: with the given probability a packet gets from 1 to 15 bits flipped within one 16-bit
 * word, an error the receiver's checksum always catches (see {@link Impairments#corrupt}). The
 * stage makes a new array and leaves the old one, which taps may hold, alone.
 */
final class CorruptStage implements LinkStage {
  private final double rate;
  private final SplittableRandom random;

  CorruptStage(double rate, SplittableRandom random) {
    this.rate = rate;
    this.random = random;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    if (random.nextDouble() < rate) {
      byte[] bytes = frame.packet().clone();
      Impairments.corrupt(bytes, 0, bytes.length, random);
      SimFrame corrupted = frame.withPacket(bytes);
      out.annotate(corrupted, FrameFate.CORRUPTED);
      out.forward(now, corrupted);
    } else {
      out.forward(now, frame);
    }
  }

  @Override
  public String name() {
    return "corrupt " + rate;
  }
}
