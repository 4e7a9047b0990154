package io.jtcp.cli;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.experiment.Transfer;
import io.jtcp.core.experiment.TransferResult;
import io.jtcp.core.experiment.TransferSpec;
import io.jtcp.core.sim.FrameCounts;
import io.jtcp.core.sim.FrameFate;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code jtcp sim transfer}: one bulk transfer between two stacks on the simulated network ({@link
 * Transfer}), summarised for people or, with {@code --json}, for scripts.
 */
@Command(
    name = "transfer",
    header = "One bulk transfer over the simulated, impaired network.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "One bulk transfer between two jtcp stacks on the simulated network, in virtual",
      "time: the client sends seeded pseudo-random bytes and closes, the server reads",
      "to end-of-stream and closes. Prints the simulated duration, goodput, segments,",
      "retransmissions, SACK use, and the sha256 of what was sent and of what was",
      "received. Both directions get the same delay (half the RTT), rate, queue and",
      "impairments; both stacks run the --cc algorithm. Exit code 1 if the bytes",
      "differ or the transfer did not complete and close cleanly.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  jtcp sim transfer                                 1 MiB, 50 ms, 100 Mbit/s",
      "  jtcp sim transfer --bytes 8MiB --loss 1%%          random loss",
      "  jtcp sim transfer --cc reno --plot reno.svg       reno; cwnd over time",
      "  jtcp sim transfer --burst-loss 2%%,4 --reorder 1%%  bursts of 4, reordering",
      "  jtcp sim transfer --rtt 200 --rate 10 --json      one JSON object"
    })
final class SimTransferCommand implements Callable<Integer> {
  private static final int LABEL = 14;

  /** Linux's {@code tcp_congestion_control} default, and so ours. */
  static final String DEFAULT_CC = Sysctls.LINUX.congestionControl();

  @Spec CommandSpec spec;

  @Mixin PluginOptions plugins;

  @Option(
      names = "--cc",
      paramLabel = "NAME",
      description =
          "Congestion control of both stacks, by name; jtcp cc list shows them (default: "
              + "cubic, as Linux's tcp_congestion_control).")
  String cc;

  @Option(
      names = "--bytes",
      defaultValue = "1MiB",
      converter = ByteSize.Converter.class,
      paramLabel = "N",
      description = "How much to send: 65536, 64KiB, 8MiB, 1MB (default: ${DEFAULT-VALUE}).")
  long bytes;

  @Option(
      names = "--rtt",
      defaultValue = "50",
      paramLabel = "MS",
      description = "Round-trip propagation delay, milliseconds (default: ${DEFAULT-VALUE}).")
  double rttMillis;

  @Option(
      names = "--rate",
      defaultValue = "100",
      paramLabel = "MBPS",
      description = "Link rate each way, Mbit/s; 0 is unlimited (default: ${DEFAULT-VALUE}).")
  double rateMbps;

  @Option(
      names = "--queue",
      paramLabel = "PKTS",
      description =
          "Drop-tail queue each way, in 1500-byte packets (default: one bandwidth-delay product,"
              + " at least "
              + TransferSpec.MIN_AUTO_QUEUE_PACKETS
              + ").")
  Integer queuePackets;

  @Option(
      names = "--loss",
      defaultValue = "0",
      converter = Probability.Converter.class,
      paramLabel = "P",
      description = "Random loss: 0.02 or 2%%.")
  double loss;

  @Option(
      names = "--burst-loss",
      converter = BurstLoss.Converter.class,
      paramLabel = "P,LEN",
      description = "Bursty loss: rate P in bursts of LEN packets on average, e.g. 2%%,4.")
  BurstLoss burstLoss;

  @Option(
      names = "--reorder",
      defaultValue = "0",
      converter = Probability.Converter.class,
      paramLabel = "P",
      description = "Reordering: a packet arrives " + TransferSpec.REORDER_DEPTH + " places late.")
  double reorder;

