package io.jtcp.cli.interop;

import static io.jtcp.cli.interop.Sandbox.JTCP;
import static io.jtcp.cli.interop.Sandbox.KERNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jtcp connect} and {@code jtcp listen} as people use nc: lines typed into standard input go
 * to the connection, what comes back goes to standard output, the end of standard input half-closes
 * the connection, and the command exits 0 once both directions are done.
 */
class NetcatIT {
  @BeforeAll
  static void tools() {
    Sandbox.requireCapable("ip", "ss", "socat");
  }

  @Test
  void connectSendsStdinHalfClosesAndPrintsTheAnswer() throws Exception {
    try (Sandbox s = Sandbox.create("tap")) {
      // The kernel's side answers with what it read, upper-cased, once jtcp's side has closed.
      Sandbox.Proc server =
          s.start("socat", "TCP-LISTEN:7000,bind=" + KERNEL + ",reuseaddr", "SYSTEM:tr a-z A-Z");
      s.awaitListening(7000, server);
      Sandbox.Proc client =
          s.jtcp(
              "connect", KERNEL, "7000", "--link", "tap:" + Sandbox.DEVICE, "--ip", JTCP + "/24");
      client.process.getOutputStream().write("hello\nkernel\n".getBytes(StandardCharsets.UTF_8));
      // finish() closes standard input: EOF, so jtcp half-closes and waits for the answer.
      Sandbox.Result r = client.finish();
      assertEquals(0, r.exit(), r.all());
      assertEquals("HELLO\nKERNEL", r.stdout(), r.all());
      assertEquals(0, server.finish().exit());
    }
  }

  @Test
  void listenPrintsWhatArrivesAndSendsStdin() throws Exception {
    try (Sandbox s = Sandbox.create("tap")) {
      Sandbox.Proc server =
          s.jtcp("listen", "7001", "--link", "tap:" + Sandbox.DEVICE, "--ip", JTCP + "/24");
      server.awaitStderr("listening on");
      server.process.getOutputStream().write("from jtcp\n".getBytes(StandardCharsets.UTF_8));
      server.process.getOutputStream().close();
      Sandbox.Result kernel =
          s.tryRun("sh", "-c", "printf 'from the kernel\\n' | socat -t 5 - TCP:" + JTCP + ":7001");
      Sandbox.Result jtcp = server.finish();
      assertEquals(0, kernel.exit(), kernel.all());
      assertEquals("from jtcp", kernel.stdout(), kernel.all() + "\n" + jtcp.all());
      assertEquals(0, jtcp.exit(), jtcp.all());
      assertEquals("from the kernel", jtcp.stdout(), jtcp.all());
      assertTrue(jtcp.stderr().contains("connection from " + KERNEL), jtcp.all());
    }
  }

  @Test
  void statusEveryListsTheConnectionsOfALongRunningListen() throws Exception {
    try (Sandbox s = Sandbox.create("tap")) {
      Sandbox.Proc server =
          s.jtcp(
              "listen",
              "7002",
              "--link",
              "tap:" + Sandbox.DEVICE,
              "--ip",
              JTCP + "/24",
              "--discard",
              "--keep-open",
              "--status-every",
              "1");
      server.awaitStderr("listening on");
      // A client that stays connected for three seconds.
      Sandbox.Proc client =
          s.start("sh", "-c", "(printf hi; sleep 3) | socat -u - TCP:" + JTCP + ":7002");
      server.awaitStderr("jtcp: 1 connection");
      String listing = server.stderrSoFar();
      assertTrue(
          listing.contains("  " + JTCP + ":7002 <- " + KERNEL + ":"), "the four-tuple: " + listing);
      assertTrue(listing.contains(" ESTABLISHED cubic "), "state and algorithm: " + listing);
      client.finish();
    }
  }
}
