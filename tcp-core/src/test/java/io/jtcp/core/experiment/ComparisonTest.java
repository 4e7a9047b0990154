package io.jtcp.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.sim.FrameFate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flows competing for one bottleneck, in virtual time. The runs are small (10 Mbit/s) so that a
 * minute of simulated time costs about a second.
 */
class ComparisonTest {
  private static final double RATE_MBPS = 10;

  /** Two reno flows, 20 ms each, for a minute: long enough for AIMD to even out their shares. */
  private static final ComparisonSpec TWO_RENO =
      ComparisonSpec.of(List.of(FlowSpec.of("reno", 20), FlowSpec.of("reno", 20)))
          .withRateMbps(RATE_MBPS)
          .withDuration(Duration.ofSeconds(60));

  /** Run once for the tests that only read it. */
  private static final class TwoReno {
    static final ComparisonResult RESULT = Comparison.run(TWO_RENO);
  }

  @Test
  void twoRenoFlowsOfEqualRtt_convergeToAFairShare() {
    ComparisonResult r = TwoReno.RESULT;
    assertTrue(r.ok(), r.toString());
    assertTrue(r.jainFairness() >= 0.9, "Jain's index " + r.jainFairness() + " " + goodputs(r));
    // Jain's 0.9 still allows one flow almost twice the other's goodput; flows alike in every way
    // must come closer than that.
    double first = r.flows().get(0).goodputBps();
    double share = first / (first + r.flows().get(1).goodputBps());
    assertTrue(share > 0.45 && share < 0.55, "flow 1's share " + share + " " + goodputs(r));
    assertEquals(
        Fairness.jain(r.flows().get(0).goodputBps(), r.flows().get(1).goodputBps()),
        r.jainFairness());
  }

  @Test
  void theBottleneckIsShared_theFlowsTogetherFillItAndNoMore() {
    ComparisonResult r = TwoReno.RESULT;
    double total = r.totalGoodputBps();
    assertTrue(total <= RATE_MBPS * 1e6, "more than the bottleneck: " + goodputs(r));
    assertTrue(total >= 0.8 * RATE_MBPS * 1e6, "the bottleneck idles: " + goodputs(r));
    for (FlowResult f : r.flows()) {
      assertTrue(f.goodputBps() < 0.8 * RATE_MBPS * 1e6, "one flow had it to itself: " + f);
    }
  }

