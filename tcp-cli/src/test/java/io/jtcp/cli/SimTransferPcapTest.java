package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/**
 * {@code jtcp sim transfer --pcap} on an impaired path: tshark, checksums validated, finds no bad
 * checksum and no malformed packet, and its expert analysis sees what the simulator did to the path
 * (retransmissions, duplicate ACKs) exactly where the engine counted them.
 */
class SimTransferPcapTest {
  @Test
  void tsharkReadsALossyTransfer_andSeesItsRetransmissions(@TempDir Path dir) throws Exception {
    boolean tshark = onPath("tshark");
    if (!tshark && "true".equals(System.getenv("CI"))) {
      fail("tshark is not on the PATH; CI must run this test (.ci/run installs tshark)");
    }
    assumeTrue(tshark, "tshark is not on the PATH (apt-get install tshark)");
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
        tshark(
            file,
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
            "-Y",
            "tcp.checksum.status == 0 || ip.checksum.status == 0 || _ws.malformed");
    assertEquals("", bad.strip(), "bad checksums or malformed frames");
    String resent =
        tshark(file, "-Y", "tcp.analysis.retransmission || tcp.analysis.fast_retransmission");
    assertTrue(
        resent.lines().count() > 0,
        "tshark's expert analysis flags the retransmissions the engine made");
    String dupAcks = tshark(file, "-Y", "tcp.analysis.duplicate_ack");
    assertTrue(dupAcks.lines().count() > 0, "and the receiver's duplicate ACKs");
  }

  private static String tshark(Path file, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
    assertEquals(0, p.exitValue(), text);
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
