package io.jtcp.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 4's performance criteria, in virtual time (so deterministic, and not a timed test): a clean
 * 50 ms, 100 Mbit/s path runs at 90% of the link rate or more once slow start is over, and 1%
 * random loss is repaired by SACK recovery without a retransmission timeout.
 */
class TransferPerformanceTest {
  private static final long MIB = 1 << 20;

  @Test
  void cleanPath_steadyStateGoodputIsAtLeastNinetyPercentOfTheLink() {
    // Two transfers that differ only in length share their first 16 MiB exactly (same seed, same
    // path), so the difference of their durations is what the extra 32 MiB took, slow start
    // excluded.
    TransferResult shorter = Transfer.run(TransferSpec.of(16 * MIB));
    TransferResult longer = Transfer.run(TransferSpec.of(48 * MIB));
    assertTrue(shorter.ok() && longer.ok(), shorter + "\n" + longer);
    double steadyBps = (32 * MIB * 8) / (longer.simSeconds() - shorter.simSeconds());
    assertTrue(
        steadyBps >= 90e6,
        "steady-state goodput " + steadyBps / 1e6 + " Mbit/s of a 100 Mbit/s link");
    assertEquals(0, longer.rtoRetransmits(), longer.toString());
  }

  @Test
  void onePercentLoss_recoveredBySackWithoutTimeouts() {
    TransferResult r = Transfer.run(TransferSpec.of(16 * MIB).withLoss(0.01));
    assertTrue(r.ok(), r.toString());
    assertTrue(r.fastRetransmits() > 50, "the losses were repaired by fast recovery: " + r);
    assertTrue(r.sackBlocksReceived() > 0, r.toString());
    assertEquals(0, r.rtoRetransmits(), "no retransmission timeout: " + r);
  }
}
