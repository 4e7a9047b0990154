package io.jtcp.core.isn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.hash.Hashing;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class Rfc6528IsnGeneratorTest {
  private static final long K0 = 0x243F_6A88_85A3_08D3L;
  private static final long K1 = 0x1319_8A2E_0370_7344L;
  private static final Rfc6528IsnGenerator GEN = new Rfc6528IsnGenerator(K0, K1);

  /** 192.0.2.1:80 ← 198.51.100.7:40000, documentation addresses. */
  private static final int LOCAL = 0xC000_0201;

  private static final int REMOTE = 0xC633_6407;

  record Tuple(int la, int lp, int ra, int rp) {
    int isn(Rfc6528IsnGenerator gen, long now) {
      return gen.isn(la, lp, ra, rp, now);
    }
  }

  static final Gen<Integer> PORT = Gens.ints(0, 0xFFFF);
  static final Gen<Tuple> TUPLE =
      src ->
          new Tuple(
              Gens.ints().generate(src),
              PORT.generate(src),
              Gens.ints().generate(src),
              PORT.generate(src));

  /**
   * Times far enough from the ends of {@code long} that adding a {@link #DELTA} cannot overflow.
   */
  static final Gen<Long> NOW = Gens.longs(-(1L << 62), 1L << 62);

  /** Forward steps from nothing to about 146 years, the 32-bit timer wrapping ~11,000 times. */
  static final Gen<Long> DELTA =
      Gens.frequency(
          Gens.weighted(2, Gens.longs(0, 100_000)),
          Gens.weighted(2, Gens.longs(0, (1L << 32) * Rfc6528IsnGenerator.TICK_NANOS * 2)),
          Gens.weighted(1, Gens.longs(0, 1L << 62)));

  record Span(long now, long delta) {}

  static final Gen<Span> SPAN = src -> new Span(NOW.generate(src), DELTA.generate(src));

  @Test
  void isTheFourMicrosecondClockPlusTheLow32BitsOfSipHashOfTheTuple() {
    long now = 123_456_789_012L;
    long f =
        Hashing.sipHash24(K0, K1)
            .newHasher()
            .putInt(REMOTE)
            .putInt(LOCAL)
            .putInt(40_000)
            .putInt(80)
            .hash()
            .asLong();
    assertEquals((int) (now / 4_000) + (int) f, GEN.isn(LOCAL, 80, REMOTE, 40_000, now));
  }

  @Test
  void theSameKeyAndArgumentsGiveTheSameIsn() {
    Rfc6528IsnGenerator twin = new Rfc6528IsnGenerator(K0, K1);
    Property.forAll(TUPLE, NOW)
        .tries(2_000)
        .check((t, now) -> assertEquals(t.isn(GEN, now), t.isn(twin, now)));
  }

  @Test
  void differentTuplesGetDifferentIsnsAtTheSameTime() {
    // Two distinct tuples collide with probability 2^-32 per pair if F is a good PRF: over 10,000
    // pairs that is about 2.3e-6, so even one collision would be suspicious and two damning.
    int[] collisions = {0};
    Property.forAll(Gens.lists(TUPLE, 2, 2), NOW)
        .tries(10_000)
        .check(
            (ts, now) -> {
              if (!ts.get(0).equals(ts.get(1))
                  && ts.get(0).isn(GEN, now) == ts.get(1).isn(GEN, now)) {
                collisions[0]++;
              }
            });
    assertTrue(collisions[0] <= 1, collisions[0] + " collisions");
  }

  @Test
  void everyFieldOfTheTupleMatters() {
    // Flip one bit of one field; the ISN must change. Same 2^-32 per-try collision argument.
    Gen<int[]> fieldAndBit =
        src -> new int[] {Gens.ints(0, 3).generate(src), Gens.ints(0, 15).generate(src)};
    int[] unchanged = {0};
    Property.forAll(TUPLE, fieldAndBit)
        .tries(10_000)
        .check(
            (t, fb) -> {
              int mask = 1 << fb[1];
              Tuple u =
                  switch (fb[0]) {
                    case 0 -> new Tuple(t.la() ^ mask, t.lp(), t.ra(), t.rp());
                    case 1 -> new Tuple(t.la(), t.lp() ^ mask, t.ra(), t.rp());
                    case 2 -> new Tuple(t.la(), t.lp(), t.ra() ^ mask, t.rp());
                    default -> new Tuple(t.la(), t.lp(), t.ra(), t.rp() ^ mask);
                  };
              if (t.isn(GEN, 0) == u.isn(GEN, 0)) {
                unchanged[0]++;
              }
            });
    assertTrue(unchanged[0] <= 1, unchanged[0] + " unchanged");
  }

  @Test
  void swappingTheEndsIsADifferentTuple() {
    assertNotEquals(GEN.isn(LOCAL, 80, REMOTE, 40_000, 0), GEN.isn(REMOTE, 40_000, LOCAL, 80, 0));
  }

  @Test
  void anAlignedStartAdvancesByExactlyDeltaOverFourMicrosecondsModTwoToThe32() {
    Property.forAll(TUPLE, SPAN)
        .tries(5_000)
        .check(
            (t, span) -> {
              long now = Math.floorDiv(span.now(), 4_000) * 4_000;
              long delta = span.delta();
              assertEquals((int) (delta / 4_000), t.isn(GEN, now + delta) - t.isn(GEN, now));
            });
  }

  @Test
  void anyStartAdvancesByTheTicksBetweenTheTwoTimes() {
    Property.forAll(TUPLE, SPAN)
        .tries(5_000)
        .check(
            (t, span) -> {
              long now = span.now();
              long delta = span.delta();
              int advance = t.isn(GEN, now + delta) - t.isn(GEN, now);
              int floor = (int) (delta / 4_000);
              assertEquals(
                  (int) (Math.floorDiv(now + delta, 4_000) - Math.floorDiv(now, 4_000)), advance);
              assertTrue(advance == floor || advance == floor + 1, "advance " + advance);
            });
  }

  @Test
  void theTimerWrapsAtTwoToThe32Ticks() {
    long wrap = (1L << 32) * 4_000; // M is 0 again here, about 4.77 hours in
    int before = GEN.isn(LOCAL, 80, REMOTE, 40_000, wrap - 4_000);
    int at = GEN.isn(LOCAL, 80, REMOTE, 40_000, wrap);
    assertEquals(1, at - before, "one tick across the wrap");
    assertEquals(GEN.isn(LOCAL, 80, REMOTE, 40_000, 0), at, "a whole turn of the timer");
    assertEquals(at, GEN.isn(LOCAL, 80, REMOTE, 40_000, 3 * wrap), "three turns");
    assertEquals(at - 1, GEN.isn(LOCAL, 80, REMOTE, 40_000, -1), "and just before time zero");
  }

  @Test
  void theClockTicksEveryFourMicroseconds() {
    int base = GEN.isn(LOCAL, 80, REMOTE, 40_000, 0);
    assertEquals(base, GEN.isn(LOCAL, 80, REMOTE, 40_000, 3_999));
    assertEquals(base + 1, GEN.isn(LOCAL, 80, REMOTE, 40_000, 4_000));
    assertEquals(base + 250_000, GEN.isn(LOCAL, 80, REMOTE, 40_000, 1_000_000_000L));
  }

  @Test
  void theKeyMatters() {
    // A different key is a different PRF: equal ISNs with probability 2^-32 per try.
    int[] equal = {0};
    Property.forAll(Gens.lists(Gens.longs(), 2, 2), TUPLE)
        .tries(10_000)
        .check(
            (key, t) -> {
              if (key.get(0) == K0 && key.get(1) == K1) {
                return;
              }
              Rfc6528IsnGenerator other = new Rfc6528IsnGenerator(key.get(0), key.get(1));
              if (t.isn(GEN, 0) == t.isn(other, 0)) {
                equal[0]++;
              }
            });
    assertTrue(equal[0] <= 1, equal[0] + " equal");
    assertNotEquals(
        GEN.isn(LOCAL, 80, REMOTE, 40_000, 0),
        new Rfc6528IsnGenerator(K0 ^ 1, K1).isn(LOCAL, 80, REMOTE, 40_000, 0),
        "one bit of key");
  }

  @Test
  void randomGeneratorsDrawDifferentKeys() {
    Rfc6528IsnGenerator a = Rfc6528IsnGenerator.random();
    Rfc6528IsnGenerator b = Rfc6528IsnGenerator.random();
    // Equal on all of eight tuples only if the keys collide (2^-256 for independent ISNs).
    boolean differ = false;
    for (int port = 1; port <= 8; port++) {
      differ |= a.isn(LOCAL, port, REMOTE, 40_000, 0) != b.isn(LOCAL, port, REMOTE, 40_000, 0);
    }
    assertTrue(differ);
  }

  @Test
  void anIsnAllocatesNothing() {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs HotSpot's per-thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int[] sink = {0};
    Runnable round =
        () -> {
          for (int i = 0; i < 1000; i++) {
            sink[0] += GEN.isn(LOCAL + i, 80, REMOTE, 40_000 + i, 4_000L * i);
          }
        };
    for (int i = 0; i < 200; i++) {
      round.run(); // lets the JIT settle
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100; i++) {
      round.run();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // 100,000 ISNs: one small object each would be megabytes.
    assertTrue(allocated < 64 * 1024, allocated + " bytes allocated");
    assertNotEquals(0, sink[0]);
  }
}
