package io.jtcp.cli;

import io.jtcp.core.experiment.FlowSample;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The time series of {@code --trace-csv}: one row per flow per sample, in time order (flows in
 * number order within an instant), so that a spreadsheet, pandas or gnuplot reads it as it is.
 *
 * <pre>
 * time_s,flow,cc,cwnd_bytes,ssthresh_bytes,inflight_bytes,srtt_ms,delivered_bytes,state
 * 0.1,1,reno,14480,,14480,50.009,14480,ESTABLISHED
 * </pre>
 *
 * Times are exact decimals of the virtual nanosecond. A value that does not exist yet is empty
 * rather than a number that could be plotted: {@code ssthresh_bytes} before the first loss (Linux's
 * infinite initial threshold), {@code srtt_ms} before the first RTT sample. {@code inflight_bytes}
 * is SND.MAX − SND.UNA ({@link FlowSample#inflightBytes()}); {@code delivered_bytes} counts what
 * the receiving application has read; {@code state} is the sender's TCP state (RFC 9293's names).
 */
final class TraceCsv {
  static final String HEADER =
      "time_s,flow,cc,cwnd_bytes,ssthresh_bytes,inflight_bytes,srtt_ms,delivered_bytes,state";

  private TraceCsv() {}

  /** Writes the header and every sample of {@code flows}; returns the number of rows. */
  static long write(Writer out, List<FlowTrace> flows) throws IOException {
    record Row(FlowTrace flow, FlowSample sample) {}
    List<Row> rows = new ArrayList<>();
    for (FlowTrace f : flows) {
      for (FlowSample s : f.samples()) {
        rows.add(new Row(f, s));
      }
    }
    rows.sort(
        Comparator.comparingLong((Row r) -> r.sample().timeNanos())
            .thenComparingInt(r -> r.flow().flow()));
    out.write(HEADER);
    out.write('\n');
    StringBuilder sb = new StringBuilder(96);
    for (Row r : rows) {
      FlowSample s = r.sample();
      sb.setLength(0);
      sb.append(seconds(s.timeNanos()))
          .append(',')
          .append(r.flow().flow())
          .append(',')
          .append(r.flow().cc())
          .append(',')
          .append(s.cwndBytes())
          .append(',');
      if (s.ssthreshBytes() >= 0) {
        sb.append(s.ssthreshBytes());
      }
      sb.append(',').append(s.inflightBytes()).append(',');
      if (s.srttMicros() > 0) {
        sb.append(BigDecimal.valueOf(s.srttMicros(), 3).stripTrailingZeros().toPlainString());
      }
      sb.append(',')
          .append(s.deliveredBytes())
          .append(',')
          .append(s.state().rfcName())
          .append('\n');
      out.append(sb);
    }
    return rows.size();
  }

  /** Nanoseconds as the shortest exact decimal of seconds: 0, 0.1, 12.0005. */
  static String seconds(long nanos) {
    return nanos == 0 ? "0" : BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }

  /** The shortest decimal that parses back to {@code v}, without an exponent. */
  static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
