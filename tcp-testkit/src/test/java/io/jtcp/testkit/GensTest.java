package io.jtcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Generators stay in bounds, whether drawing fresh choices or replaying arbitrary ones. */
class GensTest {
  /** Choice lists as the shrinker could produce them: anything, including out-of-range values. */
  private static final Gen<long[]> ANY_CHOICES =
      Gens.lists(Gens.choose(Gens.longs(0, 3), Gens.longs()), 0, 64)
          .map(xs -> xs.stream().mapToLong(Long::longValue).toArray());

  @Test
  void longsStayInRandomRanges() {
    Property.forAll(Gens.longs(), Gens.longs())
        .tries(5000)
        .check(
            (a, b) -> {
              long lo = Math.min(a, b);
              long hi = Math.max(a, b);
              long v = Gens.longs(lo, hi).generate(Source.random(a ^ b));
              assertTrue(lo <= v && v <= hi, v + " outside [" + lo + ", " + hi + "]");
            });
  }

  @Test
  void intsStayInRangesWhenReplayingAnyChoices() {
    Property.forAll(Gens.intsWithEdges(), Gens.intsWithEdges())
        .check(
            (a, b) -> {
              int lo = Math.min(a, b);
              int hi = Math.max(a, b);
              long[] choices = ANY_CHOICES.generate(Source.random(a * 31L + b));
              Source replay = Source.replay(choices);
              for (int i = 0; i < choices.length + 2; i++) {
                int v = replay.intIn(lo, hi);
                assertTrue(lo <= v && v <= hi, v + " outside [" + lo + ", " + hi + "]");
              }
            });
  }

  @Test
  void bytesAndListsRespectTheirSizes() {
    Property.forAll(ANY_CHOICES)
        .check(
            choices -> {
              byte[] b = Gens.bytes(3, 17).generate(Source.replay(choices));
              assertTrue(3 <= b.length && b.length <= 17, "length " + b.length);
              List<Integer> xs =
                  Gens.lists(Gens.ints(-3, 3), 2, 5).generate(Source.replay(choices));
              assertTrue(2 <= xs.size() && xs.size() <= 5, "size " + xs.size());
              assertTrue(xs.stream().allMatch(x -> -3 <= x && x <= 3), xs.toString());
            });
    Property.forAll(Gens.bytes(0, 1500)).checkThat(b -> b.length <= 1500);
    Property.forAll(Gens.lists(Gens.booleans(), 1, 3))
        .checkThat(xs -> 1 <= xs.size() && xs.size() <= 3);
  }

  @Test
  void generatedSizesCoverTheirWholeRange() {
    Set<Integer> lengths = new HashSet<>();
    Property.forAll(Gens.bytes(0, 5)).tries(500).check(b -> lengths.add(b.length));
    assertEquals(Set.of(0, 1, 2, 3, 4, 5), lengths);
    Set<Integer> sizes = new HashSet<>();
    Property.forAll(Gens.lists(Gens.constant(1), 0, 3))
        .tries(500)
        .check(xs -> sizes.add(xs.size()));
    assertEquals(Set.of(0, 1, 2, 3), sizes);
  }

  @Test
  void everyChoiceOfASmallRangeIsADistinctValue() {
    for (int[] range : new int[][] {{-3, 10}, {-10, 3}, {-4, 4}, {0, 9}, {5, 9}, {-9, -5}}) {
      Set<Integer> seen = new HashSet<>();
      int size = range[1] - range[0] + 1;
      for (int c = 0; c < size; c++) {
        int v = Source.replay(new long[] {c}).intIn(range[0], range[1]);
        assertTrue(range[0] <= v && v <= range[1], v + " outside range");
        assertTrue(seen.add(v), "choice " + c + " repeats " + v);
      }
      assertEquals(size, seen.size());
      int nearestZero = Math.max(range[0], Math.min(range[1], 0));
      assertEquals(nearestZero, Source.replay(new long[] {0}).intIn(range[0], range[1]));
    }
  }

