package io.jtcp.cli.interop;

import static io.jtcp.cli.interop.Sandbox.JTCP;
import static io.jtcp.cli.interop.Sandbox.KERNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jtcp against the Linux kernel's TCP, in both directions, on a TAP (and a TUN) device in a
 * namespace of each test's own: curl and python3's http.server on the kernel's side, the {@code
 * jtcp} jar on the other, file contents compared by SHA-256.
 */
class KernelInteropIT {
  static final int MIB = 1 << 20;

  @TempDir static Path dir;
  static Path big;
  static Path medium;

  @BeforeAll
  static void files() throws IOException {
    Sandbox.requireCapable("ip", "ss", "curl", "python3", "socat", "ping", "sysctl", "tshark");
    big = file("big.bin", 64 * MIB, 1);
    medium = file("medium.bin", 16 * MIB, 2);
  }

  private static Path file(String name, int size, long seed) throws IOException {
    Path p = dir.resolve(name);
    SplittableRandom r = new SplittableRandom(seed);
    byte[] block = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(p)) {
      for (int i = 0; i < size / MIB; i++) {
        r.nextBytes(block);
        out.write(block);
      }
    }
    return p;
  }

  @Test
  void curl_downloads64MiB_fromJtcpListenServe_overTap() throws IOException {
    try (Sandbox s = Sandbox.create("tap")) {
      Transfers.curlFromJtcp(s, big, "tap:" + Sandbox.DEVICE);
    }
  }

  @Test
  void jtcpGet_downloads64MiB_fromPythonHttpServer_overTap() throws IOException {
    try (Sandbox s = Sandbox.create("tap")) {
      Transfers.jtcpFromPython(s, big, "tap:" + Sandbox.DEVICE);
    }
  }

  @Test
  void bothDirections_overTun() throws Exception {
    try (Sandbox s = Sandbox.create("tun")) {
      Path capture = dir.resolve("tun-" + s.name + ".pcap");
      Transfers.curlFromJtcp(s, medium, "tun:" + Sandbox.DEVICE, "--pcap", capture.toString());
      Transfers.jtcpFromPython(s, medium, "tun:" + Sandbox.DEVICE);
      // What jtcp put on the wire, as tshark sees it with checksum validation on.
      Process p =
          new ProcessBuilder(
                  "tshark",
                  "-n",
                  "-r",
                  capture.toString(),
                  "-o",
                  "tcp.check_checksum:TRUE",
                  "-Y",
                  "tcp.checksum.status == 0 || ip.checksum.status == 0 || _ws.malformed")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String bad =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), bad);
      assertEquals("", bad.strip(), "frames with bad checksums or malformed");
      assertTrue(Files.size(capture) > medium.toFile().length(), "the capture holds the 16 MiB");
    }
  }

  @Test
  void jtcpConnectSend_intoSocat_deliversEveryByte() throws IOException {
    try (Sandbox s = Sandbox.create("tap")) {
      Path got = dir.resolve("socat-" + s.name);
      Sandbox.Proc socat =
          s.start(
              "socat",
              "-u",
              "TCP-LISTEN:9000,bind=" + KERNEL + ",reuseaddr",
              "OPEN:" + got + ",creat,trunc");
      s.awaitListening(9000, socat);
      Sandbox.Result send =
          s.jtcp(
                  "connect",
                  KERNEL,
                  "9000",
                  "--link",
                  "tap:" + Sandbox.DEVICE,
                  "--ip",
                  JTCP + "/24",
                  "--send",
                  medium.toString())
              .finish();
      Sandbox.Result sock = socat.finish();
      assertEquals(0, send.exit(), send.all());
      assertEquals(0, sock.exit(), sock.all());
      assertEquals(Transfers.sha256(medium), Transfers.sha256(got));
      assertTrue(send.stderr().contains("sent " + Files.size(medium) + " bytes"), send.all());
    }
  }

  static Stream<Arguments> kernelSettings() {
    return Stream.of(
        Arguments.of("reno", "1"),
        Arguments.of("reno", "0"),
        Arguments.of("cubic", "1"),
        Arguments.of("cubic", "0"));
  }

  /**
   * The kernel with reno and cubic, and with window scaling, timestamps and SACK all on or all off:
   * 16 MiB each way.
   */
  @ParameterizedTest(name = "kernel {0}, window scaling/timestamps/SACK {1}")
  @MethodSource("kernelSettings")
  void bothDirections_withTheKernelsAlgorithmsAndOptions(String cc, String options)
      throws IOException {
    AllowedCongestionControl allowed = AllowedCongestionControl.include(cc);
    try (Sandbox s = Sandbox.create("tap")) {
      s.sysctl("net.ipv4.tcp_congestion_control", cc);
      s.sysctl("net.ipv4.tcp_window_scaling", options);
      s.sysctl("net.ipv4.tcp_timestamps", options);
      s.sysctl("net.ipv4.tcp_sack", options);
      Transfers.curlFromJtcp(s, medium, "tap:" + Sandbox.DEVICE);
      Transfers.jtcpFromPython(s, medium, "tap:" + Sandbox.DEVICE);
    } finally {
      allowed.close();
    }
  }

  @Test
  void closedPorts_areRefused_bothWays() {
    try (Sandbox s = Sandbox.create("tap")) {
      Sandbox.Proc server =
          s.jtcp(
              "listen",
              "8080",
              "--link",
              "tap:" + Sandbox.DEVICE,
              "--ip",
              JTCP + "/24",
              "--discard");
      server.awaitStderr("listening on");
      // curl 7.88 says "Couldn't connect to server" where older ones said "Connection refused";
      // the socket's own error is the unambiguous witness of the RST.
      Sandbox.Result curl = s.tryRun("curl", "-sS", "--max-time", "20", "http://" + JTCP + ":81/");
      assertEquals(7, curl.exit(), "curl exits 7 when it cannot connect: " + curl.all());
      Sandbox.Result py =
          s.tryRun(
              "python3",
              "-c",
              "import socket\n"
                  + "try:\n"
                  + "  socket.create_connection(('"
                  + JTCP
                  + "',81),timeout=10)\n"
                  + "except ConnectionRefusedError as e:\n"
                  + "  print('refused', e.errno)\n");
      assertEquals("refused 111", py.stdout(), "ECONNREFUSED from jtcp's RST: " + py.all());
      server.process.destroy(); // frees the device for the next jtcp
      server.finish();

      Sandbox.Result connect =
          s.jtcp(
                  "connect",
                  KERNEL,
                  "81",
                  "--link",
                  "tap:" + Sandbox.DEVICE,
                  "--ip",
                  JTCP + "/24",
                  "--send",
                  "/dev/null")
              .finish();
      assertNotEquals(0, connect.exit(), connect.all());
      assertTrue(
          connect.stderr().contains("connection refused by " + KERNEL + ":81"), connect.all());
    }
  }

  @Test
  void ping_isAnswered() {
    try (Sandbox s = Sandbox.create("tap")) {
      Sandbox.Proc server =
          s.jtcp(
              "listen",
              "8080",
              "--link",
              "tap:" + Sandbox.DEVICE,
              "--ip",
              JTCP + "/24",
              "--discard");
      server.awaitStderr("listening on");
      Sandbox.Result ping = s.tryRun("ping", "-c", "3", "-i", "0.2", "-W", "2", JTCP);
      assertEquals(0, ping.exit(), ping.all());
      assertTrue(ping.stdout().contains("3 received"), ping.all());
    }
  }

  /** The kernel half-closes (shutdown(SHUT_WR)) while jtcp keeps sending: nothing is lost. */
  @Test
  void kernelHalfCloses_whileJtcpKeepsSending() throws IOException {
    try (Sandbox s = Sandbox.create("tap")) {
      Sandbox.Proc echo =
          s.jtcp("listen", "7", "--link", "tap:" + Sandbox.DEVICE, "--ip", JTCP + "/24", "--echo");
      echo.awaitStderr("listening on");
      Path back = dir.resolve("echo-" + s.name);
      // The client sends on a thread of its own while it reads: an echo server's window and the
      // client's fill up otherwise, with each side waiting for the other to read.
      String script =
          "import socket,sys,threading\n"
              + "data=open(sys.argv[1],'rb').read()\n"
              + "s=socket.create_connection(('"
              + JTCP
              + "',7))\n"
              + "def up():\n"
              + "  s.sendall(data)\n"
              + "  s.shutdown(socket.SHUT_WR)\n"
              + "t=threading.Thread(target=up)\n"
              + "t.start()\n"
              + "out=open(sys.argv[2],'wb')\n"
              + "while True:\n"
              + "  b=s.recv(1<<16)\n"
              + "  if not b: break\n"
              + "  out.write(b)\n"
              + "out.close()\n"
              + "t.join()\n";
      Sandbox.Result client = s.tryRun("python3", "-c", script, medium.toString(), back.toString());
      assertEquals(0, client.exit(), client.all());
      assertEquals(
          Transfers.sha256(medium),
          Transfers.sha256(back),
          "echoed stream; jtcp: " + echo.finish().all());
    }
  }

  /** 2% of frames lost each way on jtcp's side of the device: 64 MiB still arrive intact. */
  @Test
  void twoPercentLossBothWays_64MiBStillMatch() throws IOException {
    try (Sandbox s = Sandbox.create("tap")) {
      Transfers.curlFromJtcp(s, big, "tap:" + Sandbox.DEVICE, "--loss", "2%");
      Transfers.jtcpFromPython(s, big, "tap:" + Sandbox.DEVICE, "--loss", "2%");
    }
  }
}
