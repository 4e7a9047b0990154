package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimTransferCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** The raw JSON text of {@code key}'s value: a number, a boolean, null or a quoted string. */
  private static String field(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(\"[^\"]*\"|[^,}]*)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return m.group(1);
  }

  @Test
  void json_isOneObjectWithTheIssuesFields() {
    assertEquals(
        0,
        run("sim", "transfer", "--bytes", "64KiB", "--rtt", "10", "--cc", "reno", "--json"),
        err.toString());
    String json = out.toString().strip();
    assertEquals(1, json.lines().count(), json);
    assertTrue(json.startsWith("{\"bytes\":65536,"), json);
    assertEquals("65536", field(json, "bytes_received"));
    assertEquals("true", field(json, "match"));
    assertEquals("1", field(json, "seed"));
    assertEquals(field(json, "sent_sha256"), field(json, "received_sha256"));
    assertTrue(field(json, "sent_sha256").matches("\"[0-9a-f]{64}\""), json);
    double seconds = Double.parseDouble(field(json, "sim_seconds"));
    long goodput = Long.parseLong(field(json, "goodput_bps"));
    assertEquals(65536 * 8 / seconds, goodput, 1);
    for (String key :
        List.of("segments_sent", "retransmissions", "fast_retransmits", "rto_retransmits")) {
      assertTrue(field(json, key).matches("\\d+"), key + " in " + json);
    }
    assertEquals("null", field(json, "failure"));
    assertEquals(
        "\"jtcp sim transfer --bytes 65536 --cc reno --rtt 10 --rate 100 --seed 1\"",
        field(json, "command"));
    assertEquals("\"reno\"", field(json, "cc"));
    assertTrue(json.contains("\"sender\":{\"state\":\"TIME-WAIT\","), json);
    assertTrue(json.contains("\"receiver\":{\"state\":\"CLOSED\","), json);
    assertEquals("", err.toString());
  }

  @Test
  void human_alignsOneLinePerFact() {
    assertEquals(
        0,
        run("sim", "transfer", "--bytes", "20000", "--rtt", "10", "--loss", "0%", "--cc", "reno"),
        err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals("transfer      19.5 KiB (20000 bytes), seed 1", lines.get(0));
    assertEquals(
        "path          RTT 10 ms, 100 Mbit/s, queue 100 packets; no impairment", lines.get(1));
    for (String label :
        List.of("duration", "goodput", "segments", "retransmitted", "SACK", "network")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(label + " ")), label + " in " + lines);
    }
    assertEquals("cc            reno", lines.get(2));
    assertTrue(lines.getLast().equals("match         yes"), lines.getLast());
    String sent =
        lines.stream().filter(l -> l.startsWith("sha256 sent ")).findFirst().orElseThrow();
    String recv =
        lines.stream().filter(l -> l.startsWith("sha256 recv ")).findFirst().orElseThrow();
    assertEquals(sent.substring(14), recv.substring(14, 14 + 64));
  }

  @Test
  void impairments_areDescribedAndReplayable() {
    assertEquals(
        0,
        run(
            "sim",
            "transfer",
            "--bytes",
            "8KiB",
            "--rtt",
            "5",
            "--burst-loss",
            "1%,2",
            "--duplicate",
            "5%",
            "--jitter",
            "1",
            "--seed",
            "3",
            "--cc",
            "newreno",
            "--json"),
        err.toString());
    String json = out.toString();
    assertEquals(
        "\"jtcp sim transfer --bytes 8192 --cc newreno --rtt 5 --rate 100 --burst-loss 0.01,2"
            + " --duplicate 0.05 --jitter 1 --seed 3\"",
        field(json, "command"));
    assertEquals("0.05", field(json, "duplicate"));
    assertEquals("3", field(json, "seed"));
  }

  @Test
  void failure_exitsOneWithOneSentenceAndStillPrintsTheSummary() {
    assertEquals(
        1, run("sim", "transfer", "--bytes", "1000", "--loss", "100%", "--cc", "reno", "--json"));
    assertEquals("false", field(out.toString(), "match"));
    assertEquals("false", field(out.toString(), "ok"));
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("jtcp sim transfer: the client's connection failed: "), message);
    assertTrue(
        message.endsWith(
            "the client wrote 0 of 1000 bytes and is CLOSED; the server accepted no connection."),
        message);
  }

  @Test
  void timeLimit_isAFailure() {
    assertEquals(
        1,
        run(
            "sim",
            "transfer",
            "--bytes",
            "1000",
            "--loss",
            "1",
            "--time-limit",
            "2",
            "--cc",
            "reno"));
    assertTrue(
        err.toString().contains("did not finish within 2 s of simulated time"), err.toString());
    assertTrue(
        out.toString().contains("failure       the transfer did not finish"), out.toString());
  }

  @Test
  void badProbability_isAUsageErrorNamingTheOptionAndTheForms() {
    assertEquals(2, run("sim", "transfer", "--loss", "2"));
    assertTrue(err.toString().contains("--loss"), err.toString());
    assertTrue(err.toString().contains("0.02 or 2%"), err.toString());
  }

  @Test
  void badSize_isAUsageErrorNamingTheOptionAndTheForms() {
    assertEquals(2, run("sim", "transfer", "--bytes", "8M"));
    assertTrue(err.toString().contains("--bytes"), err.toString());
    assertTrue(err.toString().contains("64KiB, 8MiB"), err.toString());
  }

  @Test
  void badBurstLossRttAndQueue_areUsageErrors() {
    assertEquals(2, run("sim", "transfer", "--burst-loss", "2%"));
    assertTrue(err.toString().contains("--burst-loss"), err.toString());
    assertEquals(2, run("sim", "transfer", "--rtt", "-1"));
    assertTrue(
        err.toString().contains("--rtt takes milliseconds from 0 to 3600000; got -1"),
        err.toString());
    assertEquals(2, run("sim", "transfer", "--queue", "0"));
    assertTrue(err.toString().contains("--queue takes a number of packets >= 1"), err.toString());
  }

  @Test
  void sysctl_setsAKnobOfBothStacks() {
    assertEquals(
        0,
        run(
            "sim",
            "transfer",
            "--bytes",
            "1000",
            "--sysctl",
            "tcp_sack=0",
            "--seed",
            "-7",
            "--cc",
            "reno",
            "--json"),
        err.toString());
    assertEquals("false", field(out.toString(), "sack"));
    assertEquals("-7", field(out.toString(), "seed"));
    assertTrue(out.toString().contains("--sysctl tcp_sack=0 --seed -7"), out.toString());
  }

  @Test
  void badSysctl_isAUsageErrorNamingTheKnownOnes() {
    assertEquals(2, run("sim", "transfer", "--sysctl", "tcp_frobnicate=1"));
    assertTrue(err.toString().contains("unknown sysctl 'tcp_frobnicate'"), err.toString());
    assertTrue(err.toString().contains("net.ipv4.tcp_sack"), err.toString());
    assertEquals(2, run("sim", "transfer", "--sysctl", "tcp_sack"));
    assertTrue(err.toString().contains("--sysctl takes NAME=VALUE"), err.toString());
  }

  @Test
  void cc_reno_isReportedInTheTextAndTheJson() {
    assertEquals(0, run("sim", "transfer", "--bytes", "10000", "--cc", "reno"), err.toString());
    assertTrue(out.toString().contains("\ncc            reno\n"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(
        0, run("sim", "transfer", "--bytes", "10000", "--cc", "newreno", "--json"), err.toString());
    assertEquals("\"newreno\"", field(out.toString(), "cc"));
    assertTrue(out.toString().contains("\"congestion_control\":\"newreno\""), out.toString());
  }

  @Test
  void cc_unknown_isAUsageErrorListingTheAvailableOnes() {
    assertEquals(2, run("sim", "transfer", "--cc", "vegas"));
    String e = err.toString();
    assertTrue(e.contains("--cc: unknown congestion control 'vegas'; available: "), e);
    assertTrue(e.contains("newreno, reno"), e);
  }

  @Test
  void cc_defaultsToCubic_asLinuxDoes() {
    int code = run("sim", "transfer", "--bytes", "10000", "--json");
    if (io.jtcp.core.congestion.CongestionRegistry.discover().contains("cubic")) {
      assertEquals(0, code, err.toString());
      assertEquals("\"cubic\"", field(out.toString(), "cc"));
      assertTrue(field(out.toString(), "command").contains("--cc cubic"), out.toString());
    } else {
      // Until tcp-congestion registers cubic, the default names it and fails as any unknown does.
      assertEquals(2, code, out.toString());
      assertTrue(
          err.toString().contains("--cc: unknown congestion control 'cubic'"), err.toString());
    }
  }

  @Test
  void theSysctl_selectsTheAlgorithmToo_butMayNotContradictCc() {
    assertEquals(
        0,
        run(
            "sim",
            "transfer",
            "--bytes",
            "10000",
            "--sysctl",
            "tcp_congestion_control=newreno",
            "--json"),
        err.toString());
    assertEquals("\"newreno\"", field(out.toString(), "cc"));
    assertTrue(
        field(out.toString(), "command").contains("--cc newreno --rtt"),
        "--cc replays it, without a --sysctl that says the same: " + out);
    assertFalse(out.toString().contains("--sysctl"), out.toString());
    assertEquals(
        2,
        run(
            "sim",
            "transfer",
            "--cc",
            "reno",
            "--sysctl",
            "net.ipv4.tcp_congestion_control=newreno"));
    assertTrue(
        err.toString()
            .contains(
                "--cc reno and --sysctl tcp_congestion_control=newreno name different algorithms"),
        err.toString());
  }

  @Test
  void traceCsvAndPlot_followTheOneFlow(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("t.csv");
    Path svg = dir.resolve("t.svg");
    assertEquals(
        0,
        run(
            "sim",
            "transfer",
            "--bytes",
            "1MiB",
            "--cc",
            "reno",
            "--interval",
            "50",
            "--trace-csv",
            csv.toString(),
            "--plot",
            svg.toString()),
        err.toString());
    List<String> rows = Files.readAllLines(csv);
    assertEquals(TraceCsv.HEADER, rows.getFirst());
    assertTrue(
        out.toString().contains("trace csv     " + csv + " (" + (rows.size() - 1) + " rows)"));
    assertTrue(out.toString().contains("plot          " + svg + "\n"), out.toString());
    assertEquals("0,1,reno,0,,1,,0,SYN-SENT", rows.get(1), "the SYN is in flight at 0");
    assertTrue(rows.get(2).startsWith("0.05,1,reno,"), rows.get(2));
    assertTrue(rows.getLast().contains(",1048576,"), "the end: every byte read: " + rows.getLast());
    String plot = Files.readString(svg);
    assertTrue(plot.contains(">flow 1: reno, RTT 50 ms</text>"), plot);
    assertTrue(plot.contains("<title>reno: 1 MiB in one transfer</title>"), plot);
  }

  @Test
  void traceCsv_inADirectoryThatDoesNotExist_isAUsageError(@TempDir Path dir) {
    assertEquals(2, run("sim", "transfer", "--trace-csv", dir.resolve("no/such/t.csv").toString()));
    assertTrue(
        err.toString().contains("--trace-csv takes a file in an existing directory"),
        err.toString());
  }

  @Test
  void sim_withoutACommand_listsTransferAndCompare() {
    assertEquals(2, run("sim"));
    assertTrue(err.toString().contains("compare"), err.toString());
    assertTrue(err.toString().contains("transfer"), err.toString());
    assertTrue(err.toString().contains("jtcp sim needs a command"), err.toString());
  }

  @Test
  void help_showsTheExamples() {
    assertEquals(0, run("sim", "transfer", "--help"));
    assertTrue(out.toString().contains("--burst-loss=P,LEN"), out.toString());
    assertTrue(out.toString().contains("jtcp sim transfer --bytes 8MiB --loss 1%"), out.toString());
  }
}
