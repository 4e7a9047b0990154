package io.jtcp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The suite's last column: a ratio the kernel could not give is "not run", never "not met". */
class BenchVerdictTest {
  @Test
  void verdicts() {
    assertEquals("met", Bench.verdict(new Bench.Row("bulk", "9 Gbit/s", "3", 3.0, ">= 1.0", true)));
    assertEquals(
        "not met", Bench.verdict(new Bench.Row("bulk", "1 Gbit/s", "3", 0.3, ">= 1.0", false)));
    assertEquals(
        "not run",
        Bench.verdict(
            new Bench.Row("bulk", "9 Gbit/s", "not run: needs root", Double.NaN, ">= 1.0", false)));
    assertEquals(
        "not met",
        Bench.verdict(new Bench.Row("idle", "2000 B", "", Double.NaN, "<= 1024 B", false)),
        "a target of jtcp's own, missed, is still not met");
  }
}
