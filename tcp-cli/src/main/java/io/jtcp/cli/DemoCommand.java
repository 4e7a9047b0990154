package io.jtcp.cli;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.ConnectionEvents;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.ListenerEvents;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.isn.Rfc6528IsnGenerator;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.LinkParams;
import io.jtcp.core.sim.SimHost;
import io.jtcp.core.sim.SimNetwork;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.wire.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jtcp demo}: two stacks on the in-memory network, in virtual time. The client connects,
 * sends a request, reads the answer and closes; the server answers and closes when it reads
 * end-of-stream. The ladder shows every segment with both sides' states, through TIME-WAIT to
 * CLOSED.
 */
@Command(
    name = "demo",
    header =
        "Two stacks on the in-memory network: handshake, request, response and close, as a ladder.",
    mixinStandardHelpOptions = true,
    description = {
      "Two jtcp stacks on the in-memory network: three-way handshake, a request and its response,"
          + " and the",
      "four-way close, drawn as a ladder diagram with each side's state and the sequence numbers."
    },
    footer = {
      "",
      "Examples:",
      "  jtcp demo                     relative sequence numbers, as Wireshark shows them",
      "  jtcp demo --isn 100:300       the textbook's numbers (SYN seq=100, SYN-ACK seq=300)",
      "  jtcp demo --absolute --seed 7 raw RFC 6528 sequence numbers from another key",
      "  jtcp demo --delay 50          a 50 ms one-way path"
    })
final class DemoCommand implements Callable<Integer> {
  static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  static final int PORT = 80;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--absolute", description = "Show raw sequence numbers instead of relative ones.")
  boolean absolute;

  @Option(
      names = "--json",
      description = "Print one JSON object (segments, states, what each side read) instead.")
  boolean json;

  @Option(
      names = "--delay",
      defaultValue = "10",
      paramLabel = "MS",
      description = "One-way delay in milliseconds (default: ${DEFAULT-VALUE}).")
  double delayMs;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the ISN and SYN-cookie keys (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--isn",
      paramLabel = "CLIENT:SERVER",
      description = "Fixed initial sequence numbers, e.g. 100:300; shown as absolute numbers.")
  String isn;

  @Option(
      names = "--request",
      defaultValue = "Hello, Server!",
      description = "What the client sends (default: ${DEFAULT-VALUE}).")
  String request;

