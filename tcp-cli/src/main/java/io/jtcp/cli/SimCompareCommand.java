package io.jtcp.cli;

import io.jtcp.core.experiment.Comparison;
import io.jtcp.core.experiment.ComparisonResult;
import io.jtcp.core.experiment.ComparisonSpec;
import io.jtcp.core.experiment.FlowResult;
import io.jtcp.core.experiment.FlowSpec;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jtcp sim compare}: congestion-control algorithms competing for one bottleneck ({@link
 * Comparison}), summarised per flow with Jain's fairness index, and optionally traced to CSV and
 * plotted to SVG.
 *
 * <p>{@code --flows N} counts flows <em>per algorithm</em>: {@code --cc reno,cubic --flows 2} runs
 * four flows, numbered round-robin (reno, cubic, reno, cubic) so that with {@code --stagger} no
 * algorithm takes all the early starts. Per algorithm rather than in total because a comparison
 * should be balanced by default, and any other mix is still one repeated name away ({@code --cc
 * reno,reno,cubic}).
 */
@Command(
    name = "compare",
    header = "Congestion-control algorithms sharing one simulated bottleneck.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Congestion-control algorithms competing for one bottleneck on the simulated",
      "network, in virtual time. Each flow is a sender and a receiver with stacks of",
      "their own; its access links delay by half its RTT (and lose --loss of packets)",
      "each way, and every flow's data crosses one shared link of --rate with one",
      "drop-tail queue of --queue packets (ACKs cross the same rate and queue on the",
      "way back). Senders write without pause for --duration; receivers read all.",
      "Prints each flow's goodput, retransmissions and SRTT (mean and 99th percentile",
      "of the samples taken every --interval), and Jain's fairness index over the",
      "goodputs. Exit code 1 if a flow's connection failed.",
      ""
    },
    footer = {
      "",
      "--flows N gives N flows of each algorithm, numbered round-robin:",
      "--cc reno,cubic --flows 2 runs reno, cubic, reno, cubic. Repeat a name",
      "for an uneven mix: --cc reno,reno,cubic.",
      "",
      "Examples:",
      "  jtcp sim compare                                 reno vs cubic, 30 s",
      "  jtcp sim compare --cc reno --flows 4 --stagger 5 four reno flows converge",
      "  jtcp sim compare --cc reno,reno --rtt 20,80      RTT unfairness",
      "  jtcp sim compare --trace-csv t.csv --plot t.svg  time series, figure"
    })
