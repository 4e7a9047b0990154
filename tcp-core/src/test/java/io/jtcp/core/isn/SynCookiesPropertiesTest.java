package io.jtcp.core.isn;

import static io.jtcp.core.isn.SynCookies.COUNTER_PERIOD_NANOS;
import static io.jtcp.core.isn.SynCookies.INVALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import org.junit.jupiter.api.Test;

/**
 * Cookie laws over random tuples, client ISNs, MSS values and times.
 *
 * <p>The rejection properties count false accepts instead of asserting none. A changed cookie or
 * tuple that still decodes to a counter inside the window is accepted only if 27 bits of SipHash
 * output happen to match: probability 2<sup>-27</sup>, so about 7.5e-5 expected accepts in 10,000
 * tries and 3e-9 for two or more. Each bound below is 1: never a flaky failure in practice, yet a
 * check that accepted what it should not would blow far past it.
 */
class SynCookiesPropertiesTest {
  private static final SynCookies COOKIES =
      new SynCookies(0x5EED_0F_C00C1E5L, 0x0123_4567_89AB_CDEFL);

  /** Where a SYN arrived and everything the cookie depends on. */
  record Syn(int la, int lp, int ra, int rp, int clientIsn, int clientMss, long time) {
    int cookie() {
      return COOKIES.cookie(la, lp, ra, rp, clientIsn, clientMss, time);
    }

    int check(int cookie, long now) {
      return COOKIES.check(la, lp, ra, rp, clientIsn, cookie, now);
    }

    long counter() {
      return Math.floorDiv(time, COUNTER_PERIOD_NANOS);
    }

    /** The last instant the cookie is valid: the end of the counter period after the SYN's. */
    long lastValid() {
      return (counter() + SynCookies.MAX_AGE) * COUNTER_PERIOD_NANOS - 1;
    }
  }

  static final Gen<Integer> PORT = Gens.ints(0, 0xFFFF);

  /** Client MSS values crowding the table's edges, and anything else a SYN may carry. */
  static final Gen<Integer> MSS =
      Gens.frequency(
          Gens.weighted(1, Gens.oneOf(536, 1300, 1440, 1460, 535, 1299, 1439, 1459, 1461)),
          Gens.weighted(1, Gens.ints(0, 0xFFFF)));

  /** Nanosecond times well inside {@code long}, on either side of zero. */
  static final Gen<Long> TIME = Gens.longs(-(1L << 61), 1L << 61);

  static final Gen<Syn> SYN =
      src ->
          new Syn(
              Gens.ints().generate(src),
              PORT.generate(src),
              Gens.ints().generate(src),
              PORT.generate(src),
              Gens.seqNumbers().generate(src),
              MSS.generate(src),
              TIME.generate(src));

  /** How long after the SYN its ACK arrives, as a fraction of the time the cookie has left. */
  static final Gen<Double> WITHIN =
      Gens.frequency(
          Gens.weighted(1, Gens.oneOf(0.0, 1.0)),
          Gens.weighted(3, Gens.longs(0, 1L << 20).map(x -> x / (double) (1L << 20))));

  private static long ackTime(Syn syn, double fraction) {
    long left = syn.lastValid() - syn.time();
    return syn.time() + Math.min(left, (long) (fraction * left));
  }

  @Test
  void aCookieChecksAsItsMssAnywhereInTheValidityWindow() {
    Property.forAll(SYN, WITHIN)
        .tries(10_000)
        .check(
            (syn, fraction) -> {
              long ack = ackTime(syn, fraction);
              assertEquals(SynCookies.mssFor(syn.clientMss()), syn.check(syn.cookie(), ack));
            });
  }

  @Test
  void theEncodedMssIsTheLargestTableEntryNotAboveTheClients() {
    Property.forAll(MSS)
        .tries(5_000)
        .check(
            mss -> {
              int encoded = SynCookies.mssFor(mss);
              assertTrue(SynCookies.MSS_TABLE.contains(encoded));
              if (mss >= 536) {
                assertTrue(encoded <= mss, encoded + " above " + mss);
              } else {
                assertEquals(536, encoded, "below the table: Linux's smallest entry");
              }
              for (int entry : SynCookies.MSS_TABLE) {
                assertTrue(entry <= encoded || entry > mss, entry + " fits better than " + encoded);
              }
            });
  }

