package io.jtcp.core.engine;

import io.jtcp.core.api.PortInUseException;
import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.engine.ConnectionPropertiesScenario.AppScript;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Conn;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Drop;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Kind;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Op;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Side;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Step;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.fsm.Transition;
import io.jtcp.core.fsm.TransitionTable;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.LinkParams;
import io.jtcp.core.sim.SimHost;
import io.jtcp.core.sim.SimNetwork;
import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpSegment;
import io.jtcp.core.wire.TcpView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link ConnectionPropertiesScenario}: a client and a server stack on the simulated
 * network, a lossy link driver in front of each that loses the planned segments, and a small
 * application per side and connection that performs the scripted calls. It records what the
 * property checks: what each application wrote (only what {@code write} accepted) and read, every
 * exception a call threw, the connection events, and per connection which RSTs each side sent and
 * how many of its segments the network lost.
 *
 * <p>Applications react to connection events the way an application thread woken by the event
 * would: the reaction runs as a separate simulator action at the same virtual instant, after the
 * engine has finished processing the segment or timer that raised it. In {@code reentrant}
 * scenarios they react inside the callback instead, calling back into the engine from it.
 */
final class ConnectionPropertiesWorld {
  static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  static final int PORT = 80;
  static final long US = 1_000L;
  static final long SECOND = 1_000_000_000L;
  static final Sysctls SYSCTLS = Sysctls.LINUX;

  /** Keepalive sysctls for scenarios that turn SO_KEEPALIVE on. */
  static final int KEEPALIVE_TIME = 10;

  static final int KEEPALIVE_INTERVAL = 2;
  static final int KEEPALIVE_PROBES = 3;

  /**
   * How long a graceful application waits for end-of-stream before it closes anyway: longer than a
   * peer's script can run (two {@link ConnectionPropertiesScenario#MAX_STEP_MICROS}) plus a
   * handshake, so only a connection that went wrong reaches it.
   */
  static final long LINGER_LIMIT =
      2 * ConnectionPropertiesScenario.MAX_STEP_MICROS * US + 10 * 60 * SECOND;

  /**
   * How long virtual time runs after the last scripted action: more than the longest SYN
   * retransmission series (127 s), TIME-WAIT (60 s) and FIN-WAIT-2 (60 s) put together with any
   * retransmission backoff the drop budget allows.
   */
  static final long SETTLE = 40 * 60 * SECOND;

  final ConnectionPropertiesScenario scenario;
  final boolean tracing;

  /** The first {@link #TRACE_HEAD} lines of the trace, when tracing. */
  final List<String> traceHead = new ArrayList<>();

  /** The last {@link #TRACE_TAIL} lines after those. */
  final ArrayDeque<String> traceTail = new ArrayDeque<>();

  long traceLines;
  static final int TRACE_HEAD = 300;
  static final int TRACE_TAIL = 300;
  final SimNetwork net;
  final Stack client;
  final Stack server;
  final Listener listener;
  final List<Endpoint> clients = new ArrayList<>();
  final List<Endpoint> servers = new ArrayList<>();

  /** A connection left TIME-WAIT before 2MSL had passed. */
  record EarlyTimeWaitEnd(Side side, int clientPort, long at) {}

  final List<EarlyTimeWaitEnd> earlyTimeWaitEnds = new ArrayList<>();

  /** State changes seen on either side, for the coverage summary. */
  final Set<String> transitions = new HashSet<>();

  private final Map<Integer, Long> timeWaitSince = new HashMap<>();

  /**
   * State changes the observer reported that the transition table cannot make, and segments other
   * than RSTs sent with no connection behind them.
   */
  final List<String> illegalChanges = new ArrayList<>();

  /** Every "from>to" a row of the table makes. */
  private static final Set<String> LEGAL_CHANGES = new HashSet<>();

  static {
    for (Transition t : TransitionTable.rfc9293().all()) {
      LEGAL_CHANGES.add(t.state().name() + ">" + t.next().name());
    }
  }

