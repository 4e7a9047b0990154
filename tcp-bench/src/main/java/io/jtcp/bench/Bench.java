package io.jtcp.bench;

import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.experiment.Comparison;
import io.jtcp.core.experiment.ComparisonResult;
import io.jtcp.core.experiment.ComparisonSpec;
import io.jtcp.core.experiment.FlowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code jtcp bench}: the performance suite, each part beside the Linux kernel's figure from the
 * same run, as one table with ratios and the targets; or one part alone with its own
 * options. Figures only, never a pass or fail on time (the regression guard in the tests checks
 * allocation, not speed).
 *
 * <pre>
 * jtcp bench [short|full] [--json]         the suite (short: about a minute; full: longer runs, 1M connections, TAP)
 * jtcp bench loopback [--seconds S] [--mss N] [--connections N] [--no-offload] [--json]
 * jtcp bench handshake [--seconds S] [--bytes N] [--json]
 * jtcp bench memory [--connections N] [--json]
 * jtcp bench sim
 * jtcp bench tap [--bytes N] [--seconds S]    (root)
 * </pre>
 */
public final class Bench {
  private Bench() {}

  /** One row of the suite's table. */
  record Row(String part, String jtcp, String kernel, double ratio, String target, boolean met) {}

  public static void main(String[] args) throws Exception {
    String part = args.length == 0 ? "short" : args[0];
    String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
    switch (part) {
      case "loopback" -> BulkGoodput.main(rest);
      case "handshake" -> HandshakeRate.main(rest);
      case "memory" -> IdleConnections.main(rest);
      case "tap" -> TapGoodput.main(rest);
      case "sim" -> printSim(sim());
      case "short", "full" -> suite(part.equals("full"), List.of(rest).contains("--json"));
      case "--help", "-h", "help" -> usage(0);
      default -> {
        System.err.println("jtcp bench: unknown part '" + part + "'");
        usage(2);
      }
    }
  }

  private static void usage(int exit) {
    System.err.println(
        """
        usage: jtcp bench [short|full] [--json]
               jtcp bench loopback [--seconds S] [--mss N] [--connections N] [--no-offload] [--json]
               jtcp bench handshake [--seconds S] [--bytes N] [--json]
               jtcp bench memory [--connections N] [--json]
               jtcp bench sim
               jtcp bench tap [--bytes N] [--seconds S]      (needs root and /dev/net/tun)\
        """);
    System.exit(exit);
  }

  private static void suite(boolean full, boolean json) throws Exception {
    double seconds = full ? 10 : 3;
    double warmup = full ? 3 : 2;
    List<Row> rows = new ArrayList<>();
    rows.add(loopback("bulk, 1 connection, MSS 1460", seconds, warmup, 1460, 1, true));
    rows.add(loopback("bulk, 1 connection, 64 KiB MTU", seconds, warmup, 65495, 1, true));
    rows.add(loopback("bulk, 16 connections, MSS 1460", seconds, warmup, 1460, 16, true));
    if (full) {
      // Both sides held to a packet per segment: the kernel in a namespace whose lo has its
      // offloads off (root only; otherwise the row says why it was not run).
      rows.add(
          loopback("bulk, 1 connection, MSS 1460, no offload", seconds, warmup, 1460, 1, false));
      rows.add(
          loopback("bulk, 16 connections, MSS 1460, no offload", seconds, warmup, 1460, 16, false));
    }
    // Warm up both (JIT, kernel caches), then measure each for the same window.
    HandshakeRate.jtcp(new byte[1024], (long) (seconds * 1e9 / 3));
    HandshakeRate.kernel(new byte[1024], (long) (seconds * 1e9 / 3));
    HandshakeRate.Result hj = HandshakeRate.jtcp(new byte[1024], (long) (seconds * 1e9));
    HandshakeRate.Result hk = HandshakeRate.kernel(new byte[1024], (long) (seconds * 1e9));
    double hr = hj.rate() / hk.rate();
    rows.add(
        new Row(
            "handshake + 1 KiB + close",
            String.format(Locale.ROOT, "%,.0f /s", hj.rate()),
            String.format(Locale.ROOT, "%,.0f /s", hk.rate()),
            hr,
            ">= 2.0",
            hr >= 2.0));
    int idle = full ? 1_000_000 : 100_000;
    if (Runtime.getRuntime().maxMemory() < (full ? 4L << 30 : 1L << 30)) {
      rows.add(
          new Row(
              "idle connections: heap per connection end",
              "not run: the JVM needs -Xmx" + (full ? "6g" : "2g"),
              "",
              Double.NaN,
              "<= 1024 B",
              false));
    } else {
      IdleConnections.Result m = IdleConnections.run(idle, false);
      rows.add(
          new Row(
              String.format(Locale.ROOT, "%,d idle connections: heap per end", idle),
              String.format(Locale.ROOT, "%,.0f B", m.bytesPerEnd()),
              "",
              Double.NaN,
              "<= 1024 B",
              m.bytesPerEnd() <= 1024));
    }
    Sim s = sim();
    rows.add(
        new Row(
            "sim: 60 s CUBIC, 100 Mbit/s, 50 ms, 1% loss",
            String.format(Locale.ROOT, "%.2f s, %,.0f events/s", s.seconds(), s.eventsPerSecond()),
            "",
            Double.NaN,
            "< 1 s",
            s.seconds() < 1));
    print(rows, json);
    if (full && !json) {
      if (Files.exists(Path.of("/dev/net/tun")) && "root".equals(System.getProperty("user.name"))) {
        System.out.println();
        TapGoodput.main(new String[0]);
      } else {
        System.out.println("TAP: not run (needs root and /dev/net/tun); see jtcp bench tap");
      }
    }
  }