  @Test
  void queueDrops_happenAtTheBottleneckAndCountPerFlow() {
    ComparisonResult r = TwoReno.RESULT;
    long perFlow = 0;
    for (FlowResult f : r.flows()) {
      assertTrue(f.queueDrops() > 0, "AIMD probes until the queue overflows: " + f.flow());
      assertTrue(f.retransmissions() >= f.queueDrops(), "every drop is repaired");
      perFlow += f.queueDrops();
    }
    assertEquals(perFlow, r.bottleneck().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(perFlow, r.network().frames(FrameFate.DROPPED_QUEUE_FULL));
    assertEquals(0, r.network().frames(FrameFate.DROPPED_LOSS), "no random loss was asked for");
  }

  @Test
  void samples_lieOnTheGridFromEachFlowsStart() {
    ComparisonSpec spec =
        ComparisonSpec.of(
                List.of(FlowSpec.of("reno", 20), new FlowSpec("reno", 40, Duration.ofMillis(1250))))
            .withRateMbps(RATE_MBPS)
            .withDuration(Duration.ofSeconds(3))
            .withSampleInterval(Duration.ofMillis(250));
    ComparisonResult r = Comparison.run(spec);
    List<FlowSample> first = r.flows().get(0).samples();
    List<FlowSample> second = r.flows().get(1).samples();
    assertEquals(13, first.size(), "0, 0.25, ..., 3 s");
    assertEquals(8, second.size(), "1.25, 1.5, ..., 3 s");
    for (int i = 0; i < first.size(); i++) {
      assertEquals(i * 250_000_000L, first.get(i).timeNanos());
    }
    assertEquals(1_250_000_000L, second.getFirst().timeNanos());
    assertEquals(TcpState.SYN_SENT, second.getFirst().state(), "sampled as it connects");
    assertEquals(3_000_000_000L, second.getLast().timeNanos());
    for (List<FlowSample> s : List.of(first, second)) {
      for (int i = 1; i < s.size(); i++) {
        assertTrue(s.get(i).deliveredBytes() >= s.get(i - 1).deliveredBytes());
      }
      assertEquals(TcpState.ESTABLISHED, s.getLast().state());
    }
    FlowResult late = r.flows().get(1);
    assertEquals(late.deliveredBytes(), second.getLast().deliveredBytes());
    assertEquals(late.deliveredBytes() * 8 / 1.75, late.goodputBps(), 1e-6, "over its 1.75 s");
  }

  @Test
  void srttStatistics_comeFromTheSamples() {
    FlowResult f = TwoReno.RESULT.flows().getFirst();
    long[] srtts =
        f.samples().stream()
            .mapToLong(FlowSample::srttMicros)
            .filter(v -> v > 0)
            .sorted()
            .toArray();
    assertEquals(600, srtts.length, "every 100 ms sample after the first has an SRTT");
    assertEquals(FlowResult.mean(srtts) / 1e3, f.srttMeanMillis());
    assertEquals(srtts[593] / 1e3, f.srttP99Millis(), "nearest rank: the 594th of 600");
    // Propagation is 20 ms; a full queue (100 packets, 1.2 ms each, one more on the wire) adds
    // 121 ms, and a delayed ACK up to 40 ms more.
    assertTrue(f.srttMeanMillis() > 20 && f.srttMeanMillis() <= f.srttP99Millis(), f.toString());
    assertTrue(f.srttP99Millis() < 20 + 121 + 40, f.toString());
  }

  @Test
  void theShorterRtt_getsMoreOfTheBottleneck() {
    // Reno's window grows one segment per RTT, so the flow with the shorter RTT grows faster and
    // takes more: the textbook RTT unfairness, which the shared queue must reproduce. A short
    // queue (25 packets, 30 ms) keeps the RTTs apart (50 against 110 ms when it is full); a long
    // one would make them alike.
    ComparisonResult r =
        Comparison.run(
            ComparisonSpec.of(List.of(FlowSpec.of("reno", 20), FlowSpec.of("reno", 80)))
                .withRateMbps(RATE_MBPS)
                .withQueuePackets(25)
                .withDuration(Duration.ofSeconds(30)));
    double shortRtt = r.flows().get(0).goodputBps();
    double longRtt = r.flows().get(1).goodputBps();
    assertTrue(shortRtt > 1.5 * longRtt, goodputs(r));
  }

  @Test
  void theSameSpec_givesTheSameResult() {
    ComparisonSpec spec = TWO_RENO.withDuration(Duration.ofSeconds(5)).withLoss(0.01).withSeed(3);
    ComparisonResult once = Comparison.run(spec);
    ComparisonResult again = Comparison.run(spec);
    assertEquals(once, again);
    assertTrue(once.network().frames(FrameFate.DROPPED_LOSS) > 0, "the loss was applied");
    ComparisonResult otherSeed = Comparison.run(spec.withSeed(4));
    assertTrue(!otherSeed.flows().equals(once.flows()), "the seed matters");
  }

  @Test
  void everyFlowRunsItsAlgorithm_andAnUnknownOneIsRefusedWithTheList() {
    assertEquals("reno", TwoReno.RESULT.flows().getFirst().congestionControl());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Comparison.run(TWO_RENO.withFlows(List.of(FlowSpec.of("vegas", 20)))));
    assertTrue(e.getMessage().contains("unknown congestion control 'vegas'"), e.getMessage());
    assertTrue(e.getMessage().contains("available: reno"), e.getMessage());
  }

  @Test
  void aFlowWhoseConnectionFails_isReportedAndTheOthersRunOn() {
    ComparisonResult r =
        Comparison.run(
            ComparisonSpec.of(List.of(FlowSpec.of("reno", 20)))
                .withLoss(1)
                .withDuration(Duration.ofSeconds(200)));
    FlowResult f = r.flows().getFirst();
    assertTrue(!r.ok());
    assertEquals(0, f.goodputBps());
    assertTrue(f.failure() != null && f.failure().startsWith("flow 1's sender connection failed"));
    assertTrue(Double.isNaN(f.srttMeanMillis()), "no RTT sample, no mean");
    assertTrue(Double.isNaN(r.jainFairness()), "nothing delivered: undefined");
    assertNull(TwoReno.RESULT.flows().getFirst().failure());
  }

  private static String goodputs(ComparisonResult r) {
    return r.flows().stream()
        .map(f -> String.format("flow %d %.3f Mbit/s", f.flow(), f.goodputBps() / 1e6))
        .toList()
        .toString();
  }
}