  /** What the listener still held when time ran out, before it was closed. */
  int pendingAtEnd;

  int halfOpenAtEnd;

  /**
   * Per client port: what happened to that connection's segments. When a narrow port range makes
   * connections reuse a port, their stats merge, which only makes the checks that use them more
   * lenient (a timeout is allowed by more losses, a reset by any RST on the port).
   */
  final Map<Integer, TupleStats> tuples = new HashMap<>();

  /** Engine exceptions are not caught anywhere: they escape {@link #run} and fail the property. */
  ConnectionPropertiesWorld(ConnectionPropertiesScenario scenario, boolean tracing) {
    this.scenario = scenario;
    this.tracing = tracing;
    double loss = scenario.lossPerMille / 1000.0;
    net = new SimNetwork(scenario.netSeed);
    SimHost a =
        net.addHost(
            "client",
            CLIENT,
            LinkParams.DEFAULT
                .withDelayNanos(scenario.clientDelayMicros * US)
                .withLossRate(loss)
                .withMtu(scenario.clientHost.mtu())
                .withBandwidthBitsPerSecond(scenario.clientHost.bitsPerSecond())
                .withQueueLimitBytes(scenario.clientHost.queueBytes()),
            LinkParams.DEFAULT);
    SimHost b =
        net.addHost(
            "server",
            SERVER,
            LinkParams.DEFAULT
                .withDelayNanos(scenario.serverDelayMicros * US)
                .withLossRate(loss)
                .withMtu(scenario.serverHost.mtu())
                .withBandwidthBitsPerSecond(scenario.serverHost.bitsPerSecond())
                .withQueueLimitBytes(scenario.serverHost.queueBytes()),
            LinkParams.DEFAULT);
    client =
        new Stack(
            CLIENT,
            new LossyLink(a.link(), Side.CLIENT),
            clientSysctls(),
            isns(scenario.clientIsn),
            new SynCookies(1, 2),
            observer(Side.CLIENT),
            0);
    server =
        new Stack(
            SERVER,
            new LossyLink(b.link(), Side.SERVER),
            sysctls(scenario.serverHost, scenario.retries, scenario.keepalive),
            isns(scenario.serverIsn),
            new SynCookies(3, 4),
            observer(Side.SERVER),
            0);
    a.attach(client);
    b.attach(server);
    net.addTap(
        (time, from, to, packet, fate) -> {
          if (fate.isDrop()) { // random loss or a full queue: the link models used here
            Side side = from.equals("client") ? Side.CLIENT : Side.SERVER;
            int ihl = (packet[0] & 0xF) * 4;
            int port = u16(packet, ihl + (side == Side.CLIENT ? 0 : 2));
            tuple(port).lost[side.ordinal()]++;
            log(fate + ": " + side + " " + kind(packet, ihl) + " of :" + port);
          }
        });
    SocketOptions serverOptions =
        options(
            scenario.serverReceiveBuffer,
            scenario.sendBuffer,
            scenario.serverLingerZero,
            scenario.keepalive);
    try {
      listener = server.listen(PORT, 16, serverOptions, 0);
    } catch (IOException e) {
      throw new AssertionError("listen on a fresh stack failed", e);
    }
    listener.setEvents(
        new ListenerEvents() {
          @Override
          public void onAcceptable(Listener l) {
            defer(ConnectionPropertiesWorld.this::acceptAll);
          }
        });
    for (int i = 0; i < scenario.conns.size(); i++) {
      Conn conn = scenario.conns.get(i);
      clients.add(new Endpoint(Side.CLIENT, i, conn.client(), false));
      servers.add(new Endpoint(Side.SERVER, i, conn.server(), conn.echo()));
    }
  }

  /** The first port of the client's ip_local_port_range when the scenario narrows it. */
  static final int FIRST_PORT = 40000;

