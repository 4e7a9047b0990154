package io.jtcp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The runner: tries, seeds, replay, discards and the report. */
class PropertyTest {

  @Test
  void passingPropertyRunsExactlyTheRequestedTries() {
    AtomicInteger runs = new AtomicInteger();
    Property.forAll(Gens.ints()).tries(1234).check(i -> runs.incrementAndGet());
    assertEquals(1234, runs.get());
  }

  @Test
  void defaultIsAThousandTriesUnlessJtcpTriesSaysOtherwise() {
    AtomicInteger runs = new AtomicInteger();
    Property.forAll(Gens.booleans()).check(b -> runs.incrementAndGet());
    String configured = System.getProperty(Property.TRIES_PROPERTY, "").trim();
    int expected = configured.isEmpty() ? Property.DEFAULT_TRIES : Integer.parseInt(configured);
    assertEquals(expected, runs.get());
  }

  @Test
  void jtcpTriesOverridesOnlyTheDefault() {
    String saved = System.getProperty(Property.TRIES_PROPERTY);
    try {
      System.setProperty(Property.TRIES_PROPERTY, "37");
      AtomicInteger runs = new AtomicInteger();
      Property.forAll(Gens.booleans()).check(b -> runs.incrementAndGet());
      assertEquals(37, runs.get());
      runs.set(0);
      Property.forAll(Gens.booleans()).tries(5).check(b -> runs.incrementAndGet());
      assertEquals(5, runs.get());
      System.setProperty(Property.TRIES_PROPERTY, "lots");
      assertThrows(
          IllegalArgumentException.class, () -> Property.forAll(Gens.booleans()).check(b -> {}));
    } finally {
      restore(Property.TRIES_PROPERTY, saved);
    }
  }

  @Test
  void sameSeedGeneratesTheSameValues() {
    Gen<byte[]> gen = Gens.bytes(0, 40);
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    Property.forAll(gen).seed(0xC0FFEEL).tries(300).check(b -> first.add(Render.value(b)));
    Property.forAll(gen).seed(0xC0FFEEL).tries(300).check(b -> second.add(Render.value(b)));
    assertEquals(first, second);
    List<String> other = new ArrayList<>();
    Property.forAll(gen).seed(0xC0FFEFL).tries(300).check(b -> other.add(Render.value(b)));
    assertNotEquals(first, other);
  }

  @Test
  void reportedSeedReplaysTheOriginalFailingValueAsTheFirstTry() {
    Gen<List<Integer>> gen = Gens.lists(Gens.ints(-5000, 5000), 0, 30);
    Property.Body<List<Integer>> noLargeElement =
        xs -> assertTrue(xs.stream().allMatch(x -> Math.abs(x) < 4000), "large element");
    PropertyFailure first =
        assertThrows(
            PropertyFailure.class, () -> Property.forAll(gen).tries(1000).check(noLargeElement));
    PropertyFailure replayed =
        assertThrows(
            PropertyFailure.class,
            () -> Property.forAll(gen).tries(1000).seed(first.seed()).check(noLargeElement));
    assertEquals(first.original(), replayed.original());
    assertEquals(first.shrunk(), replayed.shrunk());
    assertEquals(first.seed(), replayed.seed());
    assertEquals(1, replayed.tryNumber());
  }

  @Test
  void jtcpSeedSystemPropertyReplaysToo() {
    Gen<Integer> gen = Gens.ints(0, 1_000_000);
    PropertyFailure first =
        assertThrows(
            PropertyFailure.class,
            () -> Property.forAll(gen).tries(1000).checkThat(i -> i < 990_000));
    String saved = System.getProperty(Property.SEED_PROPERTY);
    try {
      System.setProperty(Property.SEED_PROPERTY, Seeds.format(first.seed()));
      PropertyFailure replayed =
          assertThrows(
              PropertyFailure.class,
              () -> Property.forAll(gen).tries(1000).checkThat(i -> i < 990_000));
      assertEquals(first.original(), replayed.original());
      assertEquals(1, replayed.tryNumber());
      System.setProperty(Property.SEED_PROPERTY, Long.toString(first.seed()));
      PropertyFailure decimal =
          assertThrows(
              PropertyFailure.class,
              () -> Property.forAll(gen).tries(1000).checkThat(i -> i < 990_000));
      assertEquals(first.original(), decimal.original());
    } finally {
      restore(Property.SEED_PROPERTY, saved);
    }
  }

