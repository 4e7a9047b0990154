package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
        0, run("sim", "transfer", "--bytes", "64KiB", "--rtt", "10", "--json"), err.toString());
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
        "\"jtcp sim transfer --bytes 65536 --rtt 10 --rate 100 --seed 1\"", field(json, "command"));
    assertTrue(json.contains("\"sender\":{\"state\":\"TIME-WAIT\","), json);
    assertTrue(json.contains("\"receiver\":{\"state\":\"CLOSED\","), json);
    assertEquals("", err.toString());
  }

  @Test
  void human_alignsOneLinePerFact() {
    assertEquals(
        0,
        run("sim", "transfer", "--bytes", "20000", "--rtt", "10", "--loss", "0%"),
        err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals("transfer      19.5 KiB (20000 bytes), seed 1", lines.get(0));
    assertEquals(
        "path          RTT 10 ms, 100 Mbit/s, queue 100 packets; no impairment", lines.get(1));
    for (String label :
        List.of("duration", "goodput", "segments", "retransmitted", "SACK", "network")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(label + " ")), label + " in " + lines);
    }
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
            "--json"),
        err.toString());
    String json = out.toString();
    assertEquals(
        "\"jtcp sim transfer --bytes 8192 --rtt 5 --rate 100 --burst-loss 0.01,2 --duplicate"
            + " 0.05 --jitter 1 --seed 3\"",
        field(json, "command"));
    assertEquals("0.05", field(json, "duplicate"));
    assertEquals("3", field(json, "seed"));
  }

  @Test
  void failure_exitsOneWithOneSentenceAndStillPrintsTheSummary() {
    assertEquals(1, run("sim", "transfer", "--bytes", "1000", "--loss", "100%", "--json"));
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
    assertEquals(1, run("sim", "transfer", "--bytes", "1000", "--loss", "1", "--time-limit", "2"));
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
  void sim_withoutACommand_listsTransfer() {
    assertEquals(2, run("sim"));
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