  private Sysctls clientSysctls() {
    Sysctls s = sysctls(scenario.clientHost, scenario.retries, scenario.keepalive);
    if (scenario.clientPorts > 0) {
      s = s.with("ip_local_port_range", FIRST_PORT + " " + (FIRST_PORT + scenario.clientPorts - 1));
    }
    return s;
  }

  static Sysctls sysctls(
      ConnectionPropertiesScenario.Host host,
      ConnectionPropertiesScenario.Retries retries,
      boolean keepalive) {
    Sysctls s =
        SYSCTLS
            .with("tcp_syn_retries", Integer.toString(retries.syn()))
            .with("tcp_synack_retries", Integer.toString(retries.synack()))
            .with("tcp_retries2", Integer.toString(retries.data()));
    if (host.noWindowScaling()) {
      s = s.with("tcp_window_scaling", "0");
    }
    if (host.noTimestamps()) {
      s = s.with("tcp_timestamps", "0");
    }
    if (host.noSack()) {
      s = s.with("tcp_sack", "0");
    }
    if (keepalive) {
      s =
          s.with("tcp_keepalive_time", Integer.toString(KEEPALIVE_TIME))
              .with("tcp_keepalive_intvl", Integer.toString(KEEPALIVE_INTERVAL))
              .with("tcp_keepalive_probes", Integer.toString(KEEPALIVE_PROBES));
    }
    return s;
  }

  /**
   * ISNs of RFC 6528's shape: a base (generated, to cover the 2^32 wrap), plus a function of the
   * 4-tuple, plus a 4 µs clock, so a reused 4-tuple starts above the old connection's numbers
   * unless that one sent more than the clock advanced.
   */
  private static IsnGenerator isns(int base) {
    return (la, lp, ra, rp, now) -> base + (lp ^ rp) * 0x9E37 + (int) (now / 4_000);
  }

  private static SocketOptions options(
      int receiveBuffer, int sendBuffer, boolean lingerZero, boolean keepalive) {
    return SocketOptions.DEFAULTS
        .withBuffers(receiveBuffer, sendBuffer)
        .withLinger(lingerZero ? 0 : -1)
        .withKeepAlive(keepalive);
  }

  /** Runs the scripts, then lets virtual time run out, then closes the listener. */
  void run() {
    long end = 0;
    for (int i = 0; i < scenario.conns.size(); i++) {
      Conn conn = scenario.conns.get(i);
      Endpoint ep = clients.get(i);
      long at = conn.connectAtMicros() * US;
      net.schedule(at, ep::connect);
      // The client's script starts at the connect call or when the handshake completes, the
      // server's when it accepts; SETTLE covers how long a handshake can take.
      long scripts = Math.max(conn.client().finalCloseAt(), conn.server().finalCloseAt());
      end = Math.max(end, at + SETTLE + scripts * US + LINGER_LIMIT);
    }
    if (scenario.listenerCloseAtMicros >= 0) {
      long at = scenario.listenerCloseAtMicros * US;
      net.schedule(at, this::closeListener);
      end = Math.max(end, at);
    }
    net.runUntil(end + SETTLE);
    pendingAtEnd = listener.pending();
    halfOpenAtEnd = listener.synQueueLength();
    closeListener();
    net.runFor(SECOND);
  }

  void closeListener() {
    log("server app: listener close");
    try {
      listener.close(net.now());
    } catch (IOException e) {
      throw new AssertionError("Listener.close threw " + e, e);
    }
  }

  private void acceptAll() {
    Connection c;
    while ((c = listener.accept()) != null) {
      Endpoint ep = null;
      for (Endpoint cl : clients) {
        // Port and initial sequence number: a narrow port range reuses ports.
        if (cl.conn != null && cl.conn.localPort() == c.remotePort() && cl.conn.iss == c.irs) {
          ep = servers.get(cl.index);
        }
      }
      if (ep == null) {
        throw new AssertionError("accepted " + c + ", which no client connection opened");
      }
      if (ep.conn != null) {
        throw new AssertionError("accepted a second connection for client #" + ep.index + ": " + c);
      }
      log("server app #" + ep.index + ": accept " + c);
      ep.attach(c);
      ep.startScript(net.now());
      if (ep.script.eager()) {
        ep.drain();
      }
    }
  }

