package io.jtcp.bench;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.isn.Rfc6528IsnGenerator;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Memory per idle connection: one client stack opens N connections to a server stack over the
 * in-memory link, both ends keep them established and idle, and the heap they hold is measured
 * after full collections, before and after. The figure is heap per connection end (each connection
 * has two, one per stack), with the receive and send buffers, which are allocated only when data
 * arrives or is written, still empty. The server listens on as many ports as the four-tuples need:
 * one client address reaches each server port from every port of its ip_local_port_range
 * (1024-65535 here), as Linux's connect() allows.
 *
 * <p>The class histogram of the heap ({@code jcmd GC.class_histogram}) shows what an idle
 * connection is made of, for the optimizations it calls for.
 *
 * <pre>
 * java -Xmx12g -cp tcp-bench/target/benchmarks.jar io.jtcp.bench.IdleConnections [--connections N] [--json]
 * </pre>
 */
public final class IdleConnections {
  private static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  private static final int FIRST_PORT = 5001;
  private static final int PORTS_PER_SERVER_PORT = 65535 - 1024 + 1;
  private static final int BATCH = 1024;

  private IdleConnections() {}

  /** What one run measured. */
  record Result(int connections, long heapBefore, long heapAfter, long nanos, String histogram) {
    /** Heap per connection end: each connection is held by both stacks. */
    double bytesPerEnd() {
      return (double) (heapAfter - heapBefore) / (2.0 * connections);
    }
  }

  public static void main(String[] args) throws Exception {
    int n = 100_000;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--connections" -> n = Integer.parseInt(args[++i]);
        case "--json" -> json = true;
        default -> {
          System.err.println("usage: IdleConnections [--connections N] [--json]");
          System.exit(2);
        }
      }
    }
    Result r = run(n, true);
    if (json) {
      System.out.printf(
          Locale.ROOT,
          "{\"connections\":%d,\"heap_bytes_per_connection_end\":%.0f,\"setup_seconds\":%.2f}%n",
          r.connections(),
          r.bytesPerEnd(),
          r.nanos() / 1e9);
    } else {
      System.out.printf(
          Locale.ROOT,
          "%,d idle established connections over the in-memory link, set up in %.2f s%n"
              + "  heap per connection end: %,.0f bytes (%,d MB in all, both ends, buffers empty)%n"
              + "  the heap's largest classes with the connections in it:%n%s",
          r.connections(),
          r.nanos() / 1e9,
          r.bytesPerEnd(),
          (r.heapAfter() - r.heapBefore()) >> 20,
          r.histogram());
    }
  }

  static Result run(int n, boolean histogram) throws Exception {
    Sysctls sys =
        Sysctls.LINUX
            .with("ip_local_port_range", "1024 65535")
            .with("net.core.somaxconn", "65535")
            .with("tcp_max_syn_backlog", "65535");
    try (InMemoryLinkPair link = new InMemoryLinkPair(4 * BATCH, 1500, true)) {
      long t0 = System.nanoTime();
      Stack client = stack(CLIENT, link.a(), sys, t0);
      Stack server = stack(SERVER, link.b(), sys, t0);
      int ports = (n + PORTS_PER_SERVER_PORT - 1) / PORTS_PER_SERVER_PORT;
      List<Listener> listeners = new ArrayList<>();
      for (int p = 0; p < ports; p++) {
        listeners.add(server.listen(FIRST_PORT + p, 65535, SocketOptions.DEFAULTS, t0));
      }
      List<Connection> clients = new ArrayList<>(n);
      List<Connection> servers = new ArrayList<>(n);
      long before = usedHeapAfterGc();
      long start = System.nanoTime();
      while (clients.size() < n) {
        int batch = Math.min(BATCH, n - clients.size());
        long now = System.nanoTime();
        for (int k = 0; k < batch; k++) {
          int port = FIRST_PORT + clients.size() / PORTS_PER_SERVER_PORT;
          clients.add(client.connect(SERVER, port, SocketOptions.DEFAULTS, now));
        }
        for (int round = 0; servers.size() < clients.size(); round++) {
          if (round > 10_000) {
            throw new IllegalStateException(
                servers.size() + " of " + clients.size() + " handshakes completed");
          }
          now = System.nanoTime();
          client.poll(now);
          server.poll(now);
          for (Listener l : listeners) {
            Connection s;
            while ((s = l.accept()) != null) {
              servers.add(s);
            }
          }
        }
      }
      long nanos = System.nanoTime() - start;
      // Let the handshakes' last ACKs and any delayed-ACK timers settle, then check.
      long settle = System.nanoTime() + 300_000_000L;
      while (System.nanoTime() < settle) {
        long now = System.nanoTime();
        client.poll(now);
        server.poll(now);
      }
      for (Connection c : clients) {
        if (c.state() != TcpState.ESTABLISHED) {
          throw new IllegalStateException("a client connection is " + c.state() + ": " + c);
        }
      }
      for (Connection c : servers) {
        if (c.state() != TcpState.ESTABLISHED) {
          throw new IllegalStateException("a server connection is " + c.state() + ": " + c);
        }
      }
      long after = usedHeapAfterGc();
      String classes = histogram ? histogram(15) : "";
      // Keep everything reachable until measured.
      if (client.connectionCount() != n || server.connectionCount() != n) {
        throw new IllegalStateException(
            "connections: client "
                + client.connectionCount()
                + ", server "
                + server.connectionCount());
      }
      return new Result(n, before, after, nanos, classes);
    }
  }

  private static Stack stack(Ipv4Address a, InMemoryLinkPair.Endpoint end, Sysctls sys, long now) {
    return new Stack(
        a, end, sys, Rfc6528IsnGenerator.random(), SynCookies.random(), PacketObserver.NONE, now);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var mx = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** The top of {@code jcmd PID GC.class_histogram}, or why there is none. */
  private static String histogram(int lines) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(
                  jcmd.toString(),
                  Long.toString(ProcessHandle.current().pid()),
                  "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      // jcmd attaches to this JVM; where attaching is refused it would wait forever.
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "    (no histogram: jcmd did not answer within 20 s)\n";
      }
      List<String> out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      StringBuilder sb = new StringBuilder();
      for (String l : out.subList(Math.min(1, out.size()), Math.min(out.size(), lines + 3))) {
        sb.append("    ").append(l).append('\n');
      }
      return sb.toString();
    } catch (IOException | InterruptedException e) {
      return "    (no histogram: " + e.getMessage() + ")\n";
    }
  }
}