  @Test
  void aCookieWithAnyOneBitFlippedIsRejected() {
    int[] accepts = {0};
    Property.forAll(SYN, Gens.ints(0, 31))
        .tries(10_000)
        .check(
            (syn, bit) -> {
              if (syn.check(syn.cookie() ^ 1 << bit, syn.time()) != INVALID) {
                accepts[0]++;
              }
            });
    assertTrue(accepts[0] <= 1, accepts[0] + " flipped cookies accepted");
  }

  @Test
  void aTupleOrClientIsnWithAnyOneBitFlippedIsRejected() {
    Gen<int[]> fieldAndBit =
        src -> new int[] {Gens.ints(0, 4).generate(src), Gens.ints(0, 31).generate(src)};
    int[] accepts = {0};
    Property.forAll(SYN, fieldAndBit)
        .tries(10_000)
        .check(
            (s, fb) -> {
              int m = 1 << fb[1];
              int pm = 1 << (fb[1] & 15); // ports are 16 bits
              Syn changed =
                  switch (fb[0]) {
                    case 0 -> new Syn(s.la() ^ m, s.lp(), s.ra(), s.rp(), s.clientIsn(), 0, 0);
                    case 1 -> new Syn(s.la(), s.lp() ^ pm, s.ra(), s.rp(), s.clientIsn(), 0, 0);
                    case 2 -> new Syn(s.la(), s.lp(), s.ra() ^ m, s.rp(), s.clientIsn(), 0, 0);
                    case 3 -> new Syn(s.la(), s.lp(), s.ra(), s.rp() ^ pm, s.clientIsn(), 0, 0);
                    default -> new Syn(s.la(), s.lp(), s.ra(), s.rp(), s.clientIsn() ^ m, 0, 0);
                  };
              if (changed.check(s.cookie(), s.time()) != INVALID) {
                accepts[0]++;
              }
            });
    assertTrue(accepts[0] <= 1, accepts[0] + " changed tuples accepted");
  }

  @Test
  void aCookieIsRejectedOnceItsWindowHasPassed() {
    // Up to about a day late: the three counter bits in the cookie come round every 8 minutes, and
    // then only the MAC (over the whole counter) rejects it.
    int[] accepts = {0};
    Property.forAll(SYN, Gens.longs(1, 24 * 60 * COUNTER_PERIOD_NANOS))
        .tries(10_000)
        .check(
            (syn, late) -> {
              if (syn.check(syn.cookie(), syn.lastValid() + late) != INVALID) {
                accepts[0]++;
              }
            });
    assertTrue(accepts[0] <= 1, accepts[0] + " stale cookies accepted");
  }

  @Test
  void randomCookiesAreRejected() {
    // A blind forger's guess: 8 of the 2^32 words are valid (2 counter values x 4 MSS indexes),
    // 2^-29 per guess.
    int[] accepts = {0};
    Property.forAll(SYN, Gens.ints())
        .tries(10_000)
        .check(
            (syn, guess) -> {
              if (guess != syn.cookie() && syn.check(guess, syn.time()) != INVALID) {
                accepts[0]++;
              }
            });
    assertTrue(accepts[0] <= 1, accepts[0] + " guesses accepted");
  }

  @Test
  void timestampOptionsRoundTripAndNeverRunAheadOfTheClock() {
    Gen<int[]> options =
        src ->
            new int[] {
              Gens.ints(-1, 14).generate(src),
              Gens.ints(0, 1).generate(src),
              Gens.ints(0, 1).generate(src)
            };
    Property.forAll(options, Gens.seqNumbers())
        .tries(10_000)
        .check(
            (o, tsClock) -> {
              boolean sack = o[1] == 1;
              boolean ecn = o[2] == 1;
              int ts = SynCookies.timestampValue(o[0], sack, ecn, tsClock);
              assertEquals(new CookieOptions(o[0], sack, ecn), SynCookies.timestampOptions(ts));
              int lag = tsClock - ts;
              assertTrue(lag >= 0 && lag < 1 << SynCookies.TS_OPTION_BITS, "lag " + lag);
            });
  }
}