  private void defer(Runnable r) {
    if (scenario.reentrant) {
      r.run();
    } else {
      net.schedule(net.now(), r);
    }
  }

  TupleStats tuple(int clientPort) {
    return tuples.computeIfAbsent(clientPort, p -> new TupleStats());
  }

  /** The trace, with its middle left out when it is long. */
  String trace() {
    StringBuilder out = new StringBuilder(String.join("\n", traceHead));
    long omitted = traceLines - traceHead.size() - traceTail.size();
    if (omitted > 0) {
      out.append("\n    ... ").append(omitted).append(" lines left out ...");
    }
    for (String line : traceTail) {
      out.append('\n').append(line);
    }
    return out.toString();
  }

  void log(String s) {
    if (tracing) {
      String line = String.format(Locale.ROOT, "%12.3fms %s", net.now() / 1e6, s);
      traceLines++;
      if (traceHead.size() < TRACE_HEAD) {
        traceHead.add(line);
      } else {
        if (traceTail.size() == TRACE_TAIL) {
          traceTail.removeFirst();
        }
        traceTail.addLast(line);
      }
    }
  }

  private PacketObserver observer(Side side) {
    String who = side.name().toLowerCase(Locale.ROOT);
    return new PacketObserver() {
      @Override
      public void onSegment(
          long now,
          Direction direction,
          int localAddress,
          int remoteAddress,
          TcpView segment,
          TcpState stateAfter) {
        if (side == Side.SERVER
            && direction == Direction.IN
            && stateAfter == TcpState.TIME_WAIT
            && segment.has(TcpFlags.SYN)
            && !segment.has(TcpFlags.ACK)) {
          tuple(segment.sourcePort()).synsIntoTimeWait++;
        }
        // RFC 9293 §3.10.7.4 fourth: a new SYN at a SYN-RECEIVED child of a passive open (a port
        // reused with a new ISN) returns it to LISTEN; that SYN is spent without an answer.
        if (side == Side.SERVER
            && direction == Direction.IN
            && stateAfter == TcpState.CLOSED
            && segment.has(TcpFlags.SYN)
            && !segment.has(TcpFlags.ACK)) {
          tuple(segment.sourcePort()).synsIntoEmbryo++;
        }
        if (direction == Direction.OUT
            && (stateAfter == TcpState.CLOSED || stateAfter == TcpState.LISTEN)
            && !segment.has(TcpFlags.RST)
            && !(stateAfter == TcpState.LISTEN && segment.has(TcpFlags.SYN))) {
          illegalChanges.add(
              String.format(
                  Locale.ROOT,
                  "[states] %s sent %s at %.3fms from a connection in %s (only RSTs and cookie"
                      + " SYN-ACKs may leave without a live TCB)",
                  who,
                  describe(segment),
                  now / 1e6,
                  stateAfter.rfcName()));
        }
        if (tracing) {
          log(
              String.format(
                  "%s %s %s  -> %s",
                  who,
                  direction == Direction.OUT ? "sends" : "gets ",
                  describe(segment),
                  stateAfter.rfcName()));
        }
      }

      @Override
      public void onStateChange(
          long now,
          int localAddress,
          int localPort,
          int remoteAddress,
          int remotePort,
          TcpState from,
          TcpState to) {
        transitions.add(who + " " + from.rfcName() + " -> " + to.rfcName());
        if (!LEGAL_CHANGES.contains(from.name() + ">" + to.name())) {
          illegalChanges.add(
              String.format(
                  Locale.ROOT,
                  "[states] %s :%d reported a state change %s -> %s at %.3fms that no table row"
                      + " makes",
                  who,
                  localPort,
                  from.rfcName(),
                  to.rfcName(),
                  now / 1e6));
        }
        int key = localPort << 16 | remotePort;
        if (to == TcpState.TIME_WAIT) {
          timeWaitSince.put(key, now);
        } else if (from == TcpState.TIME_WAIT
            && now - timeWaitSince.getOrDefault(key, now) < SYSCTLS.timeWait().toNanos()) {
          transitions.add(who + " TIME-WAIT ended early -> " + to.rfcName());
          int clientPort = side == Side.CLIENT ? localPort : remotePort;
          earlyTimeWaitEnds.add(new EarlyTimeWaitEnd(side, clientPort, now));
        }
        if (tracing) {
          log(String.format("%s :%d state %s -> %s", who, localPort, from.rfcName(), to.rfcName()));
        }
      }
    };
  }

