package io.jtcp.io.pcap.trace;

import static io.jtcp.io.pcap.trace.Capture.states;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jtcp.testkit.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the kernel talking to itself with tcpdump, now, and traces it: a half-closed exchange and
 * a SYN to a closed port, and a bulk transfer that loses segments to a firewall rule, on the
 * loopback of a network namespace the test creates and deletes, so no packet can leave it. Skips
 * when the machine cannot (not root, no {@code ip}, tcpdump or python3), except under CI ({@code
 * CI=true}), which must run it.
 */
class LiveKernelTraceTest {
  private static final long TIMEOUT_SECONDS = 30;

  /** Client and server on 127.0.0.1: request, half-close, answer, close; then a refused SYN. */
  private static final String CONVERSATION =
      """
      import socket, threading
      srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      srv.bind(("127.0.0.1", 7000)); srv.listen(1); srv.settimeout(20)
      def serve():
          c, _ = srv.accept(); c.settimeout(20)
          while c.recv(4096): pass
          c.sendall(b"Hello, Client!"); c.close()
      t = threading.Thread(target=serve); t.start()
      c = socket.create_connection(("127.0.0.1", 7000), timeout=20)
      c.sendall(b"Hello, Server!"); c.shutdown(socket.SHUT_WR)
      while c.recv(4096): pass
      c.close(); t.join()
      try:
          socket.create_connection(("127.0.0.1", 7001), timeout=20)
      except ConnectionRefusedError:
          print("refused")
      """;

  /**
   * 300 KB from client to server, then the server's count back. The client's MSS is 1000, so the
   * data takes about 300 segments, of which the namespace's firewall drops a few.
   */
  private static final String BULK =
      """
      import socket, threading
      srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      srv.bind(("127.0.0.1", 7000)); srv.listen(1); srv.settimeout(20)
      got = []
      def serve():
          c, _ = srv.accept(); c.settimeout(20); n = 0
          while True:
              b = c.recv(65536)
              if not b: break
              n += len(b)
          got.append(n); c.sendall(str(n).encode()); c.close()
      t = threading.Thread(target=serve); t.start()
      c = socket.socket(); c.settimeout(20)
      c.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1000)
      c.connect(("127.0.0.1", 7000))
      c.sendall(bytes(300000)); c.shutdown(socket.SHUT_WR)
      answer = b""
      while True:
          b = c.recv(4096)
          if not b: break
          answer += b
      c.close(); t.join()
      print(answer.decode())
      """;

  /**
   * Every ninth segment without SYN, FIN or RST that the client sends to port 7000 is dropped on
   * arrival: after tcpdump saw it leave on lo, before TCP got it (netem cannot load on this kernel;
   * nftables is built in, and its rules belong to the namespace).
   */
  private static final String LOSS_RULES =
      """
      table inet jtcp_loss {
        chain in {
          type filter hook input priority 0;
          tcp dport 7000 tcp flags & (syn | fin | rst) == 0 numgen inc mod 9 == 4 drop
        }
      }
      """;

  /**
   * The kernel recovering from loss, as captured: the segments it resends are marked
   * retransmissions (of the client, whose data was lost), the receiver's repeated ACKs while a hole
   * is open are dup ACKs, and the conversation still ends as a clean close.
   */
  @Test
  void tcpdumpOfTheKernelUnderLoss_marksItsRetransmissionsAndDupAcks(@TempDir Path dir)
      throws Exception {
    requireCapable(true);
    Path file = dir.resolve("loss.pcap");
    Path rules = dir.resolve("loss.nft");
    Files.writeString(rules, LOSS_RULES);
    String out =
        record(
            dir,
            file,
            BULK,
            List.of("ip", "link", "set", "lo", "mtu", "1500", "up"),
            // One packet per segment, as on a wire: lo would otherwise carry 64 KB GSO packets.
            List.of("ethtool", "-K", "lo", "tso", "off", "gso", "off", "gro", "off"),
            List.of("nft", "-f", rules.toString()));
    assertEquals("300000", out.strip(), "every byte arrived despite the loss");

    CaptureTrace t = CaptureAnalyzer.analyze(file);
    assertEquals(1, t.connections().size(), t.toString());
    ConnectionTrace c = t.connections().getFirst();
    assertEquals("127.0.0.1:7000", c.right().toString());
    long retransmitted =
        c.segments().stream()
            .filter(s -> s.marks().contains(Mark.RETRANSMISSION))
            .peek(s -> assertTrue(s.fromLeft(), "only the client's data was lost: " + s))
            .count();
    assertTrue(retransmitted >= 1, "the kernel's retransmissions are marked");
    assertTrue(
        c.segments().stream().anyMatch(s -> !s.fromLeft() && s.marks().contains(Mark.DUP_ACK)),
        "the server's ACKs while a hole was open are dup ACKs");
    List<String> states = states(c);
    assertEquals(
        KernelCaptureTest.HALF_CLOSE.getLast(),
        states.getLast(),
        "the conversation ends as a clean close: " + states);
  }

