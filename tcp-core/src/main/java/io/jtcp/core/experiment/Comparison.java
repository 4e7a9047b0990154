package io.jtcp.core.experiment;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.ConnectionEvents;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.ListenerEvents;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.sim.LinkParams;
import io.jtcp.core.sim.NetworkStats;
import io.jtcp.core.sim.SharedLink;
import io.jtcp.core.sim.SimHost;
import io.jtcp.core.sim.SimNetwork;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Long-lived bulk flows competing for one bottleneck on the simulator, in virtual time: the
 * experiment behind {@code jtcp sim compare}. The topology is a dumbbell:
 *
 * <pre>
 *  sender1 ─ RTT₁/2 ─┐                               ┌─ receiver1
 *  sender2 ─ RTT₂/2 ─┼─ router ═ bottleneck ═ router ┼─ receiver2
 *  senderN ─ RTTₙ/2 ─┘  (rate, one drop-tail queue)  └─ receiverN
 *                   ACKs: receiverᵢ ─ RTTᵢ/2 ─ bottleneck's way back ─ senderᵢ
 * </pre>
 *
 * Each flow has a sender host at 192.0.2.<i>i</i> and a receiver host at 198.51.100.<i>i</i>, each
 * with a stack of its own. A sender's uplink and a receiver's uplink each delay by half the flow's
 * RTT and lose the spec's fraction of packets (so data and ACKs meet the same loss, as in {@code
 * jtcp sim transfer}); neither limits the rate. Every data packet then crosses one {@link
 * SharedLink} of the spec's rate and queue, and every ACK another of the same rate and queue on the
 * way back: a full-duplex bottleneck whose data direction is where the flows compete.
 *
 * <p>A flow's sender connects at its start time and writes as fast as its send buffer takes bytes
 * until the run ends; its receiver reads everything as it arrives. Buffers auto-tune as Linux's do,
 * with maxima raised so that neither end's buffer, only the network, limits a flow. The run lasts
 * exactly the spec's duration; every flow is sampled on the spec's grid of virtual time from its
 * start, which is where the SRTT statistics come from.
 *
 * <p>The run reads no clock and draws every random number from streams derived from the seed, so
 * the same spec gives the same result on any machine. An exception the engine throws (not an {@link
 * IOException} it reports) is a bug in it and propagates.
 */
public final class Comparison {
  /** iperf's port, as {@link Transfer}'s. */
  public static final int PORT = Transfer.PORT;

  /** The bottleneck's data direction, in taps and {@link io.jtcp.core.sim.FrameEvent#link()}. */
  public static final String BOTTLENECK = "bottleneck";

  /** The bottleneck's way back, which the ACKs cross. */
  public static final String BOTTLENECK_BACK = "bottleneck-back";

  private static final int CHUNK = 64 * 1024;

  /** What senders write: the engine copies it, so one read-only array serves every flow. */
  private static final byte[] PAYLOAD = new byte[CHUNK];

  private static final int MTU = LinkParams.DEFAULT_MTU;

  private final ComparisonSpec spec;
  private final CongestionRegistry registry;
  private final SimNetwork net;
  private final SplittableRandom keys;
  private final byte[] readBuffer = new byte[CHUNK];
  private final List<Flow> flows = new ArrayList<>();
  private final long interval;
  private final long end;

  private final LinkDecorator senderLinks;

  private Comparison(ComparisonSpec spec, CongestionRegistry registry, LinkDecorator senderLinks) {
    this.spec = spec;
    this.senderLinks = senderLinks;
    this.registry = registry;
    this.net = new SimNetwork(spec.seed());
    this.keys = new SplittableRandom(spec.seed());
    this.interval = spec.sampleInterval().toNanos();
    this.end = spec.duration().toNanos();
  }

  /**
   * Runs {@code spec} with the algorithms on the class path ({@link
   * CongestionRegistry#discover()}).
   *
   * @throws IllegalArgumentException if a flow names no algorithm there; the message lists those
   *     there are
   */
  public static ComparisonResult run(ComparisonSpec spec) {
    return run(spec, Transfer.discovered());
  }