  @Option(
      names = "--response",
      defaultValue = "Hello, Client!",
      description = "What the server answers (default: ${DEFAULT-VALUE}).")
  String response;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description =
          "Write the conversation to a pcap file as the client's link carried it (raw IPv4,"
              + " nanosecond timestamps of virtual time, starting at the epoch).")
  java.nio.file.@org.jspecify.annotations.Nullable Path pcap;

  private io.jtcp.io.pcap.@org.jspecify.annotations.Nullable CaptureLink capture;

  @Override
  public Integer call() throws java.io.IOException {
    if (!(delayMs >= 0 && delayMs <= 10_000)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--delay must be between 0 and 10000 ms; got " + delayMs);
    }
    IsnGenerator clientIsn;
    IsnGenerator serverIsn;
    SplittableRandom keys = new SplittableRandom(seed);
    if (isn != null) {
      String[] p = isn.split(":");
      if (p.length != 2) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--isn takes CLIENT:SERVER, e.g. 100:300; got '" + isn + "'");
      }
      try {
        clientIsn = IsnGenerator.fixed(Integer.parseUnsignedInt(p[0]));
        serverIsn = IsnGenerator.fixed(Integer.parseUnsignedInt(p[1]));
      } catch (NumberFormatException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--isn takes two numbers 0-4294967295, e.g. 100:300; got '" + isn + "'");
      }
    } else {
      clientIsn = new Rfc6528IsnGenerator(keys.nextLong(), keys.nextLong());
      serverIsn = new Rfc6528IsnGenerator(keys.nextLong(), keys.nextLong());
    }
    Result r = run(clientIsn, serverIsn, new SynCookies(keys.nextLong(), keys.nextLong()));
    io.jtcp.io.pcap.CaptureLink cap = capture;
    if (cap != null) {
      cap.close();
      java.io.IOException failed = cap.error();
      if (failed != null) {
        throw new java.io.IOException("the capture failed: " + failed.getMessage(), failed);
      }
      spec.commandLine()
          .getErr()
          .printf(Locale.ROOT, "jtcp demo: %d frames captured in %s%n", cap.frames(), pcap);
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean ok = r.clientRead.equals(response) && r.serverRead.equals(request) && r.closedAt > 0;
    if (json) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("client", CLIENT.toString());
      m.put("server", SERVER + ":" + PORT);
      m.put("segments", r.ladder.segments(absolute || isn != null));
      m.put("client_sent", request);
      m.put("client_read", r.clientRead);
      m.put("server_read", r.serverRead);
      m.put("closed_at_s", r.closedAt / 1e9);
      m.put("ok", ok);
      out.println(Json.write(m));
      out.flush();
      return ok ? 0 : 1;
    }
    out.print(r.ladder.render(absolute || isn != null)); // chosen ISNs are shown as chosen
    out.println();
    out.printf(
        Locale.ROOT, "client sent %s, server answered %s%n", quote(request), quote(r.clientRead));
    out.printf(Locale.ROOT, "server read %s%n", quote(r.serverRead));
    out.printf(
        Locale.ROOT,
        "both ends CLOSED at %.3f s of virtual time (the client's TIME-WAIT lasts 2MSL = 60 s)%n",
        r.closedAt / 1e9);
    out.flush();
    if (!ok) {
      spec.commandLine()
          .getErr()
          .println("jtcp demo: the conversation did not complete as expected");
      return 1;
    }
    return 0;
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }

  private record Result(Ladder ladder, String clientRead, String serverRead, long closedAt) {}

  private Result run(IsnGenerator clientIsn, IsnGenerator serverIsn, SynCookies cookies) {
    SimNetwork net = new SimNetwork(seed);
    LinkParams path = LinkParams.DEFAULT.withDelayNanos((long) (delayMs * 1_000_000));
    SimHost a = net.addHost("client", CLIENT, path, LinkParams.DEFAULT);
    SimHost b = net.addHost("server", SERVER, path, LinkParams.DEFAULT);
    Ladder ladder = new Ladder("client " + CLIENT, "server " + SERVER + ":" + PORT);
    io.jtcp.core.spi.LinkDriver clientLink = a.link();
    if (pcap != null) {
      try {
        capture = io.jtcp.io.pcap.CaptureLink.toFile(clientLink, pcap, net::now);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + pcap + ": " + e.getMessage(), e);
      }
      clientLink = capture;
    }
    Stack client =
        new Stack(CLIENT, clientLink, Sysctls.LINUX, clientIsn, cookies, ladder.left(), 0);
    Stack server =
        new Stack(SERVER, b.link(), Sysctls.LINUX, serverIsn, cookies, ladder.right(), 0);
    // Linux's default algorithm (tcp_congestion_control = cubic), as a kernel peer would run.
    CongestionRegistry algorithms = CongestionRegistry.discover();
    client.setCongestionRegistry(algorithms);
    server.setCongestionRegistry(algorithms);
    a.attach(client);
    b.attach(server);

    ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream serverBytes = new ByteArrayOutputStream();
    byte[] req = request.getBytes(StandardCharsets.UTF_8);
    byte[] resp = response.getBytes(StandardCharsets.UTF_8);

    Listener listener = io(() -> server.listen(PORT, 16, SocketOptions.DEFAULTS, net.now()));
    listener.setEvents(
        new ListenerEvents() {
          @Override
          public void onAcceptable(Listener l) {
            net.schedule(net.now(), () -> serve(net, l, serverBytes, req.length, resp));
          }
        });
    Connection c = io(() -> client.connect(SERVER, PORT, SocketOptions.DEFAULTS, net.now()));
    c.setEvents(
        new ConnectionEvents() {
          @Override
          public void onEstablished(Connection conn) {
            net.schedule(net.now(), () -> io(() -> conn.write(req, 0, req.length, net.now())));
          }

          @Override
          public void onReadable(Connection conn) {
            net.schedule(
                net.now(),
                () -> {
                  drain(net, conn, clientBytes);
                  if (clientBytes.size() >= resp.length && conn.state() == TcpState.ESTABLISHED) {
                    io(
                        () -> {
                          conn.close(net.now());
                          return null;
                        });
                  }
                });
          }
        });
    long limit = 10L * 60 * 1_000_000_000L;
    net.runUntil(
        () ->
            client.connectionCount() == 0
                && server.connectionCount() == 0
                && c.state() == TcpState.CLOSED,
        limit);
    long closedAt = c.state() == TcpState.CLOSED && server.connectionCount() == 0 ? net.now() : -1;
    io(
        () -> {
          listener.close(net.now());
          return null;
        });
    return new Result(
        ladder,
        clientBytes.toString(StandardCharsets.UTF_8),
        serverBytes.toString(StandardCharsets.UTF_8),
        closedAt);
  }

  /** The server: read the request, answer it, and close once the client's FIN arrives. */
  private static void serve(
      SimNetwork net, Listener l, ByteArrayOutputStream in, int requestLength, byte[] resp) {
    Connection s = l.accept();
    if (s == null) {
      return;
    }
    boolean[] answered = {false};
    s.setEvents(
        new ConnectionEvents() {
          @Override
          public void onReadable(Connection conn) {
            net.schedule(
                net.now(),
                () -> {
                  boolean eof = drain(net, conn, in);
                  if (!answered[0] && in.size() >= requestLength) {
                    answered[0] = true;
                    io(() -> conn.write(resp, 0, resp.length, net.now()));
                  }
                  if (eof) {
                    io(
                        () -> {
                          conn.close(net.now());
                          return null;
                        });
                  }
                });
          }
        });
    if (s.available() > 0 || s.finReceived()) {
      net.schedule(
          net.now(),
          () -> {
            boolean eof = drain(net, s, in);
            if (!answered[0] && in.size() >= requestLength) {
              answered[0] = true;
              io(() -> s.write(resp, 0, resp.length, net.now()));
            }
            if (eof) {
              io(
                  () -> {
                    s.close(net.now());
                    return null;
                  });
            }
          });
    }
  }

  /** Reads everything available; returns whether end-of-stream was reached. */
  private static boolean drain(SimNetwork net, Connection c, ByteArrayOutputStream into) {
    byte[] buf = new byte[4096];
    while (true) {
      int n = io(() -> c.read(buf, 0, buf.length, net.now()));
      if (n < 0) {
        return true;
      }
      if (n == 0) {
        return false;
      }
      into.write(buf, 0, n);
    }
  }

  @FunctionalInterface
  private interface Io<T> {
    T get() throws IOException;
  }

  private static <T> T io(Io<T> call) {
    try {
      return call.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