  @Test
  void reportNamesTheTestSeedTryAndValues() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () -> Property.forAll(Gens.ints(0, 100)).seed(42).tries(1000).checkThat(i -> i < 90));
    String m = f.getMessage();
    assertEquals("PropertyTest#reportNamesTheTestSeedTryAndValues", f.propertyName());
    assertTrue(
        m.startsWith("Property PropertyTest#reportNamesTheTestSeedTryAndValues failed on try "), m);
    assertTrue(m.contains("-Djtcp.seed=" + Seeds.format(f.seed())), m);
    assertTrue(
        m.contains(
            "  replay:   mvn -Djtcp.seed="
                + Seeds.format(f.seed())
                + " -Dtest=PropertyTest#reportNamesTheTestSeedTryAndValues -pl tcp-testkit verify"),
        m);
    assertTrue(m.contains("try " + f.tryNumber() + " of 1000"), m);
    assertTrue(m.contains("original: " + f.original()), m);
    assertTrue(m.contains("shrunk:   90"), m);
    assertTrue(m.contains("predicate returned false"), m);
    assertEquals(
        Seeds.forTry(42, countTriesBeforeFailure(42)), f.seed(), "seed must be the failing try's");
  }

  @Test
  void namedPropertyUsesItsName() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.constant("x"))
                    .named("strings are empty")
                    .checkThat(String::isEmpty));
    assertEquals("strings are empty", f.propertyName());
    assertTrue(f.getMessage().startsWith("Property strings are empty failed on try 1 of"));
    assertTrue(f.getMessage().contains("original: \"x\""), f.getMessage());
  }

  @Test
  void bodyMutatingItsValueDoesNotChangeTheReportedValue() {
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.bytes(4))
                    .checkThat(
                        b -> {
                          b[0] = 0x7f;
                          return false;
                        }));
    assertArrayEquals(new byte[4], (byte[]) f.shrunk());
  }

  @Test
  void generatorExceptionsAreFailuresToo() {
    Gen<Integer> broken =
        Gens.ints(0, 1000)
            .map(
                i -> {
                  if (i >= 300) {
                    throw new IllegalStateException("generator broke at " + i);
                  }
                  return i;
                });
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class, () -> Property.forAll(broken).tries(1000).check(i -> {}));
    assertEquals("generator broke at 300", f.getCause().getMessage());
    assertTrue(f.getMessage().contains("<generator threw"), f.getMessage());
  }

  @Test
  void discardsDoNotCountAsTriesButTooManyGiveUp() {
    AtomicInteger runs = new AtomicInteger();
    Gen<Integer> rarelyAborts = Gens.ints(0, 9).filter(i -> i != 0, "nonzero");
    Property.forAll(rarelyAborts).tries(200).check(i -> runs.incrementAndGet());
    assertEquals(200, runs.get());

    Gen<Integer> alwaysAborts = Gens.ints(0, 9).filter(i -> i > 9, "impossible");
    AssertionError gaveUp =
        assertThrows(
            AssertionError.class, () -> Property.forAll(alwaysAborts).tries(10).check(i -> {}));
    assertTrue(gaveUp.getMessage().contains("gave up"), gaveUp.getMessage());
    assertTrue(gaveUp.getMessage().contains("impossible"), gaveUp.getMessage());
  }

  @Test
  void failureThatDoesNotReplayIsReportedAsFlakyAndNotShrunk() {
    AtomicInteger calls = new AtomicInteger();
    PropertyFailure f =
        assertThrows(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.ints(0, 1000))
                    .tries(100)
                    .checkThat(i -> calls.incrementAndGet() != 7));
    assertEquals(7, f.tryNumber());
    assertEquals(0, f.shrinkEvaluations());
    assertEquals(f.original(), f.shrunk());
    assertTrue(f.getMessage().contains("flaky:"), f.getMessage());
  }

  @Test
  void seedsParseDecimalAndHex() {
    assertEquals(255, Seeds.parse("0xff"));
    assertEquals(-1, Seeds.parse("0xffffffffffffffff"));
    assertEquals(-42, Seeds.parse(" -42 "));
    assertEquals(0x1234_5678_9abc_def0L, Seeds.parse(Seeds.format(0x1234_5678_9abc_def0L)));
    assertThrows(IllegalArgumentException.class, () -> Seeds.parse("seed"));
  }

  /** The index of the first try of {@code base}'s run whose value is at least 90. */
  private static int countTriesBeforeFailure(long base) {
    for (int i = 0; ; i++) {
      if (Gens.ints(0, 100).generate(Source.random(Seeds.forTry(base, i))) >= 90) {
        return i;
      }
    }
  }

  private static void restore(String key, String saved) {
    if (saved == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, saved);
    }
  }
}
