package io.jtcp.io.pcap.trace;

import static io.jtcp.io.pcap.trace.Capture.states;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the kernel talking to itself with tcpdump, now, and traces it: a half-closed exchange and
 * a SYN to a closed port on the loopback of a network namespace the test creates and deletes, so no
 * packet can leave it. Skips when the machine cannot (not root, no {@code ip}, tcpdump or python3),
 * except under CI ({@code CI=true}), which must run it.
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

  @Test
  void tcpdumpOfTheKernel_halfCloseAndRefusedSyn(@TempDir Path dir) throws Exception {
    requireCapable("ip", "tcpdump", "python3");
    String ns = "jtcp-trace-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path file = dir.resolve("live.pcap");
    run("ip", "netns", "add", ns);
    Process tcpdump = null;
    try {
      run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
      // -Z root: tcpdump would otherwise drop to its own user, who cannot write in a root-only
      // temporary directory. --immediate-mode -U: nothing is lost when it is stopped.
      tcpdump =
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
              .redirectError(dir.resolve("tcpdump.err").toFile())
              .start();
      awaitListening(tcpdump, dir.resolve("tcpdump.err"));
      String out = run("ip", "netns", "exec", ns, "python3", "-c", CONVERSATION);
      assertEquals("refused", out.strip());
      tcpdump.destroy(); // SIGTERM: tcpdump closes the file cleanly
      if (!tcpdump.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("tcpdump did not stop");
      }
    } finally {
      if (tcpdump != null && tcpdump.isAlive()) {
        tcpdump.destroyForcibly();
      }
      run("ip", "netns", "del", ns);
    }

    CaptureTrace t = CaptureAnalyzer.analyze(file);
    assertEquals(2, t.connections().size(), t.toString());
    ConnectionTrace exchange = t.connections().get(0);
    assertEquals("127.0.0.1:7000", exchange.right().toString());
    assertEquals(KernelCaptureTest.HALF_CLOSE, states(exchange));
    ConnectionTrace refused = t.connections().get(1);
    assertEquals(List.of("CLOSED/CLOSED", "SYN-SENT/CLOSED", "CLOSED/CLOSED"), states(refused));
  }

  private static void requireCapable(String... tools) {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root (network namespaces need CAP_SYS_ADMIN)");
    }
    for (String t : tools) {
      if (!onPath(t)) {
        missing.add(t);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String why = "the live kernel trace test needs " + String.join(", ", missing);
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; CI must run it (.ci/run installs tcpdump)");
    }
    Assumptions.abort(why);
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
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

  /** Runs a command to completion (bounded) and returns its output; fails unless it exits 0. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
    }
    return text;
  }
}