  /**
   * Runs {@code spec} with the algorithms of {@code registry}.
   *
   * @throws IllegalArgumentException if a flow names an algorithm {@code registry} does not have;
   *     the message lists those it has
   */
  public static ComparisonResult run(ComparisonSpec spec, CongestionRegistry registry) {
    return run(spec, registry, LinkDecorator.NONE);
  }

  /**
   * As {@link #run(ComparisonSpec, CongestionRegistry)}, with every sender's link wrapped by {@code
   * senderLinks} (a capture, say) before its stack is built on it.
   */
  public static ComparisonResult run(
      ComparisonSpec spec, CongestionRegistry registry, LinkDecorator senderLinks) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(registry, "registry");
    for (FlowSpec f : spec.flows()) {
      registry.resolve(f.congestionControl());
    }
    Objects.requireNonNull(senderLinks, "senderLinks");
    return new Comparison(spec, registry, senderLinks).execute();
  }

  private ComparisonResult execute() {
    LinkParams bottleneckParams =
        LinkParams.DEFAULT
            .withBandwidthBitsPerSecond(spec.bottleneckBitsPerSecond())
            .withQueueLimitBytes((long) spec.queueLimitPackets() * MTU);
    SharedLink forward = net.addSharedLink(BOTTLENECK, bottleneckParams);
    SharedLink back = net.addSharedLink(BOTTLENECK_BACK, bottleneckParams);
    for (int i = 0; i < spec.flows().size(); i++) {
      Flow f = new Flow(i + 1, spec.flows().get(i));
      forward.carry(f.senderHost, f.receiverHost);
      back.carry(f.receiverHost, f.senderHost);
      flows.add(f);
      net.schedule(f.spec.start().toNanos(), f::connect);
    }
    // Queued after the starts, so that a flow starting on a sample's instant is in that sample.
    net.schedule(0, () -> sample(0));
    net.runUntil(end);

    List<FlowResult> results = new ArrayList<>();
    double[] goodputs = new double[flows.size()];
    for (Flow f : flows) {
      FlowResult r = f.result();
      results.add(r);
      goodputs[r.flow() - 1] = r.goodputBps();
    }
    NetworkStats stats = net.stats();
    return new ComparisonResult(
        spec, results, Fairness.jain(goodputs), stats.frames(), forward.stats(), stats.events());
  }

  /** Samples every started flow at {@code k} intervals and queues the next sample. */
  private void sample(long k) {
    long at = k * interval;
    for (Flow f : flows) {
      f.sample(at);
    }
    long next = at + interval;
    if (next <= end) {
      net.schedule(next, () -> sample(k + 1));
    }
  }

  /** Buffer maxima that let a flow's window reach its path's BDP plus the whole queue, twice. */
  private Sysctls sysctls(FlowSpec f) {
    long most = spec.bdpBytes(f.rttMillis()) + (long) spec.queueLimitPackets() * MTU;
    int want = (int) Math.min(2 * most, TransferSpec.MAX_TUNED_BUFFER);
    Sysctls.Builder b = Sysctls.LINUX.toBuilder();
    b.rmemMax = Math.max(b.rmemMax, want);
    b.wmemMax = Math.max(b.wmemMax, want);
    b.congestionControl = f.congestionControl();
    return b.build();
  }

  /** One sender and receiver pair and their applications. */
  private final class Flow {
    final int number;
    final FlowSpec spec;
    final SimHost senderHost;
    final SimHost receiverHost;
    final Stack senderStack;
    final Stack receiverStack;
    final InflightTracker inflight = new InflightTracker();
    final List<FlowSample> samples = new ArrayList<>();

    @Nullable Connection client;
    @Nullable Connection server;
    long delivered;
    final Soon pump = new Soon(net, this::pump);
    final Soon drain = new Soon(net, this::drain);
    @Nullable String failure;

    Flow(int number, FlowSpec spec) {
      this.number = number;
      this.spec = spec;
      Ipv4Address s = Ipv4Address.parse("192.0.2." + number);
      Ipv4Address r = Ipv4Address.parse("198.51.100." + number);
      LinkParams access =
          LinkParams.DEFAULT
              .withDelayNanos(Math.round(spec.rttMillis() * 1e6 / 2))
              .withLossRate(Comparison.this.spec.loss());
      senderHost = net.addHost("sender" + number, s, access, LinkParams.DEFAULT);
      receiverHost = net.addHost("receiver" + number, r, access, LinkParams.DEFAULT);
      Sysctls sysctls = sysctls(spec);
      senderStack =
          SimStacks.attach(
              senderHost,
              senderLinks.decorate(senderHost.link(), net::now),
              s,
              sysctls,
              registry,
              keys,
              inflight,
              net.now());
      receiverStack = stack(r, receiverHost, sysctls, PacketObserver.NONE);
      Listener listener;
      try {
        listener = receiverStack.listen(PORT, 16, SocketOptions.DEFAULTS, net.now());
      } catch (IOException e) {
        throw new IllegalStateException("a fresh stack refused to listen: " + e, e);
      }
      listener.setEvents(
          new ListenerEvents() {
            @Override
            public void onAcceptable(Listener l) {
              net.schedule(net.now(), () -> accept(l));
            }
          });
    }

    private Stack stack(Ipv4Address address, SimHost host, Sysctls sysctls, PacketObserver o) {
      // The registry resolves tcp_congestion_control: the flow's algorithm.
      return SimStacks.attach(host, address, sysctls, registry, keys, o, net.now());
    }

    void connect() {
      Connection c;
      try {
        c = senderStack.connect(receiverHost.address(), PORT, SocketOptions.DEFAULTS, net.now());
      } catch (IOException e) {
        throw new IllegalStateException("a fresh stack refused to connect: " + e, e);
      }
      client = c;
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
              fail("sender", error);
            }
          });
    }

    private void pump() {
      Connection c = client;
      if (c == null || failure != null) {
        return;
      }
      try {
        while (c.write(PAYLOAD, 0, PAYLOAD.length, net.now()) > 0) {
          // until the send buffer is full; onWritable brings us back
        }
      } catch (IOException e) {
        fail("sender", e);
      }
    }

    private void accept(Listener l) {
      Connection s = l.accept();
      if (s == null || server != null) {
        return;
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
              fail("receiver", error);
            }
          });
      drain(); // what arrived with or right after the handshake raised no event of its own
    }

    private void drain() {
      Connection s = server;
      if (s == null || failure != null) {
        return;
      }
      try {
        int n;
        while ((n = s.read(readBuffer, 0, readBuffer.length, net.now())) > 0) {
          delivered += n;
        }
      } catch (IOException e) {
        fail("receiver", e);
      }
    }

    private void fail(String side, @Nullable IOException error) {
      if (error != null && failure == null) {
        failure =
            String.format(
                Locale.ROOT,
                "flow %d's %s connection failed at %.3f s: %s",
                number,
                side,
                net.now() / 1e9,
                error.getMessage());
      }
    }

    void sample(long at) {
      Connection c = client;
      if (c == null) {
        return; // not started yet
      }
      TcpInfo info = c.info();
      samples.add(
          new FlowSample(
              at,
              info.cwnd(),
              info.ssthresh(),
              inflight.inflight(),
              info.rttMicros(),
              delivered,
              info.state()));
    }

    FlowResult result() {
      Connection c = Objects.requireNonNull(client, "every flow starts before the end");
      long start = spec.start().toNanos();
      double goodput = delivered * 8e9 / (end - start);
      long[] srtts =
          samples.stream().mapToLong(FlowSample::srttMicros).filter(v -> v > 0).toArray();
      Arrays.sort(srtts);
      return new FlowResult(
          number,
          spec,
          delivered,
          goodput,
          c.info(),
          FlowResult.mean(srtts) / 1e3,
          FlowResult.percentile(srtts, 99) / 1e3,
          senderHost.stats().outbound(),
          samples,
          failure);
    }
  }
}
