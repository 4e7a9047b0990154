package io.jtcp.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generators for the values our tests need. Each shrinks through its choices: numbers toward the
 * value nearest zero, booleans toward {@code false}, collections toward shorter and then toward
 * simpler elements, alternatives toward the first one listed (so list the simplest first).
 */
public final class Gens {
  /** Lengths draw from at most this span half of the time, because short inputs find most bugs. */
  private static final int SHORT_SPAN = 32;

  /** Average extra elements of a list beyond its minimum, before the maximum caps it. */
  private static final double LIST_AVERAGE = 16;

  private Gens() {}

  public static <T> Gen<T> constant(T value) {
    return src -> value;
  }

  public static Gen<Boolean> booleans() {
    return Source::bool;
  }

  /** All ints, uniformly. */
  public static Gen<Integer> ints() {
    return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Ints in {@code [lo, hiInclusive]}, uniformly. */
  public static Gen<Integer> ints(int lo, int hiInclusive) {
    checkRange(lo, hiInclusive);
    return src -> src.intIn(lo, hiInclusive);
  }

  /** All longs, uniformly. */
  public static Gen<Long> longs() {
    return longs(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** Longs in {@code [lo, hiInclusive]}, uniformly. */
  public static Gen<Long> longs(long lo, long hiInclusive) {
    checkRange(lo, hiInclusive);
    return src -> src.longIn(lo, hiInclusive);
  }

  /**
   * All ints, with the ones where arithmetic goes wrong (0, ±1, ±2, {@code MIN_VALUE}, {@code
   * MAX_VALUE} and their neighbours) drawn about half of the time.
   */
  public static Gen<Integer> intsWithEdges() {
    return frequency(
        weighted(1, oneOf(0, 1, -1, 2, -2)),
        weighted(
            1,
            oneOf(
                Integer.MAX_VALUE,
                Integer.MIN_VALUE,
                Integer.MAX_VALUE - 1,
                Integer.MIN_VALUE + 1)),
        weighted(2, ints()));
  }

  /**
   * 32-bit sequence numbers (ints read as unsigned) that crowd where modular comparison breaks:
   * within 2^16 of 0 on either side (so across the 2^32 wrap), within 2^16 of 2^31 (where "ahead"
   * and "behind" swap), the exact edges, and otherwise anywhere. Shrinks toward 0.
   */
  public static Gen<Integer> seqNumbers() {
    Gen<Integer> nearWrap = ints(-(1 << 16), 1 << 16);
    Gen<Integer> nearHalf = nearWrap.map(d -> Integer.MIN_VALUE + d);
    Gen<Integer> edges =
        oneOf(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1);
    return frequency(
        weighted(3, nearWrap), weighted(2, nearHalf), weighted(1, edges), weighted(4, ints()));
  }

  /** Byte arrays of exactly {@code length} bytes. */
  public static Gen<byte[]> bytes(int length) {
    return bytes(length, length);
  }

  /**
   * Byte arrays whose length is one draw (leaning short) followed by one draw per byte, so
   * shrinking shortens them from the end and zeroes their bytes.
   */
  public static Gen<byte[]> bytes(int minLength, int maxLength) {
    checkSizes(minLength, maxLength);
    return src -> {
      byte[] out = new byte[size(src, minLength, maxLength)];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) src.intIn(0, 0xff);
      }
      return out;
    };
  }

  /**
   * Lists of {@code min} to {@code max} elements. Past the minimum each element is preceded by a
   * "one more?" coin, so deleting a coin and its element's choices deletes exactly that element and
   * shrinking can drop elements from the middle, not just the end.
   */
  public static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
    Objects.requireNonNull(element);
    checkSizes(min, max);
    double average = Math.min(LIST_AVERAGE, (max - (double) min) / 2);
    double more = average / (average + 1);
    return src -> {
      List<T> out = new ArrayList<>();
      while (out.size() < min || (out.size() < max && src.bool(more))) {
        out.add(element.generate(src));
      }
      return out;
    };
  }

  /** One of {@code values}, uniformly; shrinks toward the first. */
  @SafeVarargs
  public static <T> Gen<T> oneOf(T... values) {
    List<T> copy = new ArrayList<>(values.length);
    for (T v : values) {
      copy.add(v);
    }
    return oneOf(copy);
  }

  /** One of {@code values}, uniformly; shrinks toward the first. */
  public static <T> Gen<T> oneOf(List<T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("oneOf needs at least one value");
    }
    List<T> copy = Collections.unmodifiableList(new ArrayList<>(values));
    return src -> copy.get(src.intIn(0, copy.size() - 1));
  }

  /** A value from one of {@code gens}, picked uniformly; shrinks toward the first generator. */
  @SafeVarargs
  public static <T> Gen<T> choose(Gen<? extends T>... gens) {
    if (gens.length == 0) {
      throw new IllegalArgumentException("choose needs at least one generator");
    }
    List<Gen<? extends T>> copy = new ArrayList<>(gens.length);
    for (Gen<? extends T> g : gens) {
      copy.add(Objects.requireNonNull(g));
    }
    return src -> copy.get(src.intIn(0, copy.size() - 1)).generate(src);
  }

  /** A generator with its relative weight, for {@link #frequency}. */
  public record Weighted<T>(int weight, Gen<? extends T> gen) {
    public Weighted {
      if (weight <= 0) {
        throw new IllegalArgumentException("weight must be positive: " + weight);
      }
      Objects.requireNonNull(gen);
    }
  }

  public static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /**
   * A value from one of the generators, picked in proportion to its weight; shrinks toward the
   * first one listed whatever the weights.
   */
  @SafeVarargs
  public static <T> Gen<T> frequency(Weighted<? extends T>... alternatives) {
    if (alternatives.length == 0) {
      throw new IllegalArgumentException("frequency needs at least one alternative");
    }
    List<Weighted<? extends T>> copy = new ArrayList<>(alternatives.length);
    for (Weighted<? extends T> w : alternatives) {
      copy.add(Objects.requireNonNull(w));
    }
    long[] cumulative = new long[copy.size()];
    long total = 0;
    for (int i = 0; i < cumulative.length; i++) {
      total += copy.get(i).weight();
      cumulative[i] = total;
    }
    long sum = total;
    return src -> {
      int i = (int) src.choice(cumulative.length, rnd -> pick(rnd, cumulative, sum));
      return copy.get(i).gen().generate(src);
    };
  }

  private static long pick(SplittableRandom rnd, long[] cumulative, long total) {
    long r = rnd.nextLong(total);
    int i = 0;
    while (r >= cumulative[i]) {
      i++;
    }
    return i;
  }

  /**
   * A size in {@code [min, max]}: choice {@code c} is size {@code min + c}, generated leaning
   * short.
   */
  private static int size(Source src, int min, int max) {
    long span = (long) max - min;
    long c =
        src.choice(
            span + 1,
            rnd -> rnd.nextLong(rnd.nextBoolean() ? Math.min(span, SHORT_SPAN) + 1 : span + 1));
    return (int) (min + c);
  }

  private static void checkRange(long lo, long hi) {
    if (lo > hi) {
      throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
    }
  }

  private static void checkSizes(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("bad size bounds [" + min + ", " + max + "]");
    }
  }
}
