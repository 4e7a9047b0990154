package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jtcp.io.pcap.LinkType;
import io.jtcp.io.pcap.PcapReader;
import io.jtcp.io.pcap.PcapRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtcp demo --pcap}: a capture that tshark reads with checksum validation on. */
class DemoPcapTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Path demo(Path dir) {
    Path file = dir.resolve("demo.pcap");
    assertEquals(
        0,
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "demo",
            "--pcap",
            file.toString()),
        err.toString());
    return file;
  }

  @Test
  void theCaptureHoldsEverySegmentOfTheLadder_inVirtualTime(@TempDir Path dir) throws IOException {
    Path file = demo(dir);
    List<PcapRecord> records = new ArrayList<>();
    try (PcapReader r = PcapReader.open(file)) {
      assertEquals(LinkType.IPV4, r.linkType());
      PcapRecord rec;
      while ((rec = r.next()) != null) {
        records.add(rec);
      }
    }
    long ladderLines = out.toString().lines().filter(l -> l.contains("--")).count();
    assertEquals(ladderLines, records.size(), "one record per segment of the ladder");
    assertEquals(0, records.getFirst().timestampNanos(), "the SYN at virtual time 0");
    assertEquals(60_000_000L, records.getLast().timestampNanos(), "the last ACK at 60 ms");
    assertTrue(err.toString().contains(records.size() + " frames captured"), err.toString());
  }

  @Test
  void tsharkFindsNoBadChecksumsAndNoMalformedPackets(@TempDir Path dir) throws Exception {
    boolean tshark = onPath("tshark");
    if (!tshark && "true".equals(System.getenv("CI"))) {
      fail("tshark is not on the PATH; CI must run this test (.ci/run installs tshark)");
    }
    assumeTrue(tshark, "tshark is not on the PATH (apt-get install tshark)");
    Path file = demo(dir);
    String all = tshark(file, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE");
    assertEquals(
        out.toString().lines().filter(l -> l.contains("--")).count(), all.lines().count(), all);
    String bad =
        tshark(
            file,
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
            "-Y",
            "tcp.checksum.status == 0 || ip.checksum.status == 0 || _ws.malformed"
                + " || _ws.expert.severity >= error");
    assertEquals("", bad.strip(), "frames tshark finds bad or malformed");
    String analysed = tshark(file, "-o", "tcp.check_checksum:TRUE", "-Y", "tcp.analysis.flags");
    assertEquals("", analysed.strip(), "retransmissions, duplicate ACKs or lost segments");
  }

  private static String tshark(Path file, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
    assertEquals(0, p.exitValue(), text);
    assertNotNull(text);
    return text;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
