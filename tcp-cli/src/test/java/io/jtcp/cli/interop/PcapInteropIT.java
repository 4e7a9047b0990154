package io.jtcp.cli.interop;

import static io.jtcp.cli.interop.Sandbox.JTCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtcp on a veth endpoint through libpcap ({@code --link pcap:IFACE}) against the Linux kernel's
 * TCP on the other end, in a namespace of each test's own: curl and python3's http.server on the
 * kernel's side, the {@code jtcp} jar on the other, 16 MiB each way compared by SHA-256. The jtcp
 * end has no kernel address; jtcp is 192.0.2.2 there, with a MAC address of its own.
 */
class PcapInteropIT {
  static final int MIB = 1 << 20;
  static final String KERNEL_END = "vkernel";
  static final String JTCP_END = "vjtcp";
  static final String LINK = "pcap:" + JTCP_END;

  @TempDir static Path dir;
  static Path medium;

  @BeforeAll
  static void files() throws IOException {
    Sandbox.requireCapable("ip", "ss", "curl", "python3", "ping");
    requireLibpcap();
    medium = dir.resolve("medium.bin");
    SplittableRandom r = new SplittableRandom(7);
    byte[] block = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(medium)) {
      for (int i = 0; i < 16; i++) {
        r.nextBytes(block);
        out.write(block);
      }
    }
  }

  /** The jar loads libpcap itself; without it every test here would fail for that one reason. */
  private static void requireLibpcap() throws IOException {
    Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
    String libraries = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (libraries.contains("libpcap.so")) {
      return;
    }
    String why = "the pcap interop tests need libpcap (apt-get install libpcap0.8)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; CI must run them (.ci/run installs it)");
    }
    Assumptions.abort(why);
  }

  @Test
  void curl_downloads16MiB_fromJtcpListenServe_overPcap() throws IOException {
    try (Sandbox s = Sandbox.createVeth(KERNEL_END, JTCP_END)) {
      Transfers.curlFromJtcp(s, medium, LINK);
    }
  }

  @Test
  void jtcpGet_downloads16MiB_fromPythonHttpServer_overPcap() throws IOException {
    try (Sandbox s = Sandbox.createVeth(KERNEL_END, JTCP_END)) {
      Transfers.jtcpFromPython(s, medium, LINK);
    }
  }

  @Test
  void ping_isAnswered_overPcap() {
    try (Sandbox s = Sandbox.createVeth(KERNEL_END, JTCP_END)) {
      Sandbox.Proc server =
          s.jtcp("listen", "8080", "--link", LINK, "--ip", JTCP + "/24", "--discard");
      server.awaitStderr("listening on");
      Sandbox.Result ping = s.tryRun("ping", "-c", "3", "-i", "0.2", "-W", "2", JTCP);
      assertEquals(0, ping.exit(), ping.all());
      assertTrue(ping.stdout().contains("3 received"), ping.all());
    }
  }

  /** A wrong interface name is one sentence that names it, and exit status 1. */
  @Test
  void anAbsentInterface_isOneSentence() {
    try (Sandbox s = Sandbox.createVeth(KERNEL_END, JTCP_END)) {
      Sandbox.Result r =
          s.jtcp("listen", "8080", "--link", "pcap:absent0", "--ip", JTCP + "/24", "--discard")
              .finish();
      assertEquals(1, r.exit(), r.all());
      assertTrue(
          r.stderr().startsWith("jtcp: no interface named absent0 in this network namespace"),
          r.all());
    }
  }
}
