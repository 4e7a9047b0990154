package io.jtcp.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LinkParamsTest {

  @Test
  void default_isAnIdealEthernetSizedLink() {
    LinkParams p = LinkParams.DEFAULT;
    assertEquals(0, p.delayNanos());
    assertTrue(p.unlimitedBandwidth());
    assertEquals(0, p.queueLimitBytes());
    assertEquals(0.0, p.lossRate());
    assertEquals(1500, p.mtu());
    assertEquals(0, p.serializationNanos(1500));
  }

  @Test
  void withers_changeOneComponent() {
    LinkParams p =
        LinkParams.DEFAULT
            .withDelay(Duration.ofMillis(20))
            .withBandwidthBitsPerSecond(12_000_000)
            .withQueueLimitBytes(96_000)
            .withLossRate(0.01)
            .withSeed(7)
            .withMtu(9000);
    assertEquals(new LinkParams(20_000_000, 12_000_000, 96_000, 0.01, 7, 9000), p);
    assertEquals(p, p.withDelayNanos(20_000_000));
  }

  @Test
  void serialization_isBitsOverRate_roundedUpToNanoseconds() {
    LinkParams p = LinkParams.DEFAULT.withBandwidthBitsPerSecond(12_000_000);
    assertEquals(1_000_000, p.serializationNanos(1500));
    assertEquals(
        667,
        LinkParams.DEFAULT
            .withBandwidthBitsPerSecond(3_000_000_000L)
            .serializationNanos(250)); // 666.67 ns
    assertEquals(
        1, LinkParams.DEFAULT.withBandwidthBitsPerSecond(Long.MAX_VALUE).serializationNanos(1));
    assertEquals(
        65_535L * 8 * 1_000_000_000L,
        LinkParams.DEFAULT.withBandwidthBitsPerSecond(1).serializationNanos(65_535));
  }

  @Test
  void invalidValues_areRejectedWithTheValidRange() {
    LinkParams p = LinkParams.DEFAULT;
    rejects(() -> p.withDelayNanos(-1), "delayNanos must be >= 0");
    rejects(() -> p.withBandwidthBitsPerSecond(-1), "bandwidthBitsPerSecond must be >= 0");
    rejects(() -> p.withQueueLimitBytes(-1), "queueLimitBytes must be >= 0");
    rejects(() -> p.withLossRate(-0.1), "lossRate must be a probability in [0, 1]; got -0.1");
    rejects(() -> p.withLossRate(1.01), "in [0, 1]");
    rejects(() -> p.withLossRate(Double.NaN), "got NaN");
    rejects(() -> p.withMtu(67), "mtu must be in [68, 65535] bytes; got 67");
    rejects(() -> p.withMtu(65_536), "mtu must be in [68, 65535]");
    p.withLossRate(1.0).withMtu(68).withMtu(65_535); // the edges are valid
  }

  @Test
  void default_hasEveryImpairmentOff_andTheOldConstructorKeepsThemOff() {
    LinkParams p = LinkParams.DEFAULT;
    assertEquals(0, p.jitterNanos());
    assertEquals(JitterDistribution.UNIFORM, p.jitterDistribution());
    assertEquals(GilbertElliott.NONE, p.burstLoss());
    assertEquals(Reordering.NONE, p.reordering());
    assertEquals(0.0, p.duplicateRate());
    assertEquals(0.0, p.corruptRate());
    assertEquals(0.0, p.truncateRate());
    assertFalse(p.hasFaults());
    assertFalse(p.burstLoss().isActive() || p.reordering().isActive());
    assertEquals(p, new LinkParams(0, 0, 0, 0.0, 0, 1500));
  }

  @Test
  void impairmentWithers_changeOneComponent() {
    LinkParams p =
        LinkParams.DEFAULT
            .withJitter(Duration.ofMillis(3), JitterDistribution.NORMAL)
            .withBurstLoss(0.02, 4)
            .withReordering(0.05, 3)
            .withDuplicateRate(0.01)
            .withCorruptRate(0.002)
            .withTruncateRate(0.003);
    assertEquals(
        new LinkParams(
            0,
            0,
            0,
            0.0,
            0,
            1500,
            3_000_000,
            JitterDistribution.NORMAL,
            GilbertElliott.ofBurstLoss(0.02, 4),
            new Reordering(0.05, 3, Reordering.DEFAULT_TIMEOUT_NANOS),
            0.01,
            0.002,
            0.003),
        p);
    assertTrue(p.hasFaults());
    assertEquals(p, p.withJitterNanos(3_000_000));
    assertEquals(
        JitterDistribution.UNIFORM,
        p.withJitterDistribution(JitterDistribution.UNIFORM).jitterDistribution());
    assertEquals(
        7_000_000,
        p.withReordering(Reordering.of(0.1, 2).withTimeout(Duration.ofMillis(7)))
            .reordering()
            .timeoutNanos());
    assertTrue(LinkParams.DEFAULT.withReordering(0.1, 1).hasFaults());
    assertFalse(LinkParams.DEFAULT.withJitterNanos(5).withDelayNanos(5).hasFaults());
  }

  @Test
  void burstLoss_fromRateAndLength_isTheSimpleGilbertModel() {
    GilbertElliott g = GilbertElliott.ofBurstLoss(0.02, 4);
    assertEquals(0.25, g.r(), 1e-15, "r = 1 / mean burst length");
    assertEquals(0.02 * 0.25 / 0.98, g.p(), 1e-15, "p = P r / (1 - P)");
    assertEquals(0.0, g.lossInGood());
    assertEquals(1.0, g.lossInBad());
    assertEquals(0.02, g.lossRate(), 1e-15);
    assertEquals(4.0, g.meanBurstLength(), 1e-12);
    assertTrue(g.isActive());
    assertEquals(GilbertElliott.NONE, GilbertElliott.ofBurstLoss(0, 3));
    assertEquals(1.0, GilbertElliott.ofBurstLoss(0.5, 1).p(), 1e-15, "the densest: p = 1");
    assertEquals(0.3, new GilbertElliott(0, 0.5, 0.3, 0.9).lossRate(), "never bad");
    assertEquals(0.9, new GilbertElliott(0.5, 0, 0.3, 0.9).lossRate(), "never good again");
  }

  @Test
  void invalidImpairments_areRejectedWithTheValidRange() {
    LinkParams p = LinkParams.DEFAULT;
    rejects(() -> p.withJitterNanos(-1), "jitterNanos must be in [0, ");
    rejects(() -> p.withJitterNanos(Long.MAX_VALUE), "jitterNanos must be in [0, ");
    rejects(() -> p.withDuplicateRate(1.5), "duplicateRate must be a probability in [0, 1]");
    rejects(() -> p.withCorruptRate(-0.5), "corruptRate must be a probability");
    rejects(() -> p.withTruncateRate(Double.NaN), "truncateRate must be a probability");
    rejects(() -> p.withBurstLoss(1.0, 3), "burst loss rate must be in [0, 1)");
    rejects(() -> p.withBurstLoss(0.1, 0.5), "mean burst length must be a finite number");
    rejects(() -> p.withBurstLoss(0.6, 1), "cannot come in bursts of 1.0 packets");
    rejects(() -> new GilbertElliott(0.1, 1.1, 0, 1), "burst loss r (bad to good)");
    rejects(() -> p.withReordering(1.1, 3), "reorder rate must be a probability");
    rejects(() -> p.withReordering(0.1, 0), "reorder depth must be >= 1");
    rejects(() -> new Reordering(0.1, 1, 0), "reorder timeoutNanos must be >= 1");
    assertThrows(NullPointerException.class, () -> p.withBurstLoss(null));
    assertThrows(NullPointerException.class, () -> p.withJitterDistribution(null));
    p.withDuplicateRate(1.0).withCorruptRate(1.0).withTruncateRate(0.0); // the edges are valid
  }

  private static void rejects(Executable e, String message) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(message), x.getMessage());
  }
}
