package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtcp sim transfer --pcap} on an impaired path: tshark, checksums validated, finds no bad
 * checksum and no malformed packet, and its expert analysis sees what the simulator did to the path
 * (retransmissions, duplicate ACKs) exactly where the engine counted them.
 */
class SimTransferPcapTest {
  @Test
  void tsharkReadsALossyTransfer_andSeesItsRetransmissions(@TempDir Path dir) throws Exception {
    Tshark.require();
    Path file = dir.resolve("lossy.pcap");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "sim",
            "transfer",
            "--bytes",
            "512KiB",
            "--loss",
            "3%",
            "--cc",
            "reno",
            "--seed",
            "7",
            "--pcap",
            file.toString(),
            "--json");
    assertEquals(0, code, err.toString());
    String json = out.toString();
    assertTrue(err.toString().contains("frames captured in"), err.toString());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"retransmissions\":(\\d+)").matcher(json);
    assertTrue(m.find(), json);
    int retransmitted = Integer.parseInt(m.group(1)); // the first is the run's: the sender's
    assertTrue(retransmitted > 0, "3% loss makes retransmissions: " + json);

    String bad =
        Tshark.read(
            file,
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
            "-Y",
            "tcp.checksum.status == 0 || ip.checksum.status == 0 || _ws.malformed");
    assertEquals("", bad.strip(), "bad checksums or malformed frames");
    String resent =
        Tshark.read(file, "-Y", "tcp.analysis.retransmission || tcp.analysis.fast_retransmission");
    assertTrue(
        resent.lines().count() > 0,
        "tshark's expert analysis flags the retransmissions the engine made");
    String dupAcks = Tshark.read(file, "-Y", "tcp.analysis.duplicate_ack");
    assertTrue(dupAcks.lines().count() > 0, "and the receiver's duplicate ACKs");
  }
}
