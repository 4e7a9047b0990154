package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that Wireshark's reader, not only ours, accepts what we write. Skipped without tshark. */
class TsharkInteropTest {
  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && Arrays.stream(path.split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  @Test
  void tsharkReadsAWrittenFile(@TempDir Path dir) throws IOException, InterruptedException {
    boolean tshark = onPath("tshark");
    if (!tshark && "true".equals(System.getenv("CI"))) {
      fail("tshark is not on the PATH; CI must check interoperability (.ci/run installs tshark)");
    }
    assumeTrue(
        tshark,
        "tshark is not on the PATH (apt-get install tshark), so interoperability is not checked");
    Path file = dir.resolve("out.pcap");
    byte[] frame = new byte[60];
    frame[12] = 0x08; // Ethertype IPv4
    frame[14] = 0x45;
    try (PcapWriter w =
        PcapWriter.open(file, TimestampResolution.NANOSECONDS, LinkType.ETHERNET, 40)) {
      w.write(1_000_000_000L, frame);
      w.write(2_000_000_001L, frame, 0, 34);
    }
    Process p =
        new ProcessBuilder(
                "tshark",
                "-n",
                "-r",
                file.toString(),
                "-T",
                "fields",
                "-e",
                "frame.len",
                "-e",
                "frame.cap_len",
                "-e",
                "frame.time_epoch")
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size(), out);
    String[] first = lines.get(0).split("\t");
    assertEquals("60", first[0]);
    assertEquals("40", first[1]);
    assertEquals(true, first[2].startsWith("1.000000000"), first[2]);
    String[] second = lines.get(1).split("\t");
    assertEquals("34", second[0]);
    assertEquals(true, second[2].startsWith("2.000000001"), second[2]);
  }
}
