package io.jtcp.core.experiment;

import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.sim.FrameCounts;
import io.jtcp.core.sim.FrameFate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one flow of a {@link Comparison} did.
 *
 * @param flow its number, from 1
 * @param spec what it was asked to be
 * @param deliveredBytes bytes its receiving application read by the end of the run
 * @param goodputBps {@code deliveredBytes} in bits per second of the time from its start to the end
 *     of the run
 * @param sender its sender's connection at the end of the run
 * @param srttMeanMillis the mean of the sender's smoothed RTT over the samples that had one,
 *     milliseconds; NaN if none had
 * @param srttP99Millis the 99th percentile (nearest rank) of the same samples; NaN if none had
 * @param packets the fates of the packets its sender transmitted: drops at the bottleneck's queue
 *     are {@link FrameFate#DROPPED_QUEUE_FULL}, random loss on its access link {@link
 *     FrameFate#DROPPED_LOSS}
 * @param samples its sender's state on the run's grid of virtual time, from its start
 * @param failure why one of its connections failed, in one sentence; null if neither did
 */
public record FlowResult(
    int flow,
    FlowSpec spec,
    long deliveredBytes,
    double goodputBps,
    TcpInfo sender,
    double srttMeanMillis,
    double srttP99Millis,
    FrameCounts packets,
    List<FlowSample> samples,
    @Nullable String failure) {

  public FlowResult {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(packets, "packets");
    samples = List.copyOf(samples);
  }

  /** The algorithm the sender ran, as the engine names it. */
  public String congestionControl() {
    return sender.congestionControl();
  }

  /** Segments the sender retransmitted, fast and after timeouts. */
  public long retransmissions() {
    return sender.retransmissions();
  }

  /** Its packets the bottleneck's full queue dropped. */
  public long queueDrops() {
    return packets.frames(FrameFate.DROPPED_QUEUE_FULL);
  }

  /** The numbers, without the samples (there may be a million). */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "FlowResult[flow=%d, %s, rtt %s ms, start %s, delivered %d B, goodput %.0f bit/s,"
            + " retransmissions %d, queue drops %d, srtt mean %.3f ms, p99 %.3f ms, %d samples,"
            + " failure=%s]",
        flow,
        sender.congestionControl(),
        TransferSpec.plain(spec.rttMillis()),
        spec.start(),
        deliveredBytes,
        goodputBps,
        retransmissions(),
        queueDrops(),
        srttMeanMillis,
        srttP99Millis,
        samples.size(),
        failure);
  }

  /** The mean of {@code values}; NaN for none. */
  static double mean(long[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * The {@code p}-th percentile of {@code sorted} by the nearest-rank method: the smallest value
   * with at least {@code p}% of the values at or below it. NaN for none.
   */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
