package io.jtcp.core.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.wire.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking API on two real-time stacks joined by an in-memory link: each stack has its own
 * event-loop thread, the application runs on virtual threads. Every wait is bounded.
 */
class TcpStackRuntimeTest {
  static final Ipv4Address A = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address B = Ipv4Address.parse("192.0.2.2");
  static final Duration BOUND = Duration.ofSeconds(20);

  /** The core alone has reno; cubic, Linux's default, comes with tcp-congestion. */
  static final Sysctls RENO = Sysctls.LINUX.with("tcp_congestion_control", "reno");

  private final InMemoryLinkPair pair = new InMemoryLinkPair();
  private final TcpStack client = TcpStack.open(StackConfig.of(A).withSysctls(RENO), pair.a());
  private final TcpStack server = TcpStack.open(StackConfig.of(B).withSysctls(RENO), pair.b());
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    threads.shutdownNow();
    client.close();
    server.close();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  @Test
  void requestResponseAndCloseWithStreams() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          TcpListener l = server.listen(80);
          Future<String> served =
              threads.submit(
                  () -> {
                    try (TcpConnection s = l.accept()) {
                      String request = new String(readAll(s.inputStream()), StandardCharsets.UTF_8);
                      s.outputStream().write(("echo: " + request).getBytes(StandardCharsets.UTF_8));
                      return request;
                    }
                  });
          TcpConnection c = client.connect(B, 80);
          c.outputStream().write("Hello, Server!".getBytes(StandardCharsets.UTF_8));
          c.shutdownOutput();
          assertEquals(
              "echo: Hello, Server!", new String(readAll(c.inputStream()), StandardCharsets.UTF_8));
          assertEquals("Hello, Server!", served.get());
          c.close();
          assertEquals(TcpState.TIME_WAIT, client.connections().getFirst().state());
          SocketEntry entry = client.sockets().getFirst();
          assertEquals(B, entry.remoteAddress());
          assertEquals(80, entry.remotePort());
          assertEquals(c.localPort(), entry.localPort());
          assertEquals(client.address(), entry.localAddress());
          assertEquals(TcpState.TIME_WAIT, entry.info().state());
        });
  }

  /**
   * Sends {@code data} on {@code c} and half-closes; the connection {@code l} accepts echoes what
   * it read and closes; both directions must carry {@code data} intact.
   */
  private void echo(TcpListener l, TcpConnection c, byte[] data) throws Exception {
    Future<byte[]> echoed =
        threads.submit(
            () -> {
              try (TcpConnection s = l.accept()) {
                byte[] got = readAll(s.inputStream());
                s.outputStream().write(got);
                return got;
              }
            });
    Future<byte[]> back = threads.submit(() -> readAll(c.inputStream()));
    c.outputStream().write(data);
    c.shutdownOutput();
    assertArrayEquals(data, echoed.get());
    assertArrayEquals(data, back.get());
  }

  @Test
  void bulkTransferArrivesIntactInBothDirections() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          byte[] data = new byte[3 << 20];
          new SplittableRandom(42).nextBytes(data);
          TcpListener l = server.listen(9000);
          TcpConnection c = client.connect(B, 9000);
          echo(l, c, data);
          c.close();
        });
  }

  /**
   * On a loopback pair the engines send packets of many segments, and a direction fills by bytes (a
   * few 64 KB packets) long before it runs out of buffers: the event loops must wake each other on
   * bytes handed back, or the transfer stalls.
   */
  @Test
  void loopbackPair_carriesLargePacketsBothWays_andTheByteLimitWakesTheSender() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          byte[] data = new byte[8 << 20];
          new SplittableRandom(11).nextBytes(data);
          try (InMemoryLinkPair lo = InMemoryLinkPair.loopback(16, 1500);
              TcpStack a = TcpStack.open(StackConfig.of(A).withSysctls(RENO), lo.a());
              TcpStack b = TcpStack.open(StackConfig.of(B).withSysctls(RENO), lo.b())) {
            TcpListener l = b.listen(9);
            try (TcpConnection c = a.connect(B, 9)) {
              echo(l, c, data);
              TcpInfo info = c.info();
              assertEquals(0, info.retransmissions(), "nothing dropped, nothing resent");
              assertTrue(
                  lo.a().transmitted() < info.segmentsOut() / 4,
                  "packets of many segments: "
                      + lo.a().transmitted()
                      + " packets for "
                      + info.segmentsOut()
                      + " segments");
            }
          }
        });
  }

  @Test
  void ethernetLink_runsArpUnderneath_andCarriesAConnection() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          byte[] data = new byte[1 << 20];
          new SplittableRandom(7).nextBytes(data);
          try (InMemoryLinkPair wire = InMemoryLinkPair.ethernet(256, 1500);
              TcpStack a = TcpStack.open(StackConfig.of(A).withSysctls(RENO), wire.a());
              TcpStack b = TcpStack.open(StackConfig.of(B).withSysctls(RENO), wire.b())) {
            TcpListener l = b.listen(7);
            Future<byte[]> got =
                threads.submit(
                    () -> {
                      try (TcpConnection s = l.accept()) {
                        return readAll(s.inputStream());
                      }
                    });
            try (TcpConnection c = a.connect(B, 7)) {
              c.outputStream().write(data);
              c.shutdownOutput();
              assertArrayEquals(data, got.get());
            }
          }
        });
  }

  @Test
  void connectToAClosedPortIsRefused() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          var e = assertThrows(ConnectionRefusedException.class, () -> client.connect(B, 81));
          assertEquals("connection refused by 192.0.2.2:81", e.getMessage());
          assertTrue(
              client.counters().getOrDefault("TcpAttemptFails", 0L) >= 1,
              client.counters().toString());
        });
  }

  @Test
  void readTimeoutFollowsSoRcvtimeo() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          TcpListener l = server.listen(7);
          Future<TcpConnection> accepted = threads.submit(l::accept);
          SocketOptions quick = SocketOptions.DEFAULTS.withReceiveTimeout(Duration.ofMillis(50));
          TcpConnection c = client.connect(B, 7, quick);
          accepted.get();
          var e = assertThrows(ReadTimeoutException.class, () -> c.read(new byte[10], 0, 10));
          assertTrue(e.getMessage().contains("SO_RCVTIMEO 50 ms"), e.getMessage());
        });
  }

  @Test
  void listeningTwiceOnAPortFails() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          server.listen(8080);
          var e = assertThrows(PortInUseException.class, () -> server.listen(8080));
          assertEquals("port 8080 already has a listener", e.getMessage());
        });
  }

  @Test
  void infoSnapshotsTheConnection() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          TcpListener l = server.listen(5000);
          Future<TcpConnection> accepted = threads.submit(l::accept);
          TcpConnection c = client.connect(B, 5000);
          accepted.get();
          assertEquals(TcpState.ESTABLISHED, c.info().state());
        });
  }

  @Test
  void connectOutsideTheSubnetWithoutGatewayIsNoRoute() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          try (InMemoryLinkPair other = new InMemoryLinkPair();
              TcpStack routed =
                  TcpStack.open(
                      StackConfig.of(A).withSysctls(RENO).withSubnet(24, null), other.a())) {
            var e =
                assertThrows(
                    NoRouteException.class,
                    () -> routed.connect(Ipv4Address.parse("198.51.100.7"), 80));
            assertEquals(
                "no route to 198.51.100.7: it is not in 192.0.2.1/24 and no gateway is configured",
                e.getMessage());
            var multicast =
                assertThrows(
                    IllegalArgumentException.class,
                    () -> client.connect(Ipv4Address.parse("224.0.0.1"), 80));
            assertTrue(multicast.getMessage().contains("unicast"), multicast.getMessage());
          }
        });
  }
}