  /**
   * {@link KernelCaptureTest#HALF_CLOSE} when the client's FIN leaves before the server has ACKed
   * the request, which the kernel does now and then on a fast loopback (about one run in ten here):
   * the server's ACK of the data alone leaves the client in FIN-WAIT-1.
   */
  private static final List<String> FIN_BEFORE_THE_DATA_ACK =
      List.of(
          "CLOSED/LISTEN",
          "SYN-SENT/SYN-RECEIVED",
          "ESTABLISHED/SYN-RECEIVED",
          "ESTABLISHED/ESTABLISHED",
          "ESTABLISHED/ESTABLISHED",
          "FIN-WAIT-1/CLOSE-WAIT",
          "FIN-WAIT-1/CLOSE-WAIT",
          "FIN-WAIT-2/CLOSE-WAIT",
          "FIN-WAIT-2/CLOSE-WAIT",
          "TIME-WAIT/LAST-ACK",
          "TIME-WAIT/CLOSED");

  @Test
  void tcpdumpOfTheKernel_halfCloseAndRefusedSyn(@TempDir Path dir) throws Exception {
    requireCapable(false);
    Path file = dir.resolve("live.pcap");
    String out = record(dir, file, CONVERSATION, List.of("ip", "link", "set", "lo", "up"));
    assertEquals("refused", out.strip());

    CaptureTrace t = CaptureAnalyzer.analyze(file);
    assertEquals(2, t.connections().size(), t.toString());
    ConnectionTrace exchange = t.connections().get(0);
    assertEquals("127.0.0.1:7000", exchange.right().toString());
    List<String> states = states(exchange);
    assertTrue(
        states.equals(KernelCaptureTest.HALF_CLOSE) || states.equals(FIN_BEFORE_THE_DATA_ACK),
        "a half-close in either order the kernel may send it: " + states);
    ConnectionTrace refused = t.connections().get(1);
    assertEquals(List.of("CLOSED/CLOSED", "SYN-SENT/CLOSED", "CLOSED/CLOSED"), states(refused));
  }

  /**
   * In a network namespace created for the purpose and deleted afterwards: runs each {@code setup}
   * command, starts tcpdump on lo writing {@code file}, runs the python {@code script}, stops
   * tcpdump, and returns what the script printed.
   */
  @SafeVarargs
  private static String record(Path dir, Path file, String script, List<String>... setup)
      throws Exception {
    String ns = "jtcp-trace-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Machine.run("ip", "netns", "add", ns);
    Process tcpdump = null;
    try {
      for (List<String> command : setup) {
        Machine.run(Machine.inNamespace(ns, command.toArray(String[]::new)));
      }
      tcpdump = startTcpdump(ns, file, dir.resolve("tcpdump.err"));
      String out = Machine.run(Machine.inNamespace(ns, "python3", "-c", script));
      stop(tcpdump);
      return out;
    } finally {
      if (tcpdump != null && tcpdump.isAlive()) {
        tcpdump.destroyForcibly();
      }
      Machine.run("ip", "netns", "del", ns);
    }
  }

  /** tcpdump on the namespace's lo, writing {@code file}, once it says it is capturing. */
  private static Process startTcpdump(String ns, Path file, Path err) throws Exception {
    // -Z root: tcpdump would otherwise drop to its own user, who cannot write in a root-only
    // temporary directory. --immediate-mode -U: nothing is lost when it is stopped.
    Process tcpdump =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                ns,
                "tcpdump",
                "-i",
                "lo",
                "-n",
                "-Z",
                "root",
                "--immediate-mode",
                "-U",
                "-w",
                file.toString(),
                "tcp")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    awaitListening(tcpdump, err);
    return tcpdump;
  }

  /** SIGTERM, on which tcpdump closes the file cleanly, and a bounded wait for it to exit. */
  private static void stop(Process tcpdump) throws InterruptedException {
    tcpdump.destroy();
    if (!tcpdump.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("tcpdump did not stop");
    }
  }

  /**
   * Skips, or under CI fails, unless the test runs as root with ip, tcpdump, python3 and, for the
   * loss test, nft and ethtool (.ci/run installs them all).
   */
  private static void requireCapable(boolean lossTools) {
    if (Machine.effectiveUid() != 0) {
      Machine.skipOrFail(
          "the live kernel trace test needs root: network namespaces need CAP_SYS_ADMIN");
    }
    Machine.requireTool("ip", "iproute2");
    Machine.requireTool("tcpdump", "tcpdump");
    Machine.requireTool("python3", "python3");
    if (lossTools) {
      Machine.requireTool("nft", "nftables");
      Machine.requireTool("ethtool", "ethtool");
    }
  }

  /** Waits (bounded, polled) until tcpdump says it is capturing. */
  private static void awaitListening(Process tcpdump, Path err) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      String said = Files.exists(err) ? Files.readString(err) : "";
      if (said.contains("listening on")) {
        return;
      }
      if (!tcpdump.isAlive()) {
        fail("tcpdump exited " + tcpdump.exitValue() + ": " + said);
      }
      Thread.sleep(50);
    }
    fail("tcpdump did not start listening in " + TIMEOUT_SECONDS + " s");
  }
}
