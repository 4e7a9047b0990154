package io.jtcp.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  private static void rejects(Executable e, String message) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(message), x.getMessage());
  }
}