final class SimCompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PluginOptions plugins;

  @Option(
      names = "--cc",
      split = ",",
      defaultValue = "reno,cubic",
      paramLabel = "NAME",
      splitSynopsisLabel = ",",
      description =
          "Algorithms to compare, by name (jtcp cc list shows them); a name may repeat"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> algorithms;

  @Option(
      names = "--flows",
      defaultValue = "1",
      paramLabel = "N",
      description = "Flows of each algorithm (default: ${DEFAULT-VALUE}).")
  int flowsPerAlgorithm;

  @Option(
      names = "--duration",
      defaultValue = "30",
      paramLabel = "S",
      description = "Simulated seconds to run (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(
      names = "--rate",
      defaultValue = "100",
      paramLabel = "MBPS",
      description = "The bottleneck's rate, Mbit/s (default: ${DEFAULT-VALUE}).")
  double rateMbps;

  @Option(
      names = "--rtt",
      split = ",",
      defaultValue = "50",
      paramLabel = "MS",
      splitSynopsisLabel = ",",
      description =
          "Round-trip propagation delay, milliseconds: one for every flow, or one per flow in"
              + " flow order (default: ${DEFAULT-VALUE}).")
  List<Double> rtts;

  @Option(
      names = "--queue",
      paramLabel = "PKTS",
      description =
          "The bottleneck's drop-tail queue, in 1500-byte packets (default: one"
              + " bandwidth-delay product at the longest RTT, at least 100).")
  Integer queuePackets;

  @Option(
      names = "--loss",
      defaultValue = "0",
      converter = Probability.Converter.class,
      paramLabel = "P",
      description = "Random loss on each flow's access links, each way: 0.01 or 1%%.")
  double loss;

  @Option(
      names = "--stagger",
      defaultValue = "0",
      paramLabel = "S",
      description = "Flow k starts (k-1)*S seconds in (default: ${DEFAULT-VALUE}).")
  double staggerSeconds;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Seed of the links and keys (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--interval",
      defaultValue = "100",
      paramLabel = "MS",
      description =
          "Sample every flow this often, milliseconds of simulated time (default:"
              + " ${DEFAULT-VALUE}).")
  double intervalMillis;

  @Option(
      names = "--trace-csv",
      paramLabel = "FILE",
      description =
          "Write time_s,flow,cc,cwnd_bytes,ssthresh_bytes,inflight_bytes,srtt_ms,"
              + "delivered_bytes,state at every sample.")
  Path traceCsv;

  @Option(
      names = "--plot",
      paramLabel = "FILE.svg",
      description = "Draw cwnd and goodput over time per flow, as SVG.")
  Path plot;

  @Option(names = "--json", description = "Print one JSON object instead.")
  boolean json;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description =
          "Write every sender's link to one pcap file (raw IPv4, virtual time from the epoch).")
  @org.jspecify.annotations.Nullable
  Path pcap;

  @Override
  public Integer call() {
    ComparisonSpec cs = comparisonSpec();
    TraceOutputs.check(spec.commandLine(), "--trace-csv", traceCsv);
    TraceOutputs.check(spec.commandLine(), "--plot", plot);
    ComparisonResult r;
    io.jtcp.io.pcap.PcapWriter capture = null;
    List<io.jtcp.io.pcap.CaptureLink> captured = new ArrayList<>();
    try {
      io.jtcp.core.experiment.LinkDecorator senders = io.jtcp.core.experiment.LinkDecorator.NONE;
      Path file = pcap;
      if (file != null) {
        try {
          io.jtcp.io.pcap.PcapWriter w =
              io.jtcp.io.pcap.PcapWriter.open(
                  file,
                  io.jtcp.io.pcap.TimestampResolution.NANOSECONDS,
                  io.jtcp.io.pcap.LinkType.IPV4);
          capture = w;
          senders =
              (link, clock) -> {
                io.jtcp.io.pcap.CaptureLink c = new io.jtcp.io.pcap.CaptureLink(link, w, clock);
                captured.add(c);
                return c;
              };
        } catch (java.io.IOException e) {
          spec.commandLine()
              .getErr()
              .println("jtcp sim compare: cannot write " + file + ": " + e.getMessage());
          return 1;
        }
      }
      r = Comparison.run(cs, plugins.registry(), senders);
    } catch (RuntimeException e) {
      spec.commandLine()
          .getErr()
          .println("jtcp sim compare: the engine failed with " + e + ", which is a bug.");
      return 1;
    }
    if (capture != null) {
      // One file for every sender: frames go in as the single-threaded simulation makes them,
      // so in time order.
      long frames = 0;
      String failed = null;
      for (io.jtcp.io.pcap.CaptureLink c : captured) {
        frames += c.frames();
        if (c.error() != null && failed == null) {
          failed = c.error().getMessage();
        }
      }
      try {
        capture.close();
      } catch (java.io.IOException e) {
        failed = failed == null ? e.getMessage() : failed;
      }
      spec.commandLine()
          .getErr()
          .println(
              failed != null
                  ? "jtcp sim compare: the capture failed: " + failed
                  : "jtcp sim compare: " + frames + " frames captured in " + pcap);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<FlowTrace> traces = new ArrayList<>();
    for (FlowResult f : r.flows()) {
      traces.add(new FlowTrace(f.flow(), f.congestionControl(), f.spec().rttMillis(), f.samples()));
    }
    if (json) {
      out.println(Json.write(json(r)));
    } else {
      human(out, r);
    }
    try {
      TraceOutputs.write(
          traceCsv,
          plot,
          traces,
          () -> SvgPlot.render(title(r), subtitle(r), traces, r.durationSeconds(), cs.rateMbps()),
          json ? null : (label, value) -> line(out, label, value));
    } catch (UncheckedIOException e) {
      out.flush();
      spec.commandLine()
          .getErr()
          .println("jtcp sim compare: could not write " + e.getCause().getMessage() + ".");
      return 1;
    }
    out.flush();
    if (!r.ok()) {
      for (FlowResult f : r.flows()) {
        if (f.failure() != null) {
          spec.commandLine().getErr().println("jtcp sim compare: " + f.failure() + ".");
        }
      }
      return 1;
    }
    return 0;
  }

  private ComparisonSpec comparisonSpec() {
    if (algorithms.isEmpty() || algorithms.stream().anyMatch(String::isBlank)) {
      throw new ParameterException(
          spec.commandLine(), "--cc takes algorithm names separated by commas, e.g. reno,cubic");
    }
    for (String name : algorithms) {
      plugins.resolve("--cc", name.strip());
    }
    int total = algorithms.size() * flowsPerAlgorithm;
    if (flowsPerAlgorithm < 1 || total > ComparisonSpec.MAX_FLOWS) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              Locale.ROOT,
              "--flows takes a number of flows per algorithm from 1 to %d, and %d flows at most in"
                  + " all; got %d for %d algorithm%s",
              ComparisonSpec.MAX_FLOWS / algorithms.size(),
              ComparisonSpec.MAX_FLOWS,
              flowsPerAlgorithm,
              algorithms.size(),
              algorithms.size() == 1 ? "" : "s"));
    }
    if (rtts.size() != 1 && rtts.size() != total) {
      throw new ParameterException(
          spec.commandLine(),
          "--rtt takes one value for every flow or one per flow ("
              + total
              + " flows); got "
              + rtts.size());
    }
    for (double rtt : rtts) {
      range("--rtt", rtt, 0, 3_600_000, "milliseconds");
    }
    range("--duration", durationSeconds, 1e-9, 86_400, "seconds of simulated time");
    range("--rate", rateMbps, 1e-6, 1_000_000, "Mbit/s");
    range("--stagger", staggerSeconds, 0, 86_400, "seconds");
    range("--interval", intervalMillis, 1e-6, 86_400_000, "milliseconds");
    if (queuePackets != null && queuePackets < 1) {
      throw new ParameterException(
          spec.commandLine(), "--queue takes a number of packets >= 1; got " + queuePackets);
    }
    long duration = Math.round(durationSeconds * 1e9);
    long stagger = Math.round(staggerSeconds * 1e9);
    if (stagger * (total - 1) >= duration) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              Locale.ROOT,
              "--stagger %s starts flow %d at %s s, not before the end of --duration %s",
              plain(staggerSeconds),
              total,
              plain(staggerSeconds * (total - 1)),
              plain(durationSeconds)));
    }
    long interval = Math.max(1, Math.round(intervalMillis * 1e6));
    if (duration / interval > ComparisonSpec.MAX_SAMPLES) {
      throw new ParameterException(
          spec.commandLine(),
          "--interval "
              + plain(intervalMillis)
              + " ms takes more than "
              + ComparisonSpec.MAX_SAMPLES
              + " samples per flow over --duration "
              + plain(durationSeconds)
              + " s; sample less often");
    }
    List<FlowSpec> flows = new ArrayList<>();
    for (int round = 0; round < flowsPerAlgorithm; round++) {
      for (String name : algorithms) {
        int k = flows.size();
        flows.add(
            new FlowSpec(
                name.strip(),
                rtts.size() == 1 ? rtts.getFirst() : rtts.get(k),
                Duration.ofNanos(stagger * k)));
      }
    }
    return ComparisonSpec.of(flows)
        .withRateMbps(rateMbps)
        .withQueuePackets(queuePackets == null ? 0 : queuePackets)
        .withLoss(loss)
        .withSeed(seed)
        .withDuration(Duration.ofNanos(duration))
        .withSampleInterval(Duration.ofNanos(interval));
  }

  private void range(String option, double v, double lo, double hi, String unit) {
    if (!(v >= lo && v <= hi)) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              Locale.ROOT,
              "%s takes %s from %s to %s; got %s",
              option,
              unit,
              lo > 0 ? "just above 0" : plain(lo),
              plain(hi),
              plain(v)));
    }
  }

  // ---- output

  private static final int LABEL = 14;

  private static void human(PrintWriter out, ComparisonResult r) {
    ComparisonSpec s = r.spec();
    line(out, "compare", title(r) + ", seed " + s.seed());
    line(out, "bottleneck", bottleneck(s));
    out.println();
    String header = "%4s  %-8s %7s %8s %15s %7s %8s %7s %13s %12s%n";
    String row = "%4d  %-8s %7s %8s %15.3f %6.1f%% %8d %7d %13.2f %12.2f%n";
    out.printf(
        Locale.ROOT,
        header,
        "flow",
        "cc",
        "rtt ms",
        "start s",
        "goodput Mbit/s",
        "share",
        "retrans",
        "drops",
        "srtt mean ms",
        "srtt p99 ms");
    double bps = s.bottleneckBitsPerSecond();
    for (FlowResult f : r.flows()) {
      out.printf(
          Locale.ROOT,
          row,
          f.flow(),
          f.congestionControl(),
          plain(f.spec().rttMillis()),
          plain(f.spec().start().toNanos() / 1e9),
          f.goodputBps() / 1e6,
          f.goodputBps() / bps * 100,
          f.retransmissions(),
          f.queueDrops(),
          f.srttMeanMillis(),
          f.srttP99Millis());
    }
    out.printf(
        Locale.ROOT,
        "%-31s %15.3f %6.1f%%%n",
        "total",
        r.totalGoodputBps() / 1e6,
        r.totalGoodputBps() / bps * 100);
    out.println();
    line(
        out,
        "fairness",
        String.format(
            Locale.ROOT,
            "Jain's index %.3f over %d flows' goodputs (1 is an equal split, %.3f one flow taking"
                + " all)",
            r.jainFairness(),
            r.flows().size(),
            1.0 / r.flows().size()));
    for (FlowResult f : r.flows()) {
      if (f.failure() != null) {
        line(out, "failure", f.failure());
      }
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(label + " ".repeat(Math.max(1, LABEL - label.length())) + value);
  }

  /** "reno vs cubic: 2 flows over a 100 Mbit/s bottleneck for 30 s". */
  static String title(ComparisonResult r) {
    ComparisonSpec s = r.spec();
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (FlowResult f : r.flows()) {
      names.add(f.congestionControl());
    }
    int n = s.flows().size();
    return String.format(
        Locale.ROOT,
        "%s: %d flow%s over a %s Mbit/s bottleneck for %s s",
        String.join(" vs ", names),
        n,
        n == 1 ? "" : "s",
        plain(s.rateMbps()),
        plain(r.durationSeconds()));
  }

  private static String subtitle(ComparisonResult r) {
    ComparisonSpec s = r.spec();
    return String.format(
        Locale.ROOT,
        "queue %d packets, %s; %s; seed %d; Jain's fairness index %.3f",
        s.queueLimitPackets(),
        s.loss() > 0 ? "loss " + Probability.format(s.loss()) + " each way" : "no random loss",
        rttsAndStarts(s),
        s.seed(),
        r.jainFairness());
  }

  private static String bottleneck(ComparisonSpec s) {
    return String.format(
        Locale.ROOT,
        "%s Mbit/s, queue %d packets%s, %s",
        plain(s.rateMbps()),
        s.queueLimitPackets(),
        s.queuePackets() == 0 ? " (one BDP at " + plain(s.maxRttMillis()) + " ms)" : "",
        s.loss() > 0 ? "loss " + Probability.format(s.loss()) + " each way" : "no random loss");
  }

  private static String rttsAndStarts(ComparisonSpec s) {
    LinkedHashSet<Double> rtts = new LinkedHashSet<>();
    boolean staggered = false;
    for (FlowSpec f : s.flows()) {
      rtts.add(f.rttMillis());
      staggered |= !f.start().isZero();
    }
    String rtt =
        rtts.size() == 1
            ? "RTT " + plain(rtts.iterator().next()) + " ms"
            : "RTTs "
                + String.join(", ", s.flows().stream().map(f -> plain(f.rttMillis())).toList())
                + " ms";
    if (!staggered) {
      return rtt;
    }
    double step = s.flows().get(1).start().toNanos() / 1e9;
    return rtt + ", flows " + plain(step) + " s apart";
  }

  private static Map<String, Object> json(ComparisonResult r) {
    List<Object> flows = new ArrayList<>();
    for (FlowResult f : r.flows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("flow", f.flow());
      m.put("cc", f.congestionControl());
      m.put("rtt_ms", f.spec().rttMillis());
      m.put("goodput_bps", Math.round(f.goodputBps()));
      m.put("retransmissions", f.retransmissions());
      m.put("srtt_mean_ms", round(f.srttMeanMillis(), 3));
      m.put("srtt_p99_ms", round(f.srttP99Millis(), 3));
      flows.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("flows", flows);
    m.put("jain_fairness", round(r.jainFairness(), 6));
    m.put("duration_s", r.durationSeconds());
    m.put("bottleneck_bps", r.spec().bottleneckBitsPerSecond());
    return m;
  }

  /** {@code v} to {@code decimals} places; NaN stays NaN (JSON null). */
  private static double round(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return v;
    }
    return java.math.BigDecimal.valueOf(v)
        .setScale(decimals, java.math.RoundingMode.HALF_EVEN)
        .doubleValue();
  }

  private static String plain(double v) {
    return TraceCsv.plain(v);
  }
}
