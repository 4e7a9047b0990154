package io.jtcp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken properties must be caught, and their counterexamples shrunk to the minimal ones. */
class ShrinkingTest {

  @Test
  void listSumShrinksToSingleBoundaryElement() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                property(Gens.lists(Gens.ints(0, 1000), 0, 20))
                    .check(xs -> assertTrue(sum(xs) < 500, "sum " + sum(xs))));
    assertEquals(List.of(500), f.shrunk());
    assertTrue(sum(asInts(f.original())) >= 500, "original must fail too: " + f.original());
    assertTrue(f.getMessage().contains("jtcp.seed"), f.getMessage());
    assertTrue(f.getMessage().contains("shrunk:   [500]"), f.getMessage());
    assertTrue(f.getMessage().contains("sum 500"), f.getMessage());
  }

  @Test
  void byteArrayLengthShrinksToTenZeroBytes() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () -> property(Gens.bytes(0, 100)).checkThat(b -> b.length < 10));
    assertArrayEquals(new byte[10], (byte[]) f.shrunk());
    assertTrue(f.getMessage().contains("byte[10]{00 00 00 00 00 00 00 00 00 00}"), f.getMessage());
  }

  @Test
  void intShrinksToExactBoundary() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () -> property(Gens.ints(0, 1_000_000)).checkThat(i -> i < 12345));
    assertEquals(12345, f.shrunk());
    assertTrue((Integer) f.original() >= 12345);
    assertTrue(f.shrinkSteps() > 0, "a random failing int is almost never 12345 itself");
  }

  @Test
  void negativeRangeShrinksTowardZero() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () -> property(Gens.ints(-1_000_000, -1)).checkThat(i -> i > -777));
    assertEquals(-777, f.shrunk());
  }

  @Test
  void shrinksThroughMap() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () -> property(Gens.ints(0, 100).map(i -> i * 2)).checkThat(v -> v < 50));
    assertEquals(50, f.shrunk());
  }

  @Test
  void shrinksThroughFilter() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                property(Gens.ints(0, 1000).filter(i -> i % 2 == 0, "even"))
                    .checkThat(v -> v < 101));
    assertEquals(102, f.shrunk());
  }

  @Test
  void shrinksThroughFlatMap() {
    // A length, then a list of exactly that many small ints: the shrunk case needs 3 elements and
    // nothing in them.
    Gen<List<Integer>> gen = Gens.ints(0, 10).flatMap(n -> Gens.lists(Gens.ints(0, 50), n, n));
    PropertyFailure f =
        assertThrows(PropertyFailure.class, () -> property(gen).checkThat(xs -> xs.size() < 3));
    assertEquals(List.of(0, 0, 0), f.shrunk());
  }

  @Test
  void shrinksBothArgumentsOfTwoArgumentProperty() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                property(Gens.ints(0, 1000), Gens.bytes(0, 50))
                    .check((n, b) -> assertTrue(n < 100 || b.length < 3)));
    BiProperty.Pair<?, ?> p = assertInstanceOf(BiProperty.Pair.class, f.shrunk());
    assertEquals(100, p.first());
    assertArrayEquals(new byte[3], (byte[]) p.second());
    assertTrue(f.getMessage().contains("(100, byte[3]{00 00 00})"), f.getMessage());
  }

  @Test
  void shrinkingKeepsTheKindOfFailure() {
    // Small values fail one way, large ones another: shrinking must not slip to the other kind.
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                property(Gens.ints(0, 1000))
                    .check(
                        i -> {
                          if (i >= 600) {
                            throw new IllegalStateException("large " + i);
                          }
                          if (i >= 10) {
                            throw new ArithmeticException("medium " + i);
                          }
                        }));
    Class<?> kind = f.getCause().getClass();
    int shrunk = (Integer) f.shrunk();
    assertEquals(kind == IllegalStateException.class ? 600 : 10, shrunk, f.getMessage());
  }

  @Test
  void shrunkFailureIsTheCauseAndTheOriginalIsSuppressed() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                property(Gens.ints(0, 1_000_000))
                    .check(
                        i -> {
                          if (i >= 1000) {
                            throw new IllegalArgumentException("too big: " + i);
                          }
                        }));
    assertEquals("too big: 1000", f.getCause().getMessage());
    assertEquals(1, f.getSuppressed().length);
    assertEquals("too big: " + f.original(), f.getSuppressed()[0].getMessage());
  }

  @Test
  void shrinkBudgetBoundsEvaluations() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                property(Gens.lists(Gens.longs(), 50, 200))
                    .shrinkBudget(25)
                    .checkThat(xs -> false));
    assertTrue(f.shrinkEvaluations() <= 25, "evaluations " + f.shrinkEvaluations());
    assertTrue(f.getMessage().contains("budget exhausted"), f.getMessage());
  }

  /** Explicit tries, so that -Djtcp.tries cannot make these failures go undetected. */
  private static <T> Property<T> property(Gen<T> gen) {
    return Property.forAll(gen).tries(1000);
  }

  private static <A, B> BiProperty<A, B> property(Gen<A> first, Gen<B> second) {
    return Property.forAll(first, second).tries(1000);
  }

  private static int sum(List<Integer> xs) {
    return xs.stream().mapToInt(Integer::intValue).sum();
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> asInts(Object o) {
    return (List<Integer>) o;
  }
}