  private static Row loopback(
      String name, double seconds, double warmup, int mss, int connections, boolean offload)
      throws Exception {
    BulkGoodput.Options o =
        new BulkGoodput.Options(
            seconds, warmup, mss, connections, "threads", 0, 0, 0, 0, false, offload, true, false);
    BulkGoodput.JtcpResult j = BulkGoodput.jtcp(o);
    BulkGoodput.KernelResult k = BulkGoodput.kernel(o);
    double ratio = k.bps() > 0 ? j.bps() / k.bps() : Double.NaN;
    return new Row(
        name
            + String.format(
                Locale.ROOT,
                " (%.0f B allocated per segment, %d GCs)",
                j.allocPerSegment(),
                j.gcs()),
        String.format(Locale.ROOT, "%.2f Gbit/s", j.bps() / 1e9),
        k.bps() > 0
            ? String.format(Locale.ROOT, "%.2f Gbit/s", k.bps() / 1e9)
                + (mss > BulkGoodput.IPERF_MAX_MSS ? " (MTU 65536)" : "")
            : "not run: " + abbreviate(k.note(), 40),
        ratio,
        ">= 1.0",
        ratio >= 1.0);
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** The simulation speed scenario of the congestion-control issue. */
  record Sim(double seconds, long events, double goodputBps) {
    double eventsPerSecond() {
      return events / seconds;
    }
  }

  static Sim sim() {
    ComparisonSpec spec =
        ComparisonSpec.of(List.of(new FlowSpec("cubic", 50, Duration.ZERO)))
            .withRateMbps(100)
            .withLoss(0.01)
            .withDuration(Duration.ofSeconds(60));
    CongestionRegistry registry = CongestionRegistry.discover();
    Comparison.run(spec.withDuration(Duration.ofSeconds(10)), registry); // warm-up
    long start = System.nanoTime();
    ComparisonResult r = Comparison.run(spec, registry);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Sim(seconds, r.events(), r.totalGoodputBps());
  }

  private static void printSim(Sim s) {
    System.out.printf(
        Locale.ROOT,
        "60 s of one CUBIC flow (100 Mbit/s, 50 ms RTT, 1%% loss): %.3f s of wall time in a warm"
            + " JVM, %,d events, %,.0f events/s, %.2f Mbit/s goodput%n",
        s.seconds(),
        s.events(),
        s.eventsPerSecond(),
        s.goodputBps() / 1e6);
  }

  private static void print(List<Row> rows, boolean json) {
    if (json) {
      StringBuilder sb = new StringBuilder("[");
      for (Row r : rows) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "{\"part\":\"%s\",\"jtcp\":\"%s\",\"kernel\":\"%s\",\"ratio\":%s,\"target\":\"%s\","
                    + "\"met\":%b}",
                r.part(),
                r.jtcp(),
                r.kernel().replace("\"", "'"),
                Double.isNaN(r.ratio()) ? "null" : String.format(Locale.ROOT, "%.3f", r.ratio()),
                r.target(),
                r.met()));
      }
      System.out.println(sb.append(']'));
      return;
    }
    int w0 = rows.stream().mapToInt(r -> r.part().length()).max().orElse(4);
    int w1 = Math.max(4, rows.stream().mapToInt(r -> r.jtcp().length()).max().orElse(4));
    int w2 = Math.max(6, rows.stream().mapToInt(r -> r.kernel().length()).max().orElse(6));
    String f = "%-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  %6s  %-15s %s%n";
    System.out.printf(Locale.ROOT, f, "part", "jtcp", "kernel", "ratio", "target", "");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          f,
          r.part(),
          r.jtcp(),
          r.kernel(),
          Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()),
          r.target(),
          verdict(r));
    }
  }

  /**
   * A ratio target whose kernel side could not run (no iperf3, not root) is unjudged, not missed.
   */
  static String verdict(Row r) {
    if (r.met()) {
      return "met";
    }
    return Double.isNaN(r.ratio()) && r.target().startsWith(">=") ? "not run" : "not met";
  }
}
