package io.jtcp.core.experiment;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.ConnectionEvents;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.ListenerEvents;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.sim.LinkParams;
import io.jtcp.core.sim.SimHost;
import io.jtcp.core.sim.SimNetwork;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One bulk transfer between two engine stacks on the simulator, in virtual time: the client at
 * 192.0.2.1 connects to the server at 192.0.2.2, writes {@link TransferSpec#bytes()} seeded
 * pseudo-random bytes as fast as its send buffer takes them and closes; the server reads until
 * end-of-stream and closes. The transfer succeeds when the server has read every byte, in order,
 * and both ends have closed cleanly (the server CLOSED, the client in TIME-WAIT or CLOSED, neither
 * with an error).
 *
 * <p>The run stops as soon as that holds, when either connection fails, when the network has
 * nothing left to do (a stall: no packet in flight, no timer armed), or at the spec's time limit;
 * each of the last three is a {@linkplain TransferResult#failure() failure} that says where the
 * transfer got to. The applications act from the engine's callbacks, each in an action the
 * simulator schedules at the callback's instant, so they see the engine between events, as a real
 * application would.
 *
 * <p>Both stacks run the spec's {@linkplain TransferSpec#congestionControl() congestion control},
 * looked up in a {@link CongestionRegistry}: {@link CongestionRegistry#discover()}'s unless the
 * caller passes one (the command line's, with its plug-ins). With a sample interval, the run also
 * records the client's {@link FlowSample}s on that grid of virtual time; sampling only reads, so
 * the transfer runs exactly as it would without.
 *
 * <p>An exception the engine throws (not an {@link IOException} it reports) is a bug in it and
 * propagates.
 */
public final class Transfer {
  public static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  public static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");

  /** iperf's port. */
  public static final int PORT = 5001;

  private static final int READ_CHUNK = 64 * 1024;

  private final TransferSpec spec;
  private final CongestionRegistry registry;
  private final long sampleInterval;
  private final List<FlowSample> samples = new ArrayList<>();
  private final SimNetwork net;
  private final Payload payload;
  private final SplittableRandom keys;
  private final MessageDigest received = Payload.sha256();
  private final byte[] readBuffer = new byte[READ_CHUNK];

  private @Nullable Connection client;
  private @Nullable Connection server;
  private long written;
  private long read;
  private long eofAt = -1;
  private boolean closeCalled;
  private final Soon pump;
  private final Soon drain;
  private @Nullable String failure;
  private @Nullable InflightTracker inflight;

  private final LinkDecorator clientLink;

  private Transfer(
      TransferSpec spec,
      CongestionRegistry registry,
      long sampleInterval,
      LinkDecorator clientLink) {
    this.spec = spec;
    this.clientLink = java.util.Objects.requireNonNull(clientLink, "clientLink");
    this.registry = registry;
    this.sampleInterval = sampleInterval;
    this.net = new SimNetwork(spec.seed());
    // The payload and the keys draw from streams of their own, so the payload's size never changes
    // the ISNs.
    SplittableRandom root = new SplittableRandom(spec.seed());
    this.payload = new Payload(spec.bytes(), root.split());
    this.keys = root.split();
    this.pump = new Soon(net, this::pump);
    this.drain = new Soon(net, this::drain);
  }

  /**
   * Runs {@code spec} to completion, failure, a stall or its time limit, with the algorithms on the
   * class path ({@link CongestionRegistry#discover()}).
   *
   * @throws IllegalArgumentException if no algorithm has the spec's name; the message lists those
   *     there are
   */
  public static TransferResult run(TransferSpec spec) {
    return run(spec, discovered());
  }

  /**
   * Runs {@code spec} with the algorithms of {@code registry}.
   *
   * @throws IllegalArgumentException if {@code registry} has no algorithm by the spec's name; the
   *     message lists those it has
   */
  public static TransferResult run(TransferSpec spec, CongestionRegistry registry) {
    return run(spec, registry, Duration.ZERO, LinkDecorator.NONE);
  }

  /**
   * Runs {@code spec} with the algorithms of {@code registry}, sampling the client's connection
   * every {@code sampleInterval} of virtual time from its connect ({@link
   * TransferResult#samples()}) and once more when the run stops. A stall is then noticed at the
   * first sample time after it rather than at once.
   *
   * @throws IllegalArgumentException if {@code sampleInterval} is not positive, or {@code registry}
   *     has no algorithm by the spec's name
   */
  public static TransferResult run(
      TransferSpec spec, CongestionRegistry registry, Duration sampleInterval) {
    if (sampleInterval.toNanos() <= 0) {
      throw new IllegalArgumentException("sampleInterval must be positive; got " + sampleInterval);
    }
    return run(spec, registry, sampleInterval, LinkDecorator.NONE);
  }

  /**
   * As {@link #run(TransferSpec, CongestionRegistry, Duration)} with a sample interval, or without
   * sampling when it is {@link Duration#ZERO}, and with the client's link wrapped by {@code
   * clientLink} (a capture, say) before the client's stack is built on it.
   */
  public static TransferResult run(
      TransferSpec spec,
      CongestionRegistry registry,
      Duration sampleInterval,
      LinkDecorator clientLink) {
    long nanos = sampleInterval.toNanos();
    if (nanos < 0) {
      throw new IllegalArgumentException("sampleInterval must be >= 0; got " + sampleInterval);
    }
    return new Transfer(spec, registry, nanos, clientLink).execute();
  }

  /** {@link CongestionRegistry#discover()}, once: the class path does not change while we run. */
  static CongestionRegistry discovered() {
    return Discovered.REGISTRY;
  }

  private static final class Discovered {
    static final CongestionRegistry REGISTRY = CongestionRegistry.discover();
  }

  private TransferResult execute() {
    Objects.requireNonNull(registry, "registry").resolve(spec.congestionControl());
    LinkParams link = spec.link();
    SimHost a = net.addHost("client", CLIENT, link, LinkParams.DEFAULT);
    SimHost b = net.addHost("server", SERVER, link, LinkParams.DEFAULT);
    if (sampleInterval > 0) {
      inflight = new InflightTracker();
    }
    Stack clientStack =
        SimStacks.attach(
            a,
            clientLink.decorate(a.link(), net::now),
            CLIENT,
            spec.stackSysctls(spec.clientSysctls()),
            registry,
            keys,
            inflight == null ? PacketObserver.NONE : inflight,
            net.now());
    Stack serverStack =
        stack(SERVER, b, spec.stackSysctls(spec.serverSysctls()), PacketObserver.NONE);
    long start = net.now();
    Listener listener;
    Connection c;
    try {
      listener = serverStack.listen(PORT, 16, spec.serverOptions(), start);
      c = clientStack.connect(SERVER, PORT, spec.clientOptions(), start);
    } catch (IOException e) {
      throw new IllegalStateException("a fresh stack refused its first socket: " + e, e);
    }
    client = c;
    listener.setEvents(
        new ListenerEvents() {
          @Override
          public void onAcceptable(Listener l) {
            net.schedule(net.now(), () -> accept(l));
          }
        });
    c.setEvents(
        new ConnectionEvents() {
          @Override
          public void onEstablished(Connection conn) {
            pump.request();
          }

          @Override
          public void onWritable(Connection conn) {
            pump.request();
          }

          @Override
          public void onClosed(Connection conn, @Nullable IOException error) {
            fail("the client's connection failed", error);
          }
        });

    if (sampleInterval > 0) {
      net.schedule(start, () -> sample(start));
    }
    long limit = start + spec.timeLimit().toNanos();
    net.runUntil(() -> failure != null || closedCleanly() || net.isIdle(), limit);
    long end = net.now();
    if (sampleInterval > 0 && (samples.isEmpty() || samples.getLast().timeNanos() < end)) {
      samples.add(sample(c, end));
    }
    if (failure == null && !closedCleanly()) {
      failure =
          net.isIdle()
              ? String.format(
                  Locale.ROOT,
                  "the transfer stalled: nothing was left to happen at %.3f s of simulated time;"
                      + " %s",
                  end / 1e9,
                  progress())
              : String.format(
                  Locale.ROOT,
                  "the transfer did not finish within %s s of simulated time; %s",
                  TransferSpec.plain(spec.timeLimit().toNanos() / 1e9),
                  progress());
    }
    Connection s = server;
    return new TransferResult(
        spec,
        read,
        (eofAt >= 0 ? eofAt : end) - start,
        end,
        payload.sha256Hex(),
        HexFormat.of().formatHex(received.digest()),
        c.info(),
        s == null ? null : s.info(),
        net.stats().frames(),
        failure,
        samples);
  }

  private Stack stack(Ipv4Address address, SimHost host, Sysctls sysctls, PacketObserver observer) {
    // The registry resolves tcp_congestion_control: the spec's algorithm.
    return SimStacks.attach(host, address, sysctls, registry, keys, observer, net.now());
  }

  // ---- the trace

  /**
   * Samples the client at {@code at} and queues the next sample, while anything else is left to
   * happen: a pending sample alone must not keep a stalled network from going idle.
   */
  private void sample(long at) {
    Connection c = client;
    if (c != null) {
      samples.add(sample(c, at));
    }
    if (!net.isIdle() && failure == null && !closedCleanly()) {
      long next = at + sampleInterval;
      net.schedule(next, () -> sample(next));
    }
  }

  private FlowSample sample(Connection c, long at) {
    TcpInfo info = c.info();
    InflightTracker t = inflight;
    return new FlowSample(
        at,
        info.cwnd(),
        info.ssthresh(),
        t == null ? 0 : t.inflight(),
        info.rttMicros(),
        read,
        info.state());
  }

  // ---- the client: write everything, then close

  private void pump() {
    Connection c = client;
    if (c == null || closeCalled || failure != null) {
      return;
    }
    try {
      while (!payload.done()) {
        int ready = payload.ready(); // first: it may start a new block at position 0
        int n = c.write(payload.block(), payload.position(), ready, net.now());
        if (n == 0) {
          return; // onWritable brings us back
        }
        payload.consume(n);
        written += n;
      }
      closeCalled = true;
      c.close(net.now());
    } catch (IOException e) {
      fail("the client's " + (closeCalled ? "close" : "write") + " failed", e);
    }
  }

  // ---- the server: accept, read to end-of-stream, then close

  private void accept(Listener l) {
    Connection s = l.accept();
    if (s == null || server != null) {
      return; // a second connection is not ours; there is none
    }
    server = s;
    s.setEvents(
        new ConnectionEvents() {
          @Override
          public void onReadable(Connection conn) {
            drain.request();
          }

          @Override
          public void onClosed(Connection conn, @Nullable IOException error) {
            fail("the server's connection failed", error);
          }
        });
    drain(); // what arrived with or right after the handshake raised no event of its own
  }

  private void drain() {
    Connection s = server;
    if (s == null || eofAt >= 0 || failure != null) {
      return;
    }
    try {
      while (true) {
        int n = s.read(readBuffer, 0, readBuffer.length, net.now());
        if (n < 0) {
          eofAt = net.now();
          s.close(net.now());
          return;
        }
        if (n == 0) {
          return; // onReadable brings us back
        }
        received.update(readBuffer, 0, n);
        read += n;
      }
    } catch (IOException e) {
      fail("the server's " + (eofAt >= 0 ? "close" : "read") + " failed", e);
    }
  }

  // ---- how it ended

  private void fail(String what, @Nullable IOException error) {
    if (error != null && failure == null) {
      failure = what + ": " + error.getMessage() + "; " + progress();
    }
  }

  private boolean closedCleanly() {
    Connection c = client;
    Connection s = server;
    return eofAt >= 0
        && s != null
        && s.state() == TcpState.CLOSED
        && s.error() == null
        && c != null
        && (c.state() == TcpState.TIME_WAIT || (c.state() == TcpState.CLOSED && c.error() == null));
  }

  private String progress() {
    Connection c = client;
    Connection s = server;
    return String.format(
        Locale.ROOT,
        "the client wrote %d of %d bytes and is %s; %s",
        written,
        spec.bytes(),
        c == null ? "not connected" : c.state().rfcName(),
        s == null
            ? "the server accepted no connection"
            : String.format(
                Locale.ROOT,
                "the server read %d bytes%s and is %s",
                read,
                eofAt >= 0 ? " and end-of-stream" : "",
                s.state().rfcName()));
  }
}
