package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** Copies a capture from the test resources to a file (the command reads files). */
  private Path resource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in =
        Objects.requireNonNull(getClass().getResourceAsStream("/trace/" + name), name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void kernelCapture_ladderLineByLine() throws IOException {
    Path pcap = resource("kernel-half-close.pcap");
    assertEquals(0, run("trace", pcap.toString()), err.toString());
    String[] expected = {
      "connection 1: 192.0.2.1:35318 -> 192.0.2.2:7000 (client -> server), 10 segments in 0.218"
          + " ms, from 2026-11-22 09:56:01.988420 UTC",
      "time (ms)  client 192.0.2.1:35318                                                         "
          + "                                server 192.0.2.2:7000",
      "           CLOSED                                                                         "
          + "                                LISTEN",
      "    0.000  SYN-SENT                -- SYN seq=0 win=64240 mss=1460 ws=10 sack_perm"
          + " ts=2297627709/0 -->                    SYN-RECEIVED",
      "    0.025  ESTABLISHED             <-- SYN,ACK seq=0 ack=1 win=65160 mss=1460 ws=10"
          + " sack_perm ts=732703916/2297627709 --  SYN-RECEIVED",
      "    0.039  ESTABLISHED             -- ACK seq=1 ack=1 win=64512 ts=2297627709/732703916"
          + " -->                               ESTABLISHED",
      "    0.074  ESTABLISHED             -- ACK seq=1 ack=1 win=64512 len=14"
          + " ts=2297627709/732703916 -->                        ESTABLISHED",
      "    0.081  ESTABLISHED             <-- ACK seq=1 ack=15 win=65536 ts=732703916/2297627709"
          + " --                              ESTABLISHED",
      "    0.091  FIN-WAIT-1              -- FIN,ACK seq=15 ack=1 win=64512"
          + " ts=2297627709/732703916 -->                          CLOSE-WAIT",
      "    0.175  FIN-WAIT-2              <-- ACK seq=1 ack=16 win=65536 len=14"
          + " ts=732703916/2297627709 --                       CLOSE-WAIT",
      "    0.191  FIN-WAIT-2              -- ACK seq=16 ack=15 win=64512 ts=2297627709/732703916"
          + " -->                             CLOSE-WAIT",
      "    0.211  TIME-WAIT               <-- FIN,ACK seq=15 ack=16 win=65536"
          + " ts=732703916/2297627709 --                         LAST-ACK",
      "    0.218  TIME-WAIT               -- ACK seq=16 ack=16 win=64512 ts=2297627709/732703916"
          + " -->                             CLOSED",
      "",
      pcap + ": 10 packets, 10 TCP segments in 1 connection"
    };
    List<String> lines = out.toString().lines().toList();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], lines.get(i), "line " + (i + 1));
    }
    assertEquals(expected.length, lines.size(), out.toString());
  }

  @Test
  void absolute_showsNumbersAsSentAndTheClockOfDay() throws IOException {
    Path pcap = resource("kernel-half-close.pcap");
    assertEquals(0, run("trace", "--absolute", pcap.toString()), err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(1).startsWith("     time (UTC)  client 192.0.2.1:35318"), lines.get(1));
    assertTrue(
        lines.get(3).matches("09:56:01\\.988420  SYN-SENT +-- SYN seq=\\d+ win=64240 .*"),
        lines.get(3));
    assertTrue(!lines.get(3).contains("seq=0 "), lines.get(3));
  }

  @Test
  void connection_picksOneByNumber() throws IOException {
    Path pcap = resource("kernel-syn-retransmit.pcap");
    assertEquals(0, run("trace", pcap.toString(), "--connection", "2"), err.toString());
    String text = out.toString();
    assertTrue(text.startsWith("connection 2: 192.0.2.1:57384 -> 192.0.2.2:7005"), text);
    assertTrue(!text.contains("connection 1:"), text);
    assertEquals(2, text.lines().filter(l -> l.endsWith("  retransmission")).count(), text);
    assertTrue(text.endsWith(": 23 packets, 23 TCP segments in 2 connections\n"), text);
  }

  @Test
  void connection_beyondTheLast_isOneLineAndExitOne() throws IOException {
    Path pcap = resource("kernel-half-close.pcap");
    assertEquals(1, run("trace", pcap.toString(), "--connection", "5"));
    assertEquals(
        "jtcp: " + pcap + " holds 1 TCP connection; there is no connection 5\n", err.toString());
  }

  @Test
  void connection_zero_isAUsageError() throws IOException {
    assertEquals(
        2, run("trace", resource("kernel-half-close.pcap").toString(), "--connection", "0"));
    assertTrue(err.toString().contains("--connection counts from 1"), err.toString());
  }

  @Test
  void notAPcapFile_isOneLineAndExitOne() throws IOException {
    Path bad = dir.resolve("notes.txt");
    Files.writeString(bad, "these are not packets, only words about them\n");
    assertEquals(1, run("trace", bad.toString()));
    assertEquals(
        "jtcp: at byte offset 0: "
            + bad
            + " is not a pcap file: magic number 0x74686573 is neither 0xa1b2c3d4 nor 0xa1b23c4d"
            + " in either byte order\n",
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void missingFileAndDirectory_areOneLineEach() {
    assertEquals(1, run("trace", dir.resolve("nothing.pcap").toString()));
    assertEquals("jtcp: no such file: " + dir.resolve("nothing.pcap") + "\n", err.toString());
    err.getBuffer().setLength(0);
    assertEquals(1, run("trace", dir.toString()));
    assertEquals("jtcp: " + dir + " is a directory, not a capture file\n", err.toString());
  }

  @Test
  void cutFile_tracesWhatItHasThenFailsWithTheOffset() throws IOException {
    Path whole = resource("kernel-half-close.pcap");
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 20));
    assertEquals(1, run("trace", cut.toString()));
    assertTrue(out.toString().contains("9 segments"), out.toString());
    String e = err.toString();
    assertTrue(e.startsWith("jtcp: " + cut + " is damaged at byte offset "), e);
    assertTrue(e.endsWith("; the 9 records before it are traced\n"), e);
    assertEquals(1, e.lines().count(), e);
  }

  @Test
  void demoCapture_tracesAsTheDemoDrawsIt() throws IOException {
    Path pcap = dir.resolve("demo.pcap");
    assertEquals(0, run("demo", "--isn", "100:300", "--pcap", pcap.toString()), err.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("trace", "--absolute", pcap.toString()), err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).startsWith("connection 1: 192.0.2.1:"), lines.get(0));
    String[] expected = {
      "00:00:00.000000000  SYN-SENT +-- SYN seq=100 win=65535 mss=1460 ws=7 sack_perm ts=\\d+/0"
          + " --> +SYN-RECEIVED",
      "00:00:00.020000000  ESTABLISHED +<-- SYN,ACK seq=300 ack=101 win=65535 .* -- +SYN-RECEIVED",
      "00:00:00.020000000  ESTABLISHED +-- ACK seq=101 ack=301 win=131072 ts=\\S+ --> +ESTABLISHED",
      "00:00:00.020000000  ESTABLISHED +-- ACK seq=101 ack=301 win=131072 len=14 .*-->"
          + " +ESTABLISHED",
      "00:00:00.040000000  ESTABLISHED +<-- ACK seq=301 ack=115 win=131072 ts=\\S+ -- +ESTABLISHED",
      "00:00:00.040000000  ESTABLISHED +<-- ACK seq=301 ack=115 win=131072 len=14 .*--"
          + " +ESTABLISHED",
      "00:00:00.040000000  FIN-WAIT-1 +-- FIN,ACK seq=115 ack=315 .*--> +CLOSE-WAIT",
      "00:00:00.060000000  FIN-WAIT-2 +<-- ACK seq=315 ack=116 .*-- +CLOSE-WAIT",
      "00:00:00.060000000  TIME-WAIT +<-- FIN,ACK seq=315 ack=116 .*-- +LAST-ACK",
      "00:00:00.060000000  TIME-WAIT +-- ACK seq=116 ack=316 .*--> +CLOSED",
    };
    assertTrue(lines.get(2).matches(" +CLOSED +LISTEN"), lines.get(2));
    for (int i = 0; i < expected.length; i++) {
      assertTrue(
          lines.get(i + 3).matches(expected[i]), "line " + (i + 4) + ": " + lines.get(i + 3));
    }
  }

  @Test
  void svg_isWellFormedWithOneArrowPerSegment() throws Exception {
    Path pcap = resource("kernel-syn-retransmit.pcap");
    Path svg = dir.resolve("ladder.svg");
    assertEquals(0, run("trace", pcap.toString(), "--svg", svg.toString()), err.toString());
    assertEquals("jtcp trace: 2 connections drawn in " + svg + "\n", err.toString());
    var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    var doc = factory.newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
    assertEquals("23", xpath.evaluate("count(//*[local-name()='line'][@class='arrow'])", doc));
    assertEquals("2", xpath.evaluate("count(//*[local-name()='g'][@class='connection'])", doc));
    // The three SYNs of connection 2's retransmissions are drawn dashed in vermillion.
    assertEquals(
        "2",
        xpath.evaluate(
            "count(//*[local-name()='line'][@class='arrow'][@stroke-dasharray='6 3'])", doc));
    assertTrue(
        xpath
            .evaluate(
                "string(//*[local-name()='g'][@data-frame='1']/*[local-name()='text'][2])", doc)
            .startsWith("SYN seq=0 win=64240 mss=1460"));
  }

  @Test
  void captureStartingAfterTheHandshake_unknownStatesThenEstablished() throws IOException {
    Path mid = dir.resolve("mid.pcap");
    try (var r = io.jtcp.io.pcap.PcapReader.open(resource("kernel-half-close.pcap"));
        var w =
            io.jtcp.io.pcap.PcapWriter.open(
                mid, io.jtcp.io.pcap.TimestampResolution.MICROSECONDS, r.linkType())) {
      int n = 0;
      for (io.jtcp.io.pcap.PcapRecord rec; (rec = r.next()) != null; ) {
        if (++n > 3) {
          w.write(rec.timestampNanos(), rec.data());
        }
      }
    }
    assertEquals(0, run("trace", mid.toString()), err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(
        lines.get(0).startsWith("connection 1: 192.0.2.1:35318 -> 192.0.2.2:7000, 7"),
        lines.get(0));
    assertTrue(
        lines.get(1).contains("states before the first segment are unknown (?)"), lines.get(1));
    assertTrue(lines.get(2).contains("win= is the window field as sent"), lines.get(2));
    assertTrue(
        lines.get(3).matches("time \\(ms\\)  192\\.0\\.2\\.1:35318 +192\\.0\\.2\\.2:7000"),
        lines.get(3));
    assertTrue(lines.get(4).matches(" +\\? +\\?"), lines.get(4));
    assertTrue(
        lines
            .get(5)
            .matches(" +0\\.000  ESTABLISHED +-- ACK seq=1 ack=1 win=63 len=14 .*--> +ESTABLISHED"),
        lines.get(5));
    assertTrue(
        lines.get(7).matches(".*FIN-WAIT-1 +-- FIN,ACK seq=15 ack=1 .* CLOSE-WAIT"), lines.get(7));
  }

  @Test
  void help_saysWhatAbsoluteChanges() {
    assertEquals(0, run("trace", "--help"));
    String help = out.toString().replaceAll("\\s+", " ");
    assertTrue(help.contains("--absolute"), help);
    assertTrue(help.contains("times as the capture's clock of day (UTC)"), help);
    assertTrue(help.contains("relative to each side's initial sequence number"), help);
  }
}