  @Option(
      names = "--duplicate",
      defaultValue = "0",
      converter = Probability.Converter.class,
      paramLabel = "P",
      description = "Duplication: the copy follows the original.")
  double duplicate;

  @Option(
      names = "--corrupt",
      defaultValue = "0",
      converter = Probability.Converter.class,
      paramLabel = "P",
      description = "Bit flips, which the receiver's checksum catches.")
  double corrupt;

  @Option(
      names = "--jitter",
      defaultValue = "0",
      paramLabel = "MS",
      description = "Uniform jitter of the delay, ± milliseconds (never reorders).")
  double jitterMillis;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Seed of the links, keys and payload (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--time-limit",
      defaultValue = "600",
      paramLabel = "S",
      description = "Give up after this much simulated time, seconds (default: ${DEFAULT-VALUE}).")
  double timeLimitSeconds;

  @Option(
      names = "--sysctl",
      paramLabel = "NAME=VALUE",
      description =
          "A knob of both stacks by its Linux name, e.g. tcp_sack=0 or"
              + " tcp_congestion_control=reno; repeatable.")
  List<String> sysctls = new ArrayList<>();

  @Option(
      names = "--interval",
      defaultValue = "100",
      paramLabel = "MS",
      description =
          "With --trace-csv or --plot, sample the sender this often, milliseconds of simulated"
              + " time (default: ${DEFAULT-VALUE}).")
  double intervalMillis;

  @Option(
      names = "--trace-csv",
      paramLabel = "FILE",
      description =
          "Write time_s,flow,cc,cwnd_bytes,ssthresh_bytes,inflight_bytes,srtt_ms,"
              + "delivered_bytes,state at every sample and at the end.")
  Path traceCsv;

  @Option(
      names = "--plot",
      paramLabel = "FILE.svg",
      description = "Draw the sender's cwnd and the goodput over time, as SVG.")
  Path plot;

