package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.io.pcap.LinkType;
import io.jtcp.io.pcap.PcapReader;
import io.jtcp.io.pcap.PcapRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    Tshark.require();
    Path file = demo(dir);
    String all = Tshark.read(file, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE");
    assertEquals(
        out.toString().lines().filter(l -> l.contains("--")).count(), all.lines().count(), all);
    String bad =
        Tshark.read(
            file,
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
            "-Y",
            "tcp.checksum.status == 0 || ip.checksum.status == 0 || _ws.malformed"
                + " || _ws.expert.severity >= error");
    assertEquals("", bad.strip(), "frames tshark finds bad or malformed");
    String analysed =
        Tshark.read(file, "-o", "tcp.check_checksum:TRUE", "-Y", "tcp.analysis.flags");
    assertEquals("", analysed.strip(), "retransmissions, duplicate ACKs or lost segments");
  }
}
