package io.jtcp.core.experiment;

import io.jtcp.core.sim.LinkParams;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Several long-lived bulk flows over one shared bottleneck, for a fixed span of virtual time: a
 * {@link Comparison} of congestion-control algorithms. Build one from {@link #of} with the withers,
 * which validate like the constructor:
 *
 * <pre>{@code
 * ComparisonSpec spec = ComparisonSpec.of(List.of(FlowSpec.of("reno", 50), FlowSpec.of("cubic", 50)))
 *     .withRateMbps(20).withDuration(Duration.ofSeconds(60));
 * ComparisonResult r = Comparison.run(spec);
 * }</pre>
 *
 * @param flows the flows, numbered from 1 in this order; 1 to {@value #MAX_FLOWS}
 * @param rateMbps the bottleneck's rate in Mbit/s, each way, > 0
 * @param queuePackets the bottleneck's drop-tail queue in packets of the MTU; 0 means {@linkplain
 *     #queueLimitPackets() about one bandwidth-delay product of the longest RTT}
 * @param loss probability in [0, 1] that a packet is lost on its flow's access link, each way,
 *     independently of the others
 * @param seed the seed of the links and the stacks' keys
 * @param duration how long the run lasts in virtual time, > 0 and at most a day
 * @param sampleInterval the grid of virtual time the flows are sampled on, > 0, at most {@value
 *     #MAX_SAMPLES} samples in the duration
 */
public record ComparisonSpec(
    List<FlowSpec> flows,
    double rateMbps,
    int queuePackets,
    double loss,
    long seed,
    Duration duration,
    Duration sampleInterval) {

  /** Senders and receivers take addresses from two /24s. */
  public static final int MAX_FLOWS = 100;

  /** Samples per flow at most: enough for a minute at 100 µs, bounded memory for long runs. */
  public static final long MAX_SAMPLES = 1_000_000;

  public static final double DEFAULT_RATE_MBPS = 100;
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofMillis(100);

  /** Delays beyond an hour are typos, and would overflow nanoseconds when summed. */
  static final double MAX_MILLIS = 3_600_000;

  private static final double MAX_RATE_MBPS = 1_000_000;
  private static final int MTU = LinkParams.DEFAULT_MTU;

  /**
   * @throws IllegalArgumentException naming the component and its valid range
   */
  public ComparisonSpec {
    flows = List.copyOf(flows);
    if (flows.isEmpty() || flows.size() > MAX_FLOWS) {
      throw new IllegalArgumentException(
          "a comparison needs 1 to " + MAX_FLOWS + " flows; got " + flows.size());
    }
    if (!(rateMbps > 0 && rateMbps <= MAX_RATE_MBPS)) {
      throw new IllegalArgumentException(
          "rateMbps must be in (0, " + (long) MAX_RATE_MBPS + "]; got " + rateMbps);
    }
    if (queuePackets < 0) {
      throw new IllegalArgumentException(
          "queuePackets must be >= 0 (0 means about one bandwidth-delay product); got "
              + queuePackets);
    }
    if (!(loss >= 0 && loss <= 1)) {
      throw new IllegalArgumentException("loss must be in [0, 1]; got " + loss);
    }
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(sampleInterval, "sampleInterval");
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "duration must be positive and at most a day of simulated time; got " + duration);
    }
    if (sampleInterval.isNegative() || sampleInterval.isZero()) {
      throw new IllegalArgumentException("sampleInterval must be positive; got " + sampleInterval);
    }
    if (duration.toNanos() / sampleInterval.toNanos() > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "at most "
              + MAX_SAMPLES
              + " samples per flow: a sampleInterval of "
              + sampleInterval
              + " over "
              + duration
              + " is too fine");
    }
    for (int i = 0; i < flows.size(); i++) {
      if (flows.get(i).start().compareTo(duration) >= 0) {
        throw new IllegalArgumentException(
            "flow "
                + (i + 1)
                + " starts at "
                + flows.get(i).start()
                + ", not before the end of the run at "
                + duration);
      }
    }
  }

  /**
   * {@code flows} over the defaults: a 100 Mbit/s bottleneck with a queue of about one
   * bandwidth-delay product, no loss, seed 1, 30 s, sampled every 100 ms.
   */
  public static ComparisonSpec of(List<FlowSpec> flows) {
    return new ComparisonSpec(
        flows, DEFAULT_RATE_MBPS, 0, 0, 1, DEFAULT_DURATION, DEFAULT_SAMPLE_INTERVAL);
  }

  public ComparisonSpec withFlows(List<FlowSpec> f) {
    return new ComparisonSpec(f, rateMbps, queuePackets, loss, seed, duration, sampleInterval);
  }

  public ComparisonSpec withRateMbps(double mbps) {
    return new ComparisonSpec(flows, mbps, queuePackets, loss, seed, duration, sampleInterval);
  }

  public ComparisonSpec withQueuePackets(int packets) {
    return new ComparisonSpec(flows, rateMbps, packets, loss, seed, duration, sampleInterval);
  }

  public ComparisonSpec withLoss(double p) {
    return new ComparisonSpec(flows, rateMbps, queuePackets, p, seed, duration, sampleInterval);
  }

  public ComparisonSpec withSeed(long s) {
    return new ComparisonSpec(flows, rateMbps, queuePackets, loss, s, duration, sampleInterval);
  }

  public ComparisonSpec withDuration(Duration d) {
    return new ComparisonSpec(flows, rateMbps, queuePackets, loss, seed, d, sampleInterval);
  }

  public ComparisonSpec withSampleInterval(Duration interval) {
    return new ComparisonSpec(flows, rateMbps, queuePackets, loss, seed, duration, interval);
  }

  /** The bottleneck's rate in bits per second. */
  public long bottleneckBitsPerSecond() {
    return Math.round(rateMbps * 1e6);
  }

  /** The longest round-trip propagation delay of the flows, milliseconds. */
  public double maxRttMillis() {
    double max = 0;
    for (FlowSpec f : flows) {
      max = Math.max(max, f.rttMillis());
    }
    return max;
  }

  /** The bandwidth-delay product of the bottleneck at {@code rttMillis}, bytes. */
  public long bdpBytes(double rttMillis) {
    return Math.round(rateMbps * 1e6 / 8 * rttMillis / 1e3);
  }

  /**
   * The bottleneck's queue in packets: {@code queuePackets} if set, else one bandwidth-delay
   * product at the longest RTT (at least {@value TransferSpec#MIN_AUTO_QUEUE_PACKETS}), the rule
   * {@code jtcp sim transfer} uses too, so that every flow's halving leaves the link busy.
   */
  public int queueLimitPackets() {
    if (queuePackets > 0) {
      return queuePackets;
    }
    long bdp = bdpBytes(maxRttMillis());
    return (int)
        Math.max(
            TransferSpec.MIN_AUTO_QUEUE_PACKETS,
            Math.min(Integer.MAX_VALUE, (bdp + MTU - 1) / MTU));
  }
}