  /** tcpdump-like, without options and payload bytes. */
  static String describe(TcpView segment) {
    return TcpSegment.from(segment)
        .toString()
        .replaceAll(" \\[(Mss|Nop|Timestamps|Sack|Window).*\\]", "")
        .replaceAll(" data=.*", "");
  }

  static int u16(byte[] b, int off) {
    return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
  }

  static int s32(byte[] b, int off) {
    return u16(b, off) << 16 | u16(b, off + 2);
  }

  static int payload(byte[] packet, int ihl) {
    return u16(packet, 2) - ihl - ((packet[ihl + 12] & 0xF0) >> 2);
  }

  static Kind kind(byte[] packet, int ihl) {
    int flags = packet[ihl + 13] & 0xFF;
    int payload = payload(packet, ihl);
    if ((flags & TcpFlags.RST) != 0) {
      return Kind.RST;
    }
    if ((flags & TcpFlags.SYN) != 0) {
      return (flags & TcpFlags.ACK) != 0 ? Kind.SYN_ACK : Kind.SYN;
    }
    if ((flags & TcpFlags.FIN) != 0) {
      return Kind.FIN;
    }
    return payload > 0 ? Kind.DATA : Kind.ACK;
  }

  /** What the segments of one connection (keyed by the client's port) went through. */
  static final class TupleStats {
    /** RSTs each side transmitted, by {@link Side#ordinal()}, lost or not. */
    final int[] rsts = new int[2];

    /** Segments of each side the network lost (planned and random). */
    final int[] lost = new int[2];

    /**
     * SYNs that met the server's TIME-WAIT for an earlier connection on the same port and were
     * answered with an ACK (their sequence number was not above the old connection's): each fails
     * like a lost SYN, without any loss (RFC 9293 §3.10.7.4, RFC 6191).
     */
    int synsIntoTimeWait;

    int synsIntoEmbryo;

    /** Segments both sides sent, lost or not. */
    long segments;

    /** The end (SEQ + SEG.LEN) of the highest segment each side sent, once it sent any. */
    final int[] highestEnd = new int[2];

    final boolean[] sentAny = new boolean[2];

    /**
     * Whether each side sent a pure ACK whose SEQ lay more than one below the highest sequence
     * number it had sent (a probe's SND.UNA - 1 does not count): after a retransmission timeout the
     * engine rewinds SND.NXT and stamps its ACKs with it.
     */
    final boolean[] oldSeqAck = new boolean[2];

    /** Whether each side ever advertised a zero window (in a segment the plan let through). */
    final boolean[] zeroWindowSeen = new boolean[2];

    int lostTotal() {
      return lost[0] + lost[1];
    }
  }

  /**
   * A link driver decorator that loses the planned segments: the engine's writer fills a private
   * buffer, the segment is classified, and it reaches the real link only if the plan spares it. A
   * lost segment still counts as transmitted, as a frame lost in the network does.
   */
  private final class LossyLink implements LinkDriver {
    private final LinkDriver inner;
    private final Side side;
    private final byte[] frame;
    private final MemorySegment frameSegment;
    private final EnumMap<Kind, Integer> sent = new EnumMap<>(Kind.class);
    private final List<Drop> plan = new ArrayList<>();

