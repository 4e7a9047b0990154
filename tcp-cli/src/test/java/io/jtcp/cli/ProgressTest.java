package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress bar's text, its redraw rate and its erasure, on a clock the test moves. */
class ProgressTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter err = new PrintWriter(text);
  private long now = 1_000_000_000L;

  private Progress progress(long total, boolean terminal) {
    return new Progress(err, () -> now, "jtcp", total, terminal);
  }

  @Test
  void aKnownSizeShowsPercentBarRateAndTimeLeft() {
    Progress p = progress(64L << 20, true);
    now += 2_000_000_000L;
    p.add(16L << 20);
    // 16 MiB in 2 s: 67.1 Mbit/s, and 48 MiB left at 8 MiB/s is 6 s.
    assertEquals(
        "jtcp  25% [======>                 ] 16 MiB of 64 MiB  67.1 Mbit/s  ETA 0:06",
        p.line(now));
    assertEquals("\r" + p.line(now), text.toString());
  }

  @Test
  void anUnknownSizeShowsBytesAndRate() {
    Progress p = progress(-1, true);
    now += 1_000_000_000L;
    p.add(1_500_000_000L);
    assertEquals("jtcp 1.4 GiB  12.00 Gbit/s", p.line(now));
  }

  @Test
  void aCompleteTransferHasAFullBarAndNoTimeLeft() {
    Progress p = progress(1000, true);
    now += 1_000_000_000L;
    p.add(1000);
    assertEquals("jtcp 100% [========================] 1000 B of 1000 B  8.0 kbit/s", p.line(now));
  }

  @Test
  void itRedrawsAtMostTenTimesASecond() {
    Progress p = progress(1 << 20, true);
    for (int i = 0; i < 100; i++) {
      now += 10_000_000L; // 10 ms
      p.add(1000);
    }
    long redraws = text.toString().chars().filter(c -> c == '\r').count();
    assertTrue(redraws >= 9 && redraws <= 11, "redraws in one second: " + redraws);
    assertEquals(100_000, p.bytes());
  }

  @Test
  void finishErasesTheBarOnlyIfOneWasDrawn() {
    Progress p = progress(100, true);
    p.finish();
    assertEquals("", text.toString());
    p.add(50);
    p.finish();
    assertTrue(text.toString().endsWith(Progress.ERASE), text.toString());
  }

  @Test
  void withoutATerminalNothingIsDrawnButBytesAreCounted() {
    Progress p = progress(100, false);
    now += 1_000_000_000L;
    p.add(60);
    p.finish();
    assertEquals("", text.toString());
    assertEquals(60, p.bytes());
  }

  @Test
  void totalCanArriveLater() {
    Progress p = progress(-1, true);
    p.total(200);
    now += 1_000_000_000L;
    p.add(100);
    assertTrue(p.line(now).contains(" 50% ["), p.line(now));
  }
}
