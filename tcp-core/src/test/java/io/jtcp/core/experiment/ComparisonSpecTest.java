package io.jtcp.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonSpecTest {
  private static final ComparisonSpec TWO =
      ComparisonSpec.of(List.of(FlowSpec.of("reno", 20), FlowSpec.of("cubic", 80)));

  @Test
  void defaults() {
    assertEquals(100, TWO.rateMbps());
    assertEquals(100_000_000L, TWO.bottleneckBitsPerSecond());
    assertEquals(Duration.ofSeconds(30), TWO.duration());
    assertEquals(Duration.ofMillis(100), TWO.sampleInterval());
    assertEquals(0, TWO.loss());
    assertEquals(1, TWO.seed());
  }

  @Test
  void theAutomaticQueue_isOneBdpAtTheLongestRtt() {
    // 100 Mbit/s · 80 ms = 1,000,000 bytes = 666.7 packets of 1500.
    assertEquals(667, TWO.queueLimitPackets());
    assertEquals(
        TransferSpec.MIN_AUTO_QUEUE_PACKETS,
        TWO.withRateMbps(1).queueLimitPackets(),
        "at least the floor sim transfer uses");
    assertEquals(42, TWO.withQueuePackets(42).queueLimitPackets());
  }

  @Test
  void invalidComponents_areRefusedWithTheirName() {
    assertMessage("1 to 100 flows; got 0", () -> TWO.withFlows(List.of()));
    assertMessage(
        "1 to 100 flows; got 101",
        () -> TWO.withFlows(Collections.nCopies(101, FlowSpec.of("reno", 1))));
    assertMessage("rateMbps", () -> TWO.withRateMbps(0));
    assertMessage("queuePackets", () -> TWO.withQueuePackets(-1));
    assertMessage("loss", () -> TWO.withLoss(1.5));
    assertMessage("duration", () -> TWO.withDuration(Duration.ZERO));
    assertMessage("duration", () -> TWO.withDuration(Duration.ofDays(2)));
    assertMessage("sampleInterval", () -> TWO.withSampleInterval(Duration.ZERO));
    assertMessage("too fine", () -> TWO.withSampleInterval(Duration.ofNanos(1)));
    assertMessage(
        "flow 2 starts at PT30S, not before the end of the run at PT30S",
        () ->
            TWO.withFlows(
                List.of(FlowSpec.of("reno", 1), new FlowSpec("reno", 1, Duration.ofSeconds(30)))));
    assertMessage("rttMillis", () -> FlowSpec.of("reno", -1));
    assertMessage("start", () -> new FlowSpec("reno", 1, Duration.ofSeconds(-1)));
  }

  private static void assertMessage(String part, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