  @Option(names = "--json", description = "Print one JSON object instead.")
  boolean json;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description =
          "Write the client's link to a pcap file (raw IPv4, virtual time from the epoch):"
              + " what the sender sent and what reached it.")
  java.nio.file.@org.jspecify.annotations.Nullable Path pcap;

  private io.jtcp.io.pcap.@org.jspecify.annotations.Nullable CaptureLink capture;

  private io.jtcp.core.experiment.LinkDecorator captureDecorator() {
    java.nio.file.Path file = pcap;
    if (file == null) {
      return io.jtcp.core.experiment.LinkDecorator.NONE;
    }
    return (link, clock) -> {
      try {
        io.jtcp.io.pcap.CaptureLink c = io.jtcp.io.pcap.CaptureLink.toFile(link, file, clock);
        capture = c;
        return c;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    };
  }

  /** Closes the capture, if any; a failed one is reported on standard error. */
  private void closeCapture() {
    io.jtcp.io.pcap.CaptureLink c = capture;
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (java.io.UncheckedIOException e) {
      // error() below says why
    }
    java.io.IOException failed = c.error();
    if (failed != null) {
      spec.commandLine()
          .getErr()
          .println("jtcp sim transfer: the capture failed: " + failed.getMessage());
    } else {
      spec.commandLine()
          .getErr()
          .printf(
              java.util.Locale.ROOT,
              "jtcp sim transfer: %d frames captured in %s%n",
              c.frames(),
              pcap);
    }
  }

  @Override
  public Integer call() {
    TraceOutputs.check(spec.commandLine(), "--trace-csv", traceCsv);
    TraceOutputs.check(spec.commandLine(), "--plot", plot);
    range("--interval", intervalMillis, 1e-6, 86_400_000, "milliseconds");
    TransferSpec ts = transferSpec();
    boolean tracing = traceCsv != null || plot != null;
    TransferResult r;
    try {
      Duration interval =
          tracing ? Duration.ofNanos(Math.max(1, Math.round(intervalMillis * 1e6))) : Duration.ZERO;
      r = Transfer.run(ts, plugins.registry(), interval, captureDecorator());
    } catch (java.io.UncheckedIOException e) {
      spec.commandLine().getErr().println("jtcp sim transfer: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      closeCapture();
      spec.commandLine()
          .getErr()
          .println(
              "jtcp sim transfer: the engine failed with "
                  + e
                  + ", which is a bug; `"
                  + replay(ts)
                  + "` replays it.");
      return 1;
    }
    closeCapture();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(json(r)));
    } else {
      human(out, r);
    }
    if (tracing) {
      List<FlowTrace> traces =
          List.of(new FlowTrace(1, r.congestionControl(), ts.rttMillis(), r.samples()));
      try {
        TraceOutputs.write(
            traceCsv,
            plot,
            traces,
            () ->
                SvgPlot.render(
                    r.congestionControl() + ": " + ByteSize.format(ts.bytes()) + " in one transfer",
                    path(ts) + "; seed " + ts.seed(),
                    traces,
                    r.samples().isEmpty() ? 0 : r.samples().getLast().timeSeconds(),
                    ts.rateMbps()),
            json ? null : (label, value) -> line(out, label, value));
      } catch (UncheckedIOException e) {
        out.flush();
        spec.commandLine()
            .getErr()
            .println("jtcp sim transfer: could not write " + e.getCause().getMessage() + ".");
        return 1;
      }
    }
    out.flush();
    if (!r.ok()) {
      spec.commandLine().getErr().println("jtcp sim transfer: " + problem(r) + ".");
      return 1;
    }
    return 0;
  }

  private TransferSpec transferSpec() {
    range("--rtt", rttMillis, 0, 3_600_000, "milliseconds");
    range("--rate", rateMbps, 0, 1_000_000, "Mbit/s (0 is unlimited)");
    range("--jitter", jitterMillis, 0, 3_600_000, "milliseconds");
    range("--time-limit", timeLimitSeconds, 1e-9, 100 * 86400, "seconds of simulated time");
    if (queuePackets != null && queuePackets < 1) {
      throw new ParameterException(
          spec.commandLine(), "--queue takes a number of packets >= 1; got " + queuePackets);
    }
    // What the user typed is checked before the default algorithm is looked up.
    Sysctls knobs = sysctls.isEmpty() ? null : sysctls();
    TransferSpec ts =
        TransferSpec.of(bytes)
            .withCongestionControl(congestionControl())
            .withRttMillis(rttMillis)
            .withRateMbps(rateMbps)
            .withQueuePackets(queuePackets == null ? 0 : queuePackets)
            .withLoss(loss)
            .withReorder(reorder)
            .withDuplicate(duplicate)
            .withCorrupt(corrupt)
            .withJitterMillis(jitterMillis)
            .withSeed(seed)
            .withTimeLimit(Duration.ofNanos(Math.round(timeLimitSeconds * 1e9)));
    if (burstLoss != null) {
      ts = ts.withBurstLoss(burstLoss.rate(), burstLoss.length());
    }
    return knobs == null ? ts : ts.withSysctls(knobs);
  }

  /**
   * {@code --cc}, else a {@code --sysctl tcp_congestion_control=NAME} (what it means on Linux),
   * else cubic; checked against the registry, so an unknown name is a usage error that lists the
   * known ones.
   *
   * @throws ParameterException when the two options name different algorithms, or the name is
   *     unknown
   */
  private String congestionControl() {
    String fromSysctl = null;
    for (String setting : sysctls) {
      int eq = setting.indexOf('=');
      if (eq > 0
          && setting
              .substring(0, eq)
              .strip()
              .replaceFirst("^net\\.ipv4\\.", "")
              .equals("tcp_congestion_control")) {
        fromSysctl = setting.substring(eq + 1).strip();
      }
    }
    if (cc != null && fromSysctl != null && !cc.equals(fromSysctl)) {
      throw new ParameterException(
          spec.commandLine(),
          "--cc "
              + cc
              + " and --sysctl tcp_congestion_control="
              + fromSysctl
              + " name different algorithms; give one of them");
    }
    String name = cc != null ? cc : fromSysctl != null ? fromSysctl : DEFAULT_CC;
    plugins.resolve(cc != null ? "--cc" : fromSysctl != null ? "--sysctl" : "--cc", name);
    return name;
  }

  private Sysctls sysctls() {
    Sysctls s = Sysctls.LINUX;
    for (String setting : sysctls) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            spec.commandLine(),
            "--sysctl takes NAME=VALUE, e.g. tcp_sack=0; got '" + setting + "'");
      }
      try {
        s = s.with(setting.substring(0, eq).strip(), setting.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--sysctl " + setting + ": " + e.getMessage());
      }
    }
    return s;
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
              lo < 1 && lo > 0 ? "just above 0" : plain(lo),
              plain(hi),
              plain(v)));
    }
  }

  private static String problem(TransferResult r) {
    if (r.failure() != null) {
      return r.failure();
    }
    return r.bytesReceived() == r.bytes()
        ? "the server received as many bytes as were sent but different ones (sha256 differs)"
        : "the server received " + r.bytesReceived() + " bytes, not " + r.bytes();
  }

  // ---- output

  private static void human(PrintWriter out, TransferResult r) {
    TransferSpec s = r.spec();
    line(
        out,
        "transfer",
        ByteSize.format(s.bytes()) + " (" + s.bytes() + " bytes), seed " + s.seed());
    line(out, "path", path(s));
    line(out, "cc", r.congestionControl());
    line(
        out,
        "duration",
        String.format(Locale.ROOT, "%.3f s of simulated time", r.simSeconds())
            + (r.failure() == null ? "" : " (unfinished)"));
    String share =
        s.rateMbps() > 0
            ? String.format(
                Locale.ROOT, " (%.1f%% of the link)", r.goodputBps() / s.rateMbps() / 1e4)
            : "";
    line(out, "goodput", rate(r.goodputBps()) + share);
    line(out, "segments", r.segmentsSent() + " sent");
    line(
        out,
        "retransmitted",
        String.format(
            Locale.ROOT,
            "%d (fast %d, RTO %d); spurious recoveries %d",
            r.retransmissions(),
            r.fastRetransmits(),
            r.rtoRetransmits(),
            r.spuriousRecoveries()));
    line(
        out,
        "SACK",
        r.sackNegotiated()
            ? String.format(
                Locale.ROOT,
                "on; %d blocks sent by the receiver, %d received by the sender",
                r.sackBlocksSent(),
                r.sackBlocksReceived())
            : "off");
    line(out, "network", network(r.network()));
    line(out, "sha256 sent", r.sentSha256());
    line(out, "sha256 recv", r.receivedSha256() + " (" + r.bytesReceived() + " bytes)");
    line(out, "match", r.match() ? "yes" : "NO");
    if (r.failure() != null) {
      line(out, "failure", r.failure());
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(label + " ".repeat(Math.max(1, LABEL - label.length())) + value);
  }

  private static String path(TransferSpec s) {
    List<String> impairments = new ArrayList<>();
    if (s.loss() > 0) {
      impairments.add("loss " + Probability.format(s.loss()));
    }
    if (s.burstLoss() > 0) {
      impairments.add(
          "burst loss "
              + Probability.format(s.burstLoss())
              + " in bursts of "
              + plain(s.burstLength()));
    }
    if (s.reorder() > 0) {
      impairments.add(
          "reorder " + Probability.format(s.reorder()) + " by " + TransferSpec.REORDER_DEPTH);
    }
    if (s.duplicate() > 0) {
      impairments.add("duplicate " + Probability.format(s.duplicate()));
    }
    if (s.corrupt() > 0) {
      impairments.add("corrupt " + Probability.format(s.corrupt()));
    }
    if (s.jitterMillis() > 0) {
      impairments.add("jitter ±" + plain(s.jitterMillis()) + " ms");
    }
    int q = s.queueLimitPackets();
    return String.format(
        Locale.ROOT,
        "RTT %s ms, %s, %s; %s",
        plain(s.rttMillis()),
        s.rateMbps() == 0 ? "unlimited rate" : plain(s.rateMbps()) + " Mbit/s",
        q == 0 ? "no queue limit" : "queue " + q + " packets",
        impairments.isEmpty() ? "no impairment" : String.join(", ", impairments));
  }

  private static String network(FrameCounts f) {
    StringBuilder sb =
        new StringBuilder()
            .append(f.frames(FrameFate.SENT))
            .append(" packets sent, ")
            .append(f.frames(FrameFate.DELIVERED))
            .append(" delivered");
    for (FrameFate fate : FrameFate.values()) {
      if (fate != FrameFate.SENT && fate != FrameFate.DELIVERED && f.frames(fate) > 0) {
        sb.append(", ")
            .append(f.frames(fate))
            .append(' ')
            .append(fate.name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
    }
    return sb.toString();
  }

  private static String rate(double bps) {
    return bps >= 1e9
        ? String.format(Locale.ROOT, "%.3f Gbit/s", bps / 1e9)
        : bps >= 1e6
            ? String.format(Locale.ROOT, "%.3f Mbit/s", bps / 1e6)
            : String.format(Locale.ROOT, "%.3f kbit/s", bps / 1e3);
  }

  /**
   * The command that replays a run: the spec's own, plus the plug-in jars given with --plugin
   * (those in $JTCP_PLUGINS come from the environment again).
   */
  private String replay(TransferSpec ts) {
    StringBuilder b = new StringBuilder(ts.commandLine());
    for (java.nio.file.Path jar : plugins.jars) {
      String p = jar.toString();
      b.append(" --plugin ").append(p.matches("[\\w./:@%+=,-]+") ? p : "'" + p + "'");
    }
    return b.toString();
  }

  private Map<String, Object> json(TransferResult r) {
    TransferSpec s = r.spec();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes", s.bytes());
    m.put("bytes_received", r.bytesReceived());
    m.put("cc", r.congestionControl());
    m.put("sim_seconds", r.simSeconds());
    m.put("goodput_bps", Math.round(r.goodputBps()));
    m.put("segments_sent", r.segmentsSent());
    m.put("retransmissions", r.retransmissions());
    m.put("fast_retransmits", r.fastRetransmits());
    m.put("rto_retransmits", r.rtoRetransmits());
    m.put("spurious_recoveries", r.spuriousRecoveries());
    m.put("sack", r.sackNegotiated());
    m.put("sack_blocks_sent", r.sackBlocksSent());
    m.put("sack_blocks_received", r.sackBlocksReceived());
    m.put("sent_sha256", r.sentSha256());
    m.put("received_sha256", r.receivedSha256());
    m.put("match", r.match());
    m.put("seed", s.seed());
    m.put("ok", r.ok());
    m.put("failure", r.failure());
    m.put("command", replay(s));
    Map<String, Object> path = new LinkedHashMap<>();
    path.put("rtt_ms", s.rttMillis());
    path.put("rate_mbps", s.rateMbps());
    path.put("queue_packets", s.queueLimitPackets());
    path.put("loss", s.loss());
    path.put("burst_loss", s.burstLoss());
    path.put("burst_length", s.burstLength());
    path.put("reorder", s.reorder());
    path.put("reorder_depth", TransferSpec.REORDER_DEPTH);
    path.put("duplicate", s.duplicate());
    path.put("corrupt", s.corrupt());
    path.put("jitter_ms", s.jitterMillis());
    m.put("path", path);
    Map<String, Object> network = new LinkedHashMap<>();
    for (FrameFate fate : FrameFate.values()) {
      network.put(fate.name().toLowerCase(Locale.ROOT), r.network().frames(fate));
    }
    m.put("network", network);
    m.put("sender", RecordMaps.snakeCase(r.sender()));
    m.put("receiver", r.receiver() == null ? null : RecordMaps.snakeCase(r.receiver()));
    return m;
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