  @Test
  void fullRangeChoicesMapToTheExtremes() {
    assertEquals(0L, Source.replay(new long[] {0}).longIn(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(1L, Source.replay(new long[] {1}).longIn(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(-1L, Source.replay(new long[] {2}).longIn(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(
        Long.MAX_VALUE, Source.replay(new long[] {-3}).longIn(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(
        -Long.MAX_VALUE, Source.replay(new long[] {-2}).longIn(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(
        Long.MIN_VALUE, Source.replay(new long[] {-1}).longIn(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(
        Integer.MIN_VALUE,
        Source.replay(new long[] {-1}).intIn(Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  @Test
  void replayPastTheEndReadsZeroAndRecordsWhatItUsed() {
    Source src = Source.replay(new long[] {7, 99});
    assertEquals(7, src.intIn(0, 10));
    assertEquals(5, src.intIn(0, 5)); // 99 clamps to the largest choice
    assertEquals(3, src.intIn(3, 8)); // past the end: choice 0
    assertEquals(false, src.bool());
    assertTrue(List.of(7L, 5L, 0L, 0L).equals(boxed(src.choices())));
  }

  @Test
  void sameSeedSameValues() {
    Gen<List<Integer>> gen = Gens.lists(Gens.seqNumbers(), 0, 50);
    for (long seed = 0; seed < 100; seed++) {
      assertEquals(gen.generate(Source.random(seed)), gen.generate(Source.random(seed)));
    }
  }

  @Test
  void seqNumbersCrowdNearZeroTheWrapAndHalfway() {
    AtomicInteger nearZero = new AtomicInteger();
    AtomicInteger nearWrap = new AtomicInteger();
    AtomicInteger nearHalf = new AtomicInteger();
    Property.forAll(Gens.seqNumbers())
        .tries(10_000)
        .check(
            s -> {
              if (s >= 0 && s <= 1 << 16) {
                nearZero.incrementAndGet();
              } else if (s < 0 && s >= -(1 << 16)) {
                nearWrap.incrementAndGet();
              } else if (Math.abs((long) s - Integer.MIN_VALUE) <= 1 << 16
                  || Math.abs((long) s - Integer.MAX_VALUE) <= 1 << 16) {
                nearHalf.incrementAndGet();
              }
            });
    // Uniform ints would land in each of these windows about 0.002% of the time.
    assertTrue(nearZero.get() > 1000, "near 0: " + nearZero);
    assertTrue(nearWrap.get() > 1000, "near 2^32: " + nearWrap);
    assertTrue(nearHalf.get() > 1000, "near 2^31: " + nearHalf);
  }

  @Test
  void oneOfChooseAndFrequencyPickOnlyTheirAlternatives() {
    Property.forAll(Gens.oneOf("a", "b", "c")).checkThat(s -> Set.of("a", "b", "c").contains(s));
    Property.forAll(Gens.choose(Gens.ints(0, 1), Gens.ints(10, 11)))
        .checkThat(i -> i == 0 || i == 1 || i == 10 || i == 11);
    AtomicInteger heavy = new AtomicInteger();
    Property.forAll(
            Gens.frequency(Gens.weighted(1, Gens.constant(0)), Gens.weighted(9, Gens.constant(1))))
        .tries(2000)
        .check(i -> heavy.addAndGet(i));
    assertTrue(heavy.get() > 1600 && heavy.get() < 1990, "weight 9 of 10 drew " + heavy);
    assertThrows(IllegalArgumentException.class, () -> Gens.oneOf(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Gens.ints(5, 4));
  }

  @Test
  void unitDoublesStayInTheUnitInterval() {
    Property.forAll(Gens.longs())
        .checkThat(
            seed -> {
              double d = Source.random(seed).unit();
              return d >= 0 && d < 1;
            });
    assertEquals(0.0, Source.replay(new long[0]).unit());
  }

  private static List<Long> boxed(long[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
