package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import org.junit.jupiter.api.Test;

/** Sequence-space laws, drawn where they break: around 0, the 2^32 wrap and 2^31 apart. */
class SeqPropertiesTest {
  /** A forward distance strictly inside (0, 2^31): the region where RFC 1982 defines an order. */
  static final Gen<Integer> AHEAD =
      Gens.frequency(
          Gens.weighted(2, Gens.ints(1, 1 << 16)),
          Gens.weighted(1, Gens.ints(Integer.MAX_VALUE - (1 << 16), Integer.MAX_VALUE)),
          Gens.weighted(2, Gens.ints(1, Integer.MAX_VALUE)));

  private static Gen<int[]> pair(Gen<Integer> a, Gen<Integer> b) {
    return a.flatMap(x -> b.map(y -> new int[] {x, y}));
  }

  @Test
  void aNumberIsBeforeEveryNumberLessThanHalfTheSpaceAhead() {
    Property.forAll(Gens.seqNumbers(), AHEAD)
        .tries(10_000)
        .check(
            (a, d) -> {
              int b = a + d;
              assertTrue(Seq.lt(a, b));
              assertTrue(Seq.le(a, b));
              assertTrue(Seq.gt(b, a));
              assertTrue(Seq.ge(b, a));
              assertFalse(Seq.lt(b, a), "antisymmetric");
              assertFalse(Seq.le(b, a));
              assertEquals(d, Seq.distance(a, b));
              assertEquals(b, Seq.max(a, b));
              assertEquals(a, Seq.min(b, a));
              assertTrue(Seq.comparable(a, b));
            });
  }

  @Test
  void orderIsIrreflexiveAndTheAntipodeIsUnordered() {
    Property.forAll(Gens.seqNumbers())
        .tries(10_000)
        .check(
            a -> {
              assertFalse(Seq.lt(a, a));
              assertTrue(Seq.le(a, a));
              int antipode = a + Integer.MIN_VALUE;
              assertFalse(Seq.lt(a, antipode));
              assertFalse(Seq.gt(a, antipode));
              assertFalse(Seq.comparable(a, antipode));
            });
  }

  @Test
  void orderIsTransitiveWithinHalfTheSpace() {
    Property.forAll(Gens.seqNumbers(), pair(Gens.ints(1, 1 << 30), Gens.ints(1, 1 << 30)))
        .tries(10_000)
        .check(
            (a, ds) -> {
              int d1 = ds[0];
              int d2 = ds[1];
              assertTrue(Seq.lt(a, a + d1) && Seq.lt(a + d1, a + d1 + d2));
              assertTrue(Seq.lt(a, a + d1 + d2), "transitive when the total stays under 2^31");
            });
  }

  @Test
  void betweenIsTheHalfOpenWindowOfLeAndLt() {
    Property.forAll(Gens.seqNumbers(), pair(AHEAD, Gens.ints(-3, Integer.MAX_VALUE)))
        .tries(10_000)
        .check(
            (lo, sd) -> {
              int size = sd[0];
              int dx = sd[1];
              int hi = lo + size;
              int x = lo + dx;
              boolean expected = dx >= 0 && dx < size;
              assertEquals(expected, Seq.between(lo, x, hi));
              assertEquals(expected, Seq.inWindow(x, lo, size));
              if (Seq.comparable(lo, x) && Seq.comparable(x, hi)) {
                assertEquals(Seq.le(lo, x) && Seq.lt(x, hi), Seq.between(lo, x, hi));
              }
            });
  }

  @Test
  void advertisedWindowNeverOverstatesAndLosesLessThanOneUnit() {
    Property.forAll(Gens.longs(0, 1L << 31), Gens.ints(0, 14))
        .tries(10_000)
        .check(
            (bytes, shift) -> {
              long meant = Window.scaled(Window.field(bytes, shift), shift);
              assertTrue(meant <= bytes, "never promises space that is not there");
              if (bytes <= (long) Window.MAX_UNSCALED << shift) {
                assertTrue(bytes - meant < 1L << shift, "loses less than one scaling unit");
              } else {
                assertEquals(Window.MAX_UNSCALED, Window.field(bytes, shift), "saturates");
              }
            });
  }
}
