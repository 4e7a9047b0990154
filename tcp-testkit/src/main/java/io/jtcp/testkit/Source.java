package io.jtcp.testkit;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/**
 * The randomness a {@link Gen} draws from, kept as a list of recorded choices so that a failing
 * case can be replayed and shrunk without knowing anything about the generated type.
 *
 * <p>Every primitive draw consumes exactly one choice: an unsigned {@code long} in {@code [0,
 * size)}. The mapping from choice to value is fixed so that a smaller choice always means a simpler
 * value; the shrinker only ever makes choices smaller or deletes them, and that is what shrinks
 * values. For integer ranges the simplest value is the one nearest zero: a range with {@code lo >=
 * 0} maps choice {@code c} to {@code lo + c}, a range with {@code hi <= 0} maps it to {@code hi -
 * c}, and a range around zero zig-zags ({@code 0, 1, -1, 2, -2, ...}) until one side runs out and
 * then continues on the longer side. Uniform choices therefore give uniform values.
 *
 * <p>In generation mode ({@link #random}) choices come from a {@link SplittableRandom}; in replay
 * mode ({@link #replay}) they come from a given list, where draws past its end read 0 and
 * out-of-range choices are clamped to the largest valid one, so every mutated list still generates
 * some value. In both modes {@link #choices()} is the list actually consumed, after clamping and
 * padding.
 */
public final class Source {
  /** Draws allowed per generated value; past it generation aborts instead of looping forever. */
  public static final int MAX_DRAWS = 1 << 20;

  private final SplittableRandom random;
  private final long[] replay;
  private long[] recorded = new long[16];
  private int count;

  private Source(SplittableRandom random, long[] replay) {
    this.random = random;
    this.replay = replay;
  }

  /** A source drawing fresh choices from {@code new SplittableRandom(seed)}. */
  public static Source random(long seed) {
    return new Source(new SplittableRandom(seed), null);
  }

  /** A source that replays {@code choices}, reading 0 past their end. */
  public static Source replay(long[] choices) {
    return new Source(null, choices.clone());
  }

  /** Whether this source replays a recorded list instead of drawing fresh choices. */
  public boolean isReplaying() {
    return random == null;
  }

  /** The choices drawn so far, in order. */
  public long[] choices() {
    return Arrays.copyOf(recorded, count);
  }

  /** How many choices have been drawn so far. */
  public int drawCount() {
    return count;
  }

  /**
   * One raw choice, uniform in {@code [0, size)} with {@code size} read as unsigned; {@code size ==
   * 0} means all 2^64 values.
   */
  public long choice(long size) {
    return choice(size, rnd -> uniform(rnd, size));
  }

  /**
   * One raw choice in {@code [0, size)} (unsigned; 0 means 2^64) whose generation-mode distribution
   * is {@code sampler}'s. The sampler never runs when replaying, and its result is clamped into
   * range, so it shapes what is likely without changing what a choice means.
   */
  public long choice(long size, ToLongFunction<SplittableRandom> sampler) {
    if (count >= MAX_DRAWS) {
      throw new GenerationAborted("more than " + MAX_DRAWS + " draws for one value");
    }
    long c;
    if (random != null) {
      c = sampler.applyAsLong(random);
    } else {
      c = count < replay.length ? replay[count] : 0;
    }
    if (size != 0 && Long.compareUnsigned(c, size - 1) > 0) {
      c = size - 1;
    }
    if (count == recorded.length) {
      recorded = Arrays.copyOf(recorded, count * 2);
    }
    recorded[count++] = c;
    return c;
  }

  /** 64 uniform bits; shrinks toward 0. */
  public long bits() {
    return choice(0);
  }

  /** A uniform long in {@code [lo, hi]}; shrinks toward the value nearest zero. */
  public long longIn(long lo, long hi) {
    if (lo > hi) {
      throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
    }
    return valueOf(lo, hi, choice(hi - lo + 1));
  }

  /** A uniform int in {@code [lo, hi]}; shrinks toward the value nearest zero. */
  public int intIn(int lo, int hi) {
    return (int) longIn(lo, hi);
  }

  /** A fair coin; shrinks toward {@code false}. */
  public boolean bool() {
    return bool(0.5);
  }

  /** {@code true} with probability {@code pTrue} when generating; shrinks toward {@code false}. */
  public boolean bool(double pTrue) {
    return choice(2, rnd -> rnd.nextDouble() < pTrue ? 1 : 0) == 1;
  }

  /** A uniform double in {@code [0, 1)} on a 2^-53 grid; shrinks toward 0.0. */
  public double unit() {
    return choice(1L << 53) * 0x1.0p-53;
  }

  /** Maps choice {@code c} of range {@code [lo, hi]} to its value; see the class comment. */
  static long valueOf(long lo, long hi, long c) {
    if (lo >= 0) {
      return lo + c;
    }
    if (hi <= 0) {
      return hi - c;
    }
    long neg = -lo; // as unsigned: up to 2^63
    long m = Long.compareUnsigned(neg, hi) < 0 ? neg : hi; // the symmetric radius, < 2^63
    if (Long.compareUnsigned(c, 2 * m) <= 0) {
      return (c & 1) == 1 ? (c >>> 1) + 1 : -(c >>> 1);
    }
    long beyond = c - m;
    return Long.compareUnsigned(hi, neg) > 0 ? beyond : -beyond;
  }

  private static long uniform(SplittableRandom rnd, long size) {
    if (size == 0) {
      return rnd.nextLong();
    }
    if (size > 0) {
      return rnd.nextLong(size);
    }
    long r; // size above 2^63: rejection accepts at least half of the draws
    do {
      r = rnd.nextLong();
    } while (Long.compareUnsigned(r, size) >= 0);
    return r;
  }
}
