package io.jtcp.core.isn;

import static io.jtcp.core.isn.SynCookies.COUNTER_PERIOD_NANOS;
import static io.jtcp.core.isn.SynCookies.INVALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SynCookiesTest {
  private static final SynCookies COOKIES =
      new SynCookies(0x7E57_C00C_1E5E_C2E7L, 0x0BAD_F00D_DEAD_BEEFL);

  /** 192.0.2.1:80 ← 198.51.100.7:40000, documentation addresses. */
  private static final int LA = 0xC000_0201;

  private static final int LP = 80;
  private static final int RA = 0xC633_6407;
  private static final int RP = 40_000;
  private static final int CLIENT_ISN = 0xDEAD_BEEF;
  private static final long MINUTE = COUNTER_PERIOD_NANOS;

  /** A SYN half a minute into the 1000th minute. */
  private static final long SYN_TIME = 1_000 * MINUTE + MINUTE / 2;

  private static int cookie(int clientMss) {
    return COOKIES.cookie(LA, LP, RA, RP, CLIENT_ISN, clientMss, SYN_TIME);
  }

  private static int check(int cookie, long now) {
    return COOKIES.check(LA, LP, RA, RP, CLIENT_ISN, cookie, now);
  }

  @ParameterizedTest(name = "client MSS {0} -> {1}")
  @CsvSource({
    "1460, 1460", "1440, 1440", "1300, 1300", "536, 536", "1400, 1300", "1459, 1440",
    "1299, 536", "9000, 1460", "65535, 1460", "500, 536", "0, 536", "-1, 536"
  })
  void aCookieCarriesTheLargestTableMssNotAboveTheClients(int clientMss, int expected) {
    assertEquals(expected, SynCookies.mssFor(clientMss));
    assertEquals(expected, check(cookie(clientMss), SYN_TIME));
  }

  @Test
  void theTableIsLinuxs() {
    assertEquals(List.of(536, 1300, 1440, 1460), SynCookies.MSS_TABLE);
    assertEquals(27, SynCookies.MAC_BITS);
  }

  @Test
  void theCookieIsTheSameForTheSameSynAndDiffersAcrossClientIsns() {
    assertEquals(cookie(1460), cookie(1460));
    assertNotEquals(cookie(1460), COOKIES.cookie(LA, LP, RA, RP, CLIENT_ISN + 1, 1460, SYN_TIME));
  }

  @Test
  void checkAckTakesTheAcksOwnNumbers() {
    int c = cookie(1460);
    assertEquals(1460, COOKIES.checkAck(LA, LP, RA, RP, CLIENT_ISN + 1, c + 1, SYN_TIME));
    assertEquals(INVALID, COOKIES.checkAck(LA, LP, RA, RP, CLIENT_ISN, c, SYN_TIME));
  }

  @Test
  void aCookieForAnotherTupleIsRejected() {
    int c = cookie(1460);
    assertEquals(INVALID, COOKIES.check(LA + 1, LP, RA, RP, CLIENT_ISN, c, SYN_TIME));
    assertEquals(INVALID, COOKIES.check(LA, LP + 1, RA, RP, CLIENT_ISN, c, SYN_TIME));
    assertEquals(INVALID, COOKIES.check(LA, LP, RA + 1, RP, CLIENT_ISN, c, SYN_TIME));
    assertEquals(INVALID, COOKIES.check(LA, LP, RA, RP + 1, CLIENT_ISN, c, SYN_TIME));
    assertEquals(INVALID, COOKIES.check(RA, RP, LA, LP, CLIENT_ISN, c, SYN_TIME), "swapped ends");
  }

  @Test
  void aCookieForAnotherClientIsnIsRejected() {
    int c = cookie(1460);
    // Linux adds the client ISN to its cookie instead of hashing it, and so accepts an ACK whose
    // sequence number is off by a few as a smaller MSS index; here the MAC covers it.
    for (int d = -4; d <= 4; d++) {
      if (d != 0) {
        assertEquals(
            INVALID, COOKIES.check(LA, LP, RA, RP, CLIENT_ISN + d, c, SYN_TIME), "off by " + d);
      }
    }
  }

  @Test
  void forgedCookiesAreRejected() {
    int c = cookie(1460);
    for (int forged : new int[] {c + 1, c - 1, c ^ 1, c ^ 0x8000_0000, ~c, 0, -1, CLIENT_ISN}) {
      assertEquals(INVALID, check(forged, SYN_TIME), Integer.toHexString(forged));
    }
  }

  @Test
  void anotherKeysCookieIsRejected() {
    SynCookies other = new SynCookies(0x7E57_C00C_1E5E_C2E7L ^ 1, 0x0BAD_F00D_DEAD_BEEFL);
    int theirs = other.cookie(LA, LP, RA, RP, CLIENT_ISN, 1460, SYN_TIME);
    assertEquals(1460, other.check(LA, LP, RA, RP, CLIENT_ISN, theirs, SYN_TIME));
    assertEquals(INVALID, check(theirs, SYN_TIME));
  }

  @Test
  void aCookieIsValidForTheCurrentAndTheNextCounterValue() {
    long minuteStart = 1_000 * MINUTE;
    int c = cookie(1440);
    assertEquals(1440, check(c, SYN_TIME));
    assertEquals(1440, check(c, minuteStart + MINUTE - 1), "end of the SYN's minute");
    assertEquals(1440, check(c, minuteStart + MINUTE), "across the counter boundary");
    assertEquals(1440, check(c, minuteStart + 2 * MINUTE - 1), "last nanosecond of the window");
    assertEquals(INVALID, check(c, minuteStart + 2 * MINUTE), "expired: counter 2 behind");
    assertEquals(INVALID, check(c, SYN_TIME + 2 * MINUTE));
  }

  @Test
  void aSynAtTheEndOfAMinuteStillGetsAFullMinute() {
    long lastNanosecond = 7 * MINUTE - 1;
    int c = COOKIES.cookie(LA, LP, RA, RP, CLIENT_ISN, 1460, lastNanosecond);
    assertEquals(1460, COOKIES.check(LA, LP, RA, RP, CLIENT_ISN, c, lastNanosecond + 1));
    assertEquals(1460, COOKIES.check(LA, LP, RA, RP, CLIENT_ISN, c, lastNanosecond + MINUTE));
    assertEquals(
        INVALID, COOKIES.check(LA, LP, RA, RP, CLIENT_ISN, c, lastNanosecond + MINUTE + 1));
  }

  @Test
  void expiredCookiesStayRejectedWhenTheCounterBitsComeRound() {
    int c = cookie(1460);
    // Three counter bits repeat every 8 minutes; the MAC covers the whole counter.
    for (int minutes = 2; minutes <= 40; minutes++) {
      assertEquals(INVALID, check(c, SYN_TIME + minutes * MINUTE), minutes + " minutes later");
    }
  }

  @Test
  void aCookieFromTheFutureIsRejected() {
    int c = cookie(1460);
    assertEquals(INVALID, check(c, SYN_TIME - MINUTE));
    assertEquals(INVALID, check(c, SYN_TIME - 5 * MINUTE));
  }

  @Test
  void timeBeforeZeroWorks() {
    long t = -3 * MINUTE - 1;
    int c = COOKIES.cookie(LA, LP, RA, RP, CLIENT_ISN, 1300, t);
    assertEquals(1300, COOKIES.check(LA, LP, RA, RP, CLIENT_ISN, c, t + MINUTE));
    assertEquals(INVALID, COOKIES.check(LA, LP, RA, RP, CLIENT_ISN, c, t + 2 * MINUTE));
  }

  @Test
  void theTimestampKeepsTheClockAndCarriesTheOptionsInItsLowSixBits() {
    // 1000 = 0b1111_101000: high bits 960, options wscale 7 + SACK = 0b010111 = 23.
    assertEquals(983, SynCookies.timestampValue(7, true, false, 1000));
    // 970: 960 | 23 = 983 would be ahead of the clock, so one 64-block earlier: 896 | 23.
    assertEquals(919, SynCookies.timestampValue(7, true, false, 970));
    // No window scale is 15; ECN is bit 5.
    assertEquals(1024 | 0b101111, SynCookies.timestampValue(-1, false, true, 1024 + 63));
    // Below 64 the block before is across the wrap.
    assertEquals(0xFFFF_FFFF, SynCookies.timestampValue(-1, true, true, 5));
  }

  @Test
  void theTimestampOptionsRoundTrip() {
    for (int tsClock : new int[] {0, 5, 63, 64, 1000, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      for (int ws = -1; ws <= 14; ws++) {
        for (int bits = 0; bits < 4; bits++) {
          boolean sack = (bits & 1) != 0;
          boolean ecn = (bits & 2) != 0;
          int ts = SynCookies.timestampValue(ws, sack, ecn, tsClock);
          assertEquals(new CookieOptions(ws, sack, ecn), SynCookies.timestampOptions(ts));
          int lag = tsClock - ts;
          assertTrue(lag >= 0 && lag < 64, "lag " + lag + " at " + tsClock);
        }
      }
    }
  }

  @Test
  void windowScalesAbove14AreRecordedAs14() {
    assertEquals(
        14,
        SynCookies.timestampOptions(SynCookies.timestampValue(15, false, false, 0)).windowScale());
    assertEquals(
        14,
        SynCookies.timestampOptions(SynCookies.timestampValue(255, false, false, 0)).windowScale());
    assertThrows(
        IllegalArgumentException.class, () -> SynCookies.timestampValue(-2, false, false, 0));
  }

  @Test
  void decodingReadsOnlyTheLowSixBits() {
    assertEquals(CookieOptions.NONE, SynCookies.timestampOptions(0xFFFF_FFCF));
    assertFalse(CookieOptions.NONE.windowScaling());
    CookieOptions o = SynCookies.timestampOptions(0x1234_5640 | 0b110011);
    assertEquals(new CookieOptions(3, true, true), o);
    assertTrue(o.windowScaling());
    assertThrows(IllegalArgumentException.class, () -> new CookieOptions(15, false, false));
    assertThrows(IllegalArgumentException.class, () -> new CookieOptions(-2, false, false));
  }

  @Test
  void randomInstancesDrawDifferentKeys() {
    SynCookies a = SynCookies.random();
    SynCookies b = SynCookies.random();
    int c = a.cookie(LA, LP, RA, RP, CLIENT_ISN, 1460, SYN_TIME);
    assertEquals(1460, a.check(LA, LP, RA, RP, CLIENT_ISN, c, SYN_TIME));
    boolean rejectedSomewhere = false;
    for (int port = 1; port <= 8; port++) {
      int ours = a.cookie(LA, port, RA, RP, CLIENT_ISN, 1460, SYN_TIME);
      rejectedSomewhere |= b.check(LA, port, RA, RP, CLIENT_ISN, ours, SYN_TIME) == INVALID;
    }
    assertTrue(rejectedSomewhere);
  }

  @Test
  void cookiesChecksAndTimestampsAllocateNothing() {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs HotSpot's per-thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int[] sink = {0};
    Runnable round =
        () -> {
          for (int i = 0; i < 1000; i++) {
            int c = COOKIES.cookie(LA, LP + i, RA, RP, CLIENT_ISN + i, 1200 + i, SYN_TIME + i);
            sink[0] += COOKIES.check(LA, LP + i, RA, RP, CLIENT_ISN + i, c, SYN_TIME + 2 * i);
            sink[0] += COOKIES.check(LA, LP + i, RA, RP, CLIENT_ISN, c ^ i, SYN_TIME);
            int ts = SynCookies.timestampValue(i % 16 - 1, (i & 1) != 0, (i & 2) != 0, i);
            sink[0] += SynCookies.timestampOptions(ts).windowScale();
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
    // 400,000 calls: even one small object per call would be several megabytes.
    assertTrue(allocated < 64 * 1024, allocated + " bytes allocated");
    assertNotEquals(0, sink[0]);
  }
}