    LossyLink(LinkDriver inner, Side side) {
      this.inner = inner;
      this.side = side;
      this.frame = new byte[inner.mtu()];
      this.frameSegment = MemorySegment.ofArray(frame);
      for (Drop d : scenario.drops) {
        if (d.side() == side) {
          plan.add(d);
        }
      }
    }

    @Override
    public LinkType linkType() {
      return inner.linkType();
    }

    @Override
    public int mtu() {
      return inner.mtu();
    }

    @Override
    public int receive(FrameSink sink, int limit) {
      return inner.receive(sink, limit);
    }

    @Override
    public boolean transmit(int length, FrameWriter writer) {
      if (length < 1 || length > frame.length) {
        throw new IllegalArgumentException(
            side + " stack transmits a frame of " + length + " bytes; the MTU is " + frame.length);
      }
      Arrays.fill(frame, 0, length, (byte) 0);
      writer.write(frameSegment, 0, length);
      int ihl = (frame[0] & 0xF) * 4;
      Kind kind = kind(frame, ihl);
      int n = sent.merge(kind, 1, Integer::sum);
      int clientPort = u16(frame, ihl + (side == Side.CLIENT ? 0 : 2));
      TupleStats t = tuple(clientPort);
      t.segments++;
      int me = side.ordinal();
      if (kind == Kind.RST) {
        t.rsts[me]++;
      } else {
        int seq = s32(frame, ihl + 4);
        int flags = frame[ihl + 13] & 0xFF;
        int end =
            seq
                + payload(frame, ihl)
                + ((flags & TcpFlags.SYN) != 0 ? 1 : 0)
                + ((flags & TcpFlags.FIN) != 0 ? 1 : 0);
        if (kind == Kind.ACK && t.sentAny[me] && seq - (t.highestEnd[me] - 1) < 0) {
          t.oldSeqAck[me] = true;
        }
        if (!t.sentAny[me] || end - t.highestEnd[me] > 0) {
          t.highestEnd[me] = end;
        }
        t.sentAny[me] = true;
      }
      for (Drop d : plan) {
        if (d.covers(side, kind, n)) {
          t.lost[side.ordinal()]++;
          log("planned loss: " + side + " " + kind + " #" + n + " (of :" + clientPort + ")");
          return true;
        }
      }
      if (kind != Kind.RST && kind != Kind.SYN && kind != Kind.SYN_ACK) {
        t.zeroWindowSeen[side.ordinal()] |= u16(frame, ihl + 14) == 0;
      }
      return inner.transmit(
          length, (buf, off, len) -> MemorySegment.copy(frameSegment, 0, buf, off, len));
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** An exception a user call threw, with the state the connection was in before the call. */
  record CallError(Op op, TcpState before, boolean shutBefore, IOException error) {}

  /** One side's application on one connection. */
  final class Endpoint {
    final Side side;
    final int index;
    final AppScript script;
    final boolean echo;
    @Nullable Connection conn;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final ByteArrayOutputStream read = new ByteArrayOutputStream();
    private byte[] outbox = new byte[0];
    private int outboxLength;
    private long produced;
    private final byte[] buf = new byte[8192];

    private boolean started;
    private boolean lingering;
    private boolean inLinger;
    private boolean shutdownTried;

    /** The app made its last call: close or abort (the socket is released). */
    boolean released;

    boolean shut;
    boolean aborted;

    /** A graceful finish gave up waiting for end-of-stream and closed. */
    boolean lingerExpired;

    /** The state when the app aborted (CLOSED if the connection had already ended). */
    @Nullable TcpState abortedIn;

    /** The state when the app closed. */
    @Nullable TcpState closedIn;

    /** Received bytes the app left unread when it closed. */
    int unreadAtClose;

    /** RSTs this side had sent on the connection's port when the app closed. */
    int rstsBeforeClose;

    boolean eof;

    /** Why connect failed (only port exhaustion may make it), and the ports in use then. */
    @Nullable IOException connectError;

    final Set<Integer> portsBusy = new HashSet<>();

    int establishedEvents;
    int closedEvents;
    @Nullable IOException closedEventError;
    final List<CallError> callErrors = new ArrayList<>();

    Endpoint(Side side, int index, AppScript script, boolean echo) {
      this.side = side;
      this.index = index;
      this.script = script;
      this.echo = echo;
    }

    ConnectionPropertiesWorld world() {
      return ConnectionPropertiesWorld.this;
    }

    String name() {
      return side.name().toLowerCase(Locale.ROOT) + " app #" + index;
    }

    /** The client's connect at its scripted time. */
    void connect() {
      Conn c = scenario.conns.get(index);
      SocketOptions o =
          options(
              scenario.clientReceiveBuffer,
              scenario.sendBuffer,
              c.client().lingerZero(),
              scenario.keepalive);
      Connection conn;
      try {
        conn = client.connect(SERVER, PORT, o, net.now());
      } catch (PortInUseException e) {
        connectError = e;
        for (Connection other : client.connections()) {
          portsBusy.add(other.localPort());
        }
        log(name() + ": connect threw " + e + "; ports in use: " + portsBusy);
        return;
      }
      log(name() + ": connect from :" + conn.localPort());
      attach(conn);
      tuple(conn.localPort());
      if (c.nonBlocking()) {
        startScript(net.now());
      }
    }

    void attach(Connection c) {
      conn = c;
      c.setEvents(
          new ConnectionEvents() {
            @Override
            public void onEstablished(Connection c) {
              establishedEvents++;
              defer(Endpoint.this::established);
            }

            @Override
            public void onReadable(Connection c) {
              if (script.eager()) {
                defer(Endpoint.this::drain);
              } else if (lingering) {
                defer(Endpoint.this::linger);
              }
            }

            @Override
            public void onWritable(Connection c) {
              defer(Endpoint.this::flush);
            }

            @Override
            public void onClosed(Connection c, @Nullable IOException error) {
              closedEvents++;
              closedEventError = error;
              log(name() + ": closed event" + (error == null ? "" : " (" + error + ")"));
            }
          });
    }

    /** A blocking connect returns now: the client's script starts. */
    private void established() {
      if (side == Side.CLIENT && !scenario.conns.get(index).nonBlocking() && !started) {
        startScript(net.now());
      }
      flush();
    }

    void startScript(long start) {
      started = true;
      for (Step s : script.steps()) {
        net.schedule(start + s.atMicros() * US, () -> perform(s));
      }
      long finish = start + script.finalCloseAt() * US;
      if (script.graceful()) {
        net.schedule(finish, this::finishGracefully);
        net.schedule(
            finish + LINGER_LIMIT,
            () -> {
              if (!released && conn != null) {
                lingerExpired = true;
                log(name() + ": no end-of-stream after " + LINGER_LIMIT / SECOND + " s");
                perform(new Step(0, Op.CLOSE, 0));
              }
            });
      } else {
        net.schedule(finish, () -> perform(new Step(0, Op.CLOSE, 0)));
      }
    }

    private void finishGracefully() {
      if (released || conn == null) {
        return;
      }
      log(name() + ": finishing gracefully");
      lingering = true;
      linger();
    }

    /** A graceful finish goes on: shut down once the outbox is empty, close at end-of-stream. */
    private void linger() {
      if (!lingering || released || inLinger) {
        return;
      }
      inLinger = true;
      try {
        if (!shut && !shutdownTried && outboxLength == 0) {
          shutdownTried = true;
          perform(new Step(0, Op.SHUTDOWN, 0));
        }
        drain();
        if (eof) {
          perform(new Step(0, Op.CLOSE, 0));
        }
      } finally {
        inLinger = false;
      }
    }

    void perform(Step s) {
      Connection c = conn;
      if (released || c == null) {
        return;
      }
      switch (s.op()) {
        case WRITE -> {
          ensureOutbox(outboxLength + s.bytes());
          for (int i = 0; i < s.bytes(); i++) {
            outbox[outboxLength++] = content(produced++);
          }
          flush();
        }
        case READ -> drain();
        case SHUTDOWN -> {
          TcpState before = c.state();
          log(name() + ": shutdownOutput in " + before.rfcName());
          try {
            c.shutdownOutput(net.now());
            shut = true;
            outboxLength = 0; // what the app had not handed over by now is never written
          } catch (IOException e) {
            callError(Op.SHUTDOWN, before, e);
          }
        }
        case CLOSE -> {
          if (script.eager() || lingering) {
            inLinger = true; // no graceful close from inside this one
            drain();
          }
          TcpState before = c.state();
          released = true;
          closedIn = before;
          unreadAtClose = c.available();
          int port = side == Side.CLIENT ? c.localPort() : c.remotePort();
          rstsBeforeClose = tuple(port).rsts[side.ordinal()];
          log(name() + ": close in " + before.rfcName() + ", " + unreadAtClose + " bytes unread");
          try {
            c.close(net.now());
          } catch (IOException e) {
            callError(Op.CLOSE, before, e);
          }
        }
        case ABORT -> {
          TcpState before = c.state();
          released = true;
          aborted = true;
          abortedIn = before;
          log(name() + ": abort in " + before.rfcName());
          try {
            c.abort(net.now());
          } catch (IOException e) {
            callError(Op.ABORT, before, e);
          }
        }
      }
    }

    /** Hands the outbox to the connection, as much as it takes; the rest waits for onWritable. */
    void flush() {
      Connection c = conn;
      if (released || c == null || outboxLength == 0) {
        return;
      }
      TcpState before = c.state();
      try {
        int n = c.write(outbox, 0, outboxLength, net.now());
        if (n < 0 || n > outboxLength) {
          throw new AssertionError(name() + ": write of " + outboxLength + " returned " + n);
        }
        written.write(outbox, 0, n);
        System.arraycopy(outbox, n, outbox, 0, outboxLength - n);
        outboxLength -= n;
        log(
            name()
                + ": write in "
                + before.rfcName()
                + " took "
                + n
                + ", "
                + outboxLength
                + " left");
      } catch (IOException e) {
        outboxLength = 0;
        callError(Op.WRITE, before, e);
      }
      if (outboxLength == 0) {
        linger();
      }
    }

    /** Reads everything there is; an echo server writes it back. */
    void drain() {
      Connection c = conn;
      if (released || c == null) {
        return;
      }
      TcpState before = c.state();
      try {
        int total = 0;
        while (true) {
          int n = c.read(buf, 0, buf.length, net.now());
          if (n > 0) {
            read.write(buf, 0, n);
            total += n;
            if (echo && !shut) {
              ensureOutbox(outboxLength + n);
              System.arraycopy(buf, 0, outbox, outboxLength, n);
              outboxLength += n;
            }
            continue;
          }
          if (n == -1) {
            eof = true;
          } else if (n != 0) {
            throw new AssertionError(name() + ": read returned " + n);
          }
          break;
        }
        if (total > 0 || tracing && eof) {
          log(name() + ": read " + total + (eof ? ", end of stream" : "") + " in " + before);
        }
      } catch (IOException e) {
        callError(Op.READ, before, e);
      }
      if (echo) {
        flush();
      }
      linger();
    }

    private void callError(Op op, TcpState before, IOException e) {
      log(name() + ": " + op + " in " + before.rfcName() + " threw " + e);
      callErrors.add(new CallError(op, before, shut, e));
    }

    private void ensureOutbox(int size) {
      if (outbox.length < size) {
        outbox = Arrays.copyOf(outbox, Math.max(size, outbox.length * 2));
      }
    }

    /** Stream content that differs at nearby offsets, so a reordered or repeated run shows. */
    private byte content(long offset) {
      long x = offset * 0x9E3779B97F4A7C15L + (index * 2L + side.ordinal()) * 0xBF58476D1CE4E5B9L;
      x ^= x >>> 29;
      x *= 0x94D049BB133111EBL;
      return (byte) (x >>> 56);
    }
  }
}
