package io.jtcp.core.engine;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.LinkParams;
import io.jtcp.core.sim.SimHost;
import io.jtcp.core.sim.SimNetwork;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two stacks, a client at 192.0.2.1 and a server at 192.0.2.2, on the simulated network with
 * virtual time.
 */
final class SimPair {
  static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  static final long MS = 1_000_000L;

  final SimNetwork net;
  final Stack client;
  final Stack server;
  final List<String> log = new ArrayList<>();

  SimPair(LinkParams link, Sysctls sysctls, long seed) {
    net = new SimNetwork(seed);
    // The link model sits on each host's uplink, so a packet sees it once per hop: one-way delay =
    // link delay.
    SimHost a = net.addHost("client", CLIENT, link, LinkParams.DEFAULT);
    SimHost b = net.addHost("server", SERVER, link, LinkParams.DEFAULT);
    client =
        new Stack(
            CLIENT,
            a.link(),
            sysctls,
            IsnGenerator.fixed(100),
            new SynCookies(1, 2),
            observer("client"),
            0);
    server =
        new Stack(
            SERVER,
            b.link(),
            sysctls,
            IsnGenerator.fixed(300),
            new SynCookies(3, 4),
            observer("server"),
            0);
    a.attach(client);
    b.attach(server);
  }

  SimPair() {
    this(LinkParams.DEFAULT.withDelayNanos(10 * MS), Sysctls.LINUX, 1);
  }

  private PacketObserver observer(String who) {
    return new PacketObserver() {
      @Override
      public void onSegment(
          long now,
          Direction direction,
          int localAddress,
          int remoteAddress,
          io.jtcp.core.wire.TcpView segment,
          io.jtcp.core.fsm.TcpState stateAfter) {
        log.add(
            String.format(
                "%6.1fms %s %s %s %s",
                now / 1e6,
                who,
                direction == Direction.OUT ? "sends" : "gets ",
                io.jtcp.core.wire.TcpSegment.from(segment)
                    .toString()
                    .replaceAll(" \\[(Mss|Nop|Timestamps|Sack|Window).*\\]", ""),
                stateAfter.rfcName()));
      }
    };
  }

  /** Runs an engine call at the network's current time. */
  <T> T at(IoCall<T> call) {
    try {
      return call.run(net.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void run(long millis) {
    net.runFor(millis * MS);
  }

  Listener listen(int port) {
    return at(now -> server.listen(port, 16, SocketOptions.DEFAULTS, now));
  }

  Connection connect(int port) {
    return at(now -> client.connect(SERVER, port, SocketOptions.DEFAULTS, now));
  }

  static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  String readAll(Connection c) {
    byte[] buf = new byte[65536];
    int n = at(now -> c.read(buf, 0, buf.length, now));
    return n <= 0 ? "" : new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  interface IoCall<T> {
    T run(long now) throws IOException;
  }
}
