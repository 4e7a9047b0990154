package io.jtcp.core.engine;

import io.jtcp.core.api.PortInUseException;
import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.congestion.Reno;
import io.jtcp.core.fsm.TcpEvent;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.fsm.Transition;
import io.jtcp.core.fsm.TransitionTable;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.spi.Pollable;
import io.jtcp.core.time.TimerHandler;
import io.jtcp.core.time.TimerWheel;
import io.jtcp.core.wire.DropReason;
import io.jtcp.core.wire.IcmpView;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpOptions;
import io.jtcp.core.wire.TcpView;
import io.jtcp.core.wire.Window;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine of one host: IPv4 in and out, the demux, listeners, timers and counters. It is {@link
 * Pollable}: the runtime or the simulator calls {@link #poll} with the time, and every other method
 * also takes {@code now}, so the engine never reads a clock. All methods must be called from the
 * one thread that drives it.
 */
public final class Stack implements Pollable {
  private static final int IP_HEADER = Ipv4View.MIN_HEADER_LENGTH;

  /** Linux's net.ipv4.ip_default_ttl, which its echo replies carry. */
  private static final int ECHO_TTL = 64;

  private static final int RECEIVE_BATCH = 64;

  private final int address;
  private final LinkDriver link;
  private final Sysctls sysctls;
  private final IsnGenerator isnGenerator;
  private final SynCookies cookies;
  private final PacketObserver observer;
  private final TimerWheel timers;
  private final ConnectionTable connections = new ConnectionTable();
  private final Map<Integer, Listener> listeners = new HashMap<>();
  private final int[] portUsers = new int[65536];

  /**
   * The one {@link io.jtcp.core.spi.AckSample} every connection of this stack fills for its
   * congestion control: valid only during onAck, and the stack runs on one thread, so one serves
   * all (a hundred bytes less per connection than one each).
   */
  final Ack ackSample = new Ack();

  private final StackCounters counters = new StackCounters();
  private final Ipv4View ipIn = new Ipv4View();
  private final TcpView tcpIn = new TcpView();
  private final TcpView tcpOut = new TcpView();
  private final IcmpView icmpIn = new IcmpView();
  private final IcmpView icmpOut = new IcmpView();
  private final Ipv4View icmpOutIp = new Ipv4View();
  private final SegmentWriter writer = new SegmentWriter();

  /** Connections whose output waits for room on the link, in the order they began to wait. */
  private final ArrayDeque<Connection> linkWaiters = new ArrayDeque<>();

  private final io.jtcp.core.spi.FrameSink frameSink = this::onFrame; // one, not one per poll

  /** The link never corrupts nor leaves the process: no TCP checksums (Linux's loopback). */
  private final boolean checksumOffload;

  /** The most data one TCP packet may carry when the link carries large packets whole, else 0. */
  private final int offloadPayload;

  private final int[] sackLefts = new int[TcpOptions.MAX_SACK_BLOCKS];
  private final int[] sackRights = new int[TcpOptions.MAX_SACK_BLOCKS];
  private CongestionControlFactory congestionControl = Reno.FACTORY;
  private CongestionRegistry congestionRegistry = CongestionRegistry.builtIn();
  private final TimerHandler timerHandler = (target, kind, id, now) -> onTimer(target, kind, now);
  private int nextEphemeral;
  private int ipId;
  private boolean challengeWindowOpen;
  private long challengeWindowStart;
  private int challengeAcks;
  private long now;

  /**
   * @param address this host's IPv4 address
   * @param link the link it sends and receives on (raw IPv4 until ARP arrives with the TAP driver)
   * @param sysctls stack-wide knobs
   * @param isnGenerator initial sequence numbers (RFC 6528 in production, fixed in segment scripts)
   * @param cookies SYN cookies, keyed per stack
   * @param observer sees every segment and state change
   * @param now the time the stack starts at
   */
  public Stack(
      Ipv4Address address,
      LinkDriver link,
      Sysctls sysctls,
      IsnGenerator isnGenerator,
      SynCookies cookies,
      PacketObserver observer,
      long now) {
    if (link.linkType() != LinkType.RAW_IP) {
      throw new IllegalArgumentException(
          "the engine speaks bare IPv4 (the simulator, TUN); wrap an Ethernet link ("
              + link
              + ") in io.jtcp.core.ip.ArpLink, as TcpStack.open does");
    }
    this.address = address.bits();
    this.link = link;
    this.checksumOffload = link.checksumOffload();
    int whole = Math.min(link.segmentationOffload(), 65_535);
    this.offloadPayload = whole > link.mtu() ? whole - IP_HEADER - TcpView.MAX_HEADER_LENGTH : 0;
    this.sysctls = sysctls;
    this.isnGenerator = isnGenerator;
    this.cookies = cookies;
    this.observer = observer;
    this.timers = TimerWheel.create(now);
    this.now = now;
    this.nextEphemeral =
        sysctls.localPortLow()
            + Math.floorMod(
                isnGenerator.isn(this.address, 0, 0, 0, now),
                sysctls.localPortHigh() - sysctls.localPortLow() + 1);
  }

  // ---- The application's side
  // --------------------------------------------------------------------------------

  /**
   * The congestion-control algorithm connections opened from now on use unless their {@link
   * SocketOptions#congestionControl()} names another. A bare engine uses reno and does not read
   * {@code tcp_congestion_control}; {@link #setCongestionRegistry} does.
   */
  public void setCongestionControl(CongestionControlFactory factory) {
    this.congestionControl = java.util.Objects.requireNonNull(factory, "factory");
  }

  /**
   * Where algorithm names are looked up (per-connection {@code TCP_CONGESTION}), and the stack's
   * default from {@code net.ipv4.tcp_congestion_control}, as Linux's default algorithm.
   *
   * @throws IllegalArgumentException when the registry has no algorithm by the sysctl's name (the
   *     message lists the available ones)
   */
  public void setCongestionRegistry(CongestionRegistry registry) {
    CongestionControlFactory f = registry.resolve(sysctls.congestionControl());
    this.congestionRegistry = registry;
    this.congestionControl = f;
  }

  public CongestionRegistry congestionRegistry() {
    return congestionRegistry;
  }

  /** The algorithm a connection with these options uses. */
  CongestionControlFactory congestionControlFor(SocketOptions options) {
    String name = options.congestionControl();
    return name.isEmpty() ? congestionControl : congestionRegistry.resolve(name);
  }

  public CongestionControlFactory congestionControl() {
    return congestionControl;
  }

  /**
   * Listens on {@code port}.
   *
   * @throws PortInUseException if a listener has the port, or a connection does and SO_REUSEADDR
   *     does not apply
   */
  public Listener listen(int port, int backlog, SocketOptions options, long now)
      throws PortInUseException {
    checkPort(port);
    congestionControlFor(options); // an unknown algorithm fails here, not when a SYN arrives
    if (listeners.containsKey(port)) {
      throw new PortInUseException("port " + port + " already has a listener");
    }
    if (portUsers[port] > 0) {
      boolean onlyTimeWait = true;
      for (Connection c : connectionsOnPort(port)) {
        onlyTimeWait &= c.state() == TcpState.TIME_WAIT;
      }
      if (!(onlyTimeWait && options.reuseAddress())) {
        throw new PortInUseException(
            "port "
                + port
                + " is in use"
                + (onlyTimeWait
                    ? " by connections in TIME-WAIT: set SO_REUSEADDR to bind it"
                    : ""));
      }
    }
    int limit = Math.min(Math.max(backlog, 1), sysctls.somaxconn());
    Listener l = new Listener(this, port, limit, options);
    listeners.put(port, l);
    observer.onStateChange(now, address, port, 0, 0, TcpState.CLOSED, TcpState.LISTEN);
    return l;
  }

  /**
   * Opens a connection to {@code remote}:{@code port} from an ephemeral port; the SYN leaves now.
   */
  public Connection connect(Ipv4Address remote, int port, SocketOptions options, long now)
      throws PortInUseException {
    checkPort(port);
    congestionControlFor(options); // an unknown algorithm fails before anything is reserved
    int r = remote.bits();
    // TCP is unicast: Linux answers connect() to these with ENETUNREACH.
    if (r == 0 || r == -1 || (r >>> 28) == 0xE || r == address) {
      throw new IllegalArgumentException(
          "cannot connect to "
              + remote
              + ": "
              + (r == address
                  ? "it is this stack's own address (no loopback yet)"
                  : "TCP needs a unicast destination"));
    }
    int local = ephemeralPort(remote.bits(), port);
    Connection c = new Connection(this, address, local, remote.bits(), port, options, null, now);
    add(c);
    counters.count("TcpActiveOpens");
    c.open(now);
    return c;
  }

  public Ipv4Address address() {
    return new Ipv4Address(address);
  }

  public Sysctls sysctls() {
    return sysctls;
  }

  public StackCounters counters() {
    return counters;
  }

  /** Connections in the table, TIME-WAIT included. */
  public int connectionCount() {
    return connections.size();
  }

  /** Every connection in the table, for inspection. */
  public List<Connection> connections() {
    List<Connection> out = new ArrayList<>();
    connections.forEach(out::add);
    return out;
  }

  public int listenerCount() {
    return listeners.size();
  }

  // ---- Driving
  // -----------------------------------------------------------------------------------------------

  @Override
  public void poll(long now) {
    this.now = now;
    while (link.receive(frameSink, RECEIVE_BATCH) == RECEIVE_BATCH) {
      // drain what has arrived, a batch at a time
    }
    timers.poll(now, timerHandler, Integer.MAX_VALUE);
    resumeLinkWaiters(now);
  }

  /**
   * Whether the link has room for a data segment or an ACK now. If not, {@code c} is remembered and
   * its output resumed by a later {@link #poll} once there is room (the driver's wakeup ends the
   * event loop's wait then), so that data waits in the send buffer instead of being dropped by a
   * full transmit queue: Linux's TCP Small Queues and stopped device queues do the same.
   */
  boolean linkReady(Connection c) {
    if (link.transmitReady()) {
      return true;
    }
    if (!c.linkWaiting) {
      c.linkWaiting = true;
      linkWaiters.addLast(c);
      counters.linkWait();
    }
    return false;
  }

  /** Lets the connections waiting for the link send, first come first served, while it has room. */
  private void resumeLinkWaiters(long now) {
    Connection c;
    while ((c = linkWaiters.peekFirst()) != null && link.transmitReady()) {
      linkWaiters.pollFirst();
      c.linkWaiting = false;
      c.resumeOutput(now); // may wait again, at the back of the queue
    }
  }

  @Override
  public long nextDeadline() {
    return timers.nextDeadline();
  }

  private void onTimer(Object target, int kind, long now) {
    if (target instanceof Connection c) {
      c.onTimer(kind, now);
    }
  }

  /** Takes one IPv4 packet from the link. Malformed input is dropped and counted, never thrown. */
  void onFrame(MemorySegment buf, long off, int len) {
    DropReason r = ipIn.wrap(buf, off, len);
    if (r != null) {
      counters.drop(r);
      return;
    }
    if (ipIn.destination() != address) {
      counters.count("not for this host");
      return;
    }
    if (ipIn.protocol() == IpProtocol.ICMP) {
      icmp(buf, ipIn.payloadOffset(), ipIn.payloadLength(), ipIn.source());
      return;
    }
    if (ipIn.protocol() != IpProtocol.TCP) {
      counters.drop(DropReason.UNSUPPORTED_PROTOCOL);
      return;
    }
    int src = ipIn.source();
    r =
        checksumOffload
            ? tcpIn.wrapUnverified(buf, ipIn.payloadOffset(), ipIn.payloadLength())
            : tcpIn.wrap(buf, ipIn.payloadOffset(), ipIn.payloadLength(), src, address);
    if (r != null) {
      counters.drop(r);
      return;
    }
    counters.inSegment();
    dispatch(tcpIn, src, now);
  }

  /**
   * RFC 1122 §3.2.2.6: every host answers an echo request with an echo reply carrying the same
   * identifier, sequence number and data, so {@code ping} works. Other ICMP messages are counted
   * and dropped: the engine does not act on them yet (no path-MTU discovery, RFC 1191).
   */
  private void icmp(MemorySegment buf, long off, int len, int src) {
    DropReason r = icmpIn.wrap(buf, off, len);
    if (r != null) {
      counters.drop(r);
      return;
    }
    if (icmpIn.type() != IcmpView.TYPE_ECHO_REQUEST || icmpIn.code() != 0) {
      counters.count("icmp type " + icmpIn.type() + " ignored");
      return;
    }
    counters.count("IcmpInEchos");
    int total = IP_HEADER + len;
    boolean sent =
        link.transmit(
            src,
            total,
            (out, o, l) -> {
              icmpOutIp
                  .writeTo(out, o, IP_HEADER)
                  .tos(0)
                  .totalLength(l)
                  .identification(ipId++ & 0xFFFF)
                  .flagsAndFragmentOffset(0, 0)
                  .ttl(ECHO_TTL)
                  .protocol(IpProtocol.ICMP)
                  .source(address)
                  .destination(src)
                  .fillChecksum();
              MemorySegment.copy(buf, off, out, o + IP_HEADER, len);
              icmpOut
                  .writeTo(out, o + IP_HEADER, len)
                  .type(IcmpView.TYPE_ECHO_REPLY)
                  .code(0)
                  .fillChecksum();
            });
    counters.count(sent ? "IcmpOutEchoReps" : "transmit queue full");
  }

  private void dispatch(TcpView seg, int src, long now) {
    Connection c =
        connections.get(ConnectionTable.key(src, seg.sourcePort(), seg.destinationPort()));
    TcpState after;
    if (c != null) {
      c.onSegment(seg, now);
      after = c.state();
    } else {
      Listener l = listeners.get(seg.destinationPort());
      if (l != null) {
        after = l.onSegment(seg, src, now);
      } else {
        closedPort(seg, src, now);
        after = TcpState.CLOSED;
      }
    }
    observer.onSegment(now, PacketObserver.Direction.IN, address, src, seg, after);
  }

  /** RFC 9293 §3.10.7.1: no TCB. The CLOSED rows of the table say what to do. */
  private void closedPort(TcpView seg, int src, long now) {
    Transition t = TransitionTable.rfc9293().lookup(TcpState.CLOSED, closedEvent(seg), g -> false);
    RowTrace.applied(t);
    if (t.has(io.jtcp.core.fsm.Action.SEND_RST)) {
      counters.count("no socket (reset sent)");
      sendReset(seg, src, address, now);
    } else {
      counters.count("no socket");
    }
  }

  private static TcpEvent closedEvent(TcpView seg) {
    int f = seg.flags();
    if ((f & TcpFlags.RST) != 0) {
      return TcpEvent.RST;
    }
    if ((f & TcpFlags.SYN) != 0) {
      return (f & TcpFlags.ACK) != 0 ? TcpEvent.SYN_ACK : TcpEvent.SYN;
    }
    if ((f & TcpFlags.ACK) != 0) {
      return TcpEvent.ACK;
    }
    return (f & TcpFlags.FIN) != 0 ? TcpEvent.FIN : TcpEvent.DATA;
  }

  /**
   * Lets a listener take a SYN that a TIME-WAIT connection gave up (RFC 9293 §3.6.1); the new
   * connection starts its sequence space at {@code iss}.
   */
  void passToListener(TcpView seg, int src, int iss, long now) {
    Listener l = listeners.get(seg.destinationPort());
    if (l != null) {
      l.reopen(seg, src, iss, now);
    }
  }

  // ---- What connections and listeners call
  // -------------------------------------------------------------------

  int isn(int localAddress, int localPort, int remoteAddress, int remotePort, long now) {
    return isnGenerator.isn(localAddress, localPort, remoteAddress, remotePort, now);
  }

  SynCookies cookies() {
    return cookies;
  }

  /** The MSS our link allows: MTU less the IPv4 and TCP headers. */
  int mss() {
    return link.mtu() - IP_HEADER - TcpView.MIN_HEADER_LENGTH;
  }

  /**
   * The most data one TCP packet may carry on a link that takes packets larger than its MTU whole
   * ({@link LinkDriver#segmentationOffload()}), with room for the largest TCP header; 0 when every
   * packet must fit the MTU.
   */
  int offloadPayload() {
    return offloadPayload;
  }

  boolean hasListener(int port) {
    return listeners.containsKey(port);
  }

  void add(Connection c) {
    connections.put(ConnectionTable.key(c.remoteAddress, c.remotePort, c.localPort), c);
    portUsers[c.localPort]++;
  }

  void remove(Connection c, long now) {
    long key = ConnectionTable.key(c.remoteAddress, c.remotePort, c.localPort);
    if (connections.get(key) == c) {
      connections.remove(key);
      portUsers[c.localPort]--;
    }
  }

  void removeListener(Listener l, long now) {
    if (listeners.remove(l.port()) == l) {
      observer.onStateChange(now, address, l.port(), 0, 0, TcpState.LISTEN, TcpState.CLOSED);
    }
  }

  void onStateChange(Connection c, TcpState before, long now) {
    observer.onStateChange(
        now, c.localAddress, c.localPort, c.remoteAddress, c.remotePort, before, c.state());
    if (c.state() == TcpState.ESTABLISHED && before == TcpState.SYN_RECEIVED && c.parent != null) {
      counters.count("TcpPassiveOpens");
    }
    if (c.state() == TcpState.CLOSED
        && (before == TcpState.SYN_SENT || before == TcpState.SYN_RECEIVED)) {
      counters.count("TcpAttemptFails");
    }
  }

  long schedule(long deadline, Connection c, int kind) {
    return timers.schedule(deadline, c, kind);
  }

  /**
   * Cancels a timer by id (0 is "none"); returns 0 so callers can clear their field in one
   * statement.
   */
  long cancel(long timerId) {
    if (timerId != 0) {
      timers.cancel(timerId);
    }
    return 0;
  }

  long rearm(long timerId, long deadline, Connection c, int kind) {
    cancel(timerId);
    return timers.schedule(deadline, c, kind);
  }

  long timerDeadline(long timerId) {
    return timers.deadline(timerId);
  }

  /** RFC 5961 §7: at most {@code tcp_challenge_ack_limit} challenge ACKs per second, stack-wide. */
  boolean challengeAckAllowed(long now) {
    if (!challengeWindowOpen || now - challengeWindowStart >= 1_000_000_000L) {
      challengeWindowOpen = true;
      challengeWindowStart = now;
      challengeAcks = 0;
    }
    if (challengeAcks < sysctls.challengeAckLimit()) {
      challengeAcks++;
      counters.count("TCPChallengeACK");
      return true;
    }
    counters.count("challenge ACK suppressed by rate limit");
    return false;
  }

  /**
   * Answers a segment with a reset (RFC 9293 §3.10.7.1): {@code <SEQ=SEG.ACK><CTL=RST>} if it had
   * an ACK, else {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}. Never answers a reset.
   */
  void sendReset(TcpView seg, int segSrc, int segDst, long now) {
    if (seg.has(TcpFlags.RST)) {
      return;
    }
    counters.count("TcpOutRsts");
    boolean ack = seg.has(TcpFlags.ACK);
    int seq = ack ? seg.acknowledgmentNumber() : 0;
    int ackNo = ack ? 0 : seg.sequenceNumber() + seg.segmentLength();
    int flags = ack ? TcpFlags.RST : TcpFlags.RST | TcpFlags.ACK;
    transmit(
        null,
        segDst,
        seg.destinationPort(),
        segSrc,
        seg.sourcePort(),
        flags,
        seq,
        ackNo,
        0,
        0,
        0,
        64,
        TcpState.CLOSED,
        now);
  }

  /** Sends a SYN-ACK whose ISN is a cookie, for a SYN the full SYN queue could not take. */
  void sendCookieSynAck(TcpView syn, int src, int isn, int optionsWord, long now) {
    counters.count("TcpExtSyncookiesSent");
    writer.cookieTsValue = optionsWord;
    transmit(
        null,
        address,
        syn.destinationPort(),
        src,
        syn.sourcePort(),
        TcpFlags.SYN | TcpFlags.ACK,
        isn,
        syn.sequenceNumber() + 1,
        Math.min(sysctls.rmemDefault(), Window.MAX_UNSCALED),
        0,
        cookieSynAckOptions(syn),
        64,
        TcpState.LISTEN,
        now);
    writer.cookieTsValue = 0;
  }

  /**
   * Sends a segment of connection {@code c}; the payload comes from its send buffer at {@code seq}.
   */
  void emit(
      Connection c,
      int flags,
      int seq,
      int ack,
      int window,
      int payload,
      boolean synOptions,
      long now) {
    int options;
    if (synOptions) {
      options = synOptionsLength(c);
    } else {
      int blocks =
          (flags & (TcpFlags.ACK | TcpFlags.RST)) == TcpFlags.ACK
              ? c.fillSack(sackLefts, sackRights)
              : 0;
      writer.sackBlocks = blocks;
      options = (c.timestampsOn ? 12 : 0) + (blocks > 0 ? 4 + 8 * blocks : 0);
    }
    transmit(
        c,
        c.localAddress,
        c.localPort,
        c.remoteAddress,
        c.remotePort,
        flags,
        seq,
        ack,
        window,
        payload,
        options,
        c.options().ttl(),
        c.state(),
        now);
    c.segmentsOut += c.segmentCount(payload);
    if ((flags & TcpFlags.ACK) != 0 && (flags & TcpFlags.RST) == 0) {
      c.ackSent();
    }
  }

  private int synOptionsLength(Connection c) {
    boolean active = c.parent == null;
    boolean ws = sysctls.windowScaling() && (active || c.peerOfferedWindowScale());
    boolean ts = sysctls.timestamps() && (active || c.peerOfferedTimestamps());
    boolean sack = sysctls.sack() && (active || c.peerOfferedSack());
    return 4 + (ts || sack ? (ts ? 12 : 4) : 0) + (ws ? 4 : 0);
  }

  private int cookieSynAckOptions(TcpView syn) {
    boolean ws = sysctls.windowScaling() && syn.windowScale() >= 0;
    boolean ts = sysctls.timestamps() && syn.hasTimestamps();
    boolean sack = sysctls.sack() && syn.sackPermitted();
    return 4 + (ts || sack ? (ts ? 12 : 4) : 0) + (ws ? 4 : 0);
  }

  private void transmit(
      @Nullable Connection c,
      int src,
      int srcPort,
      int dst,
      int dstPort,
      int flags,
      int seq,
      int ack,
      int window,
      int payload,
      int optionsLength,
      int ttl,
      TcpState state,
      long now) {
    SegmentWriter w = writer;
    w.connection = c;
    w.src = src;
    w.srcPort = srcPort;
    w.dst = dst;
    w.dstPort = dstPort;
    w.flags = flags;
    w.seq = seq;
    w.ack = ack;
    w.window = window;
    w.payload = payload;
    w.optionsLength = optionsLength;
    w.ttl = ttl;
    w.now = now;
    w.state = state;
    int total = IP_HEADER + TcpView.MIN_HEADER_LENGTH + optionsLength + payload;
    if (!link.transmit(dst, total, w)) {
      counters.count("transmit queue full");
    } else {
      counters.outSegment();
    }
    w.connection = null;
  }

  /**
   * Fills one IPv4/TCP packet in the link's buffer; one instance, reused, so egress allocates
   * nothing. It writes every byte of the frame (each header field, the options with their NOP
   * padding, the payload), as {@link io.jtcp.core.spi.FrameWriter} requires of reused buffers.
   */
  private final class SegmentWriter implements io.jtcp.core.spi.FrameWriter {
    @Nullable Connection connection;
    int src;
    int srcPort;
    int dst;
    int dstPort;
    int flags;
    int seq;
    int ack;
    int window;
    int payload;
    int optionsLength;
    int ttl;
    long now;
    TcpState state = TcpState.CLOSED;
    int cookieTsValue;
    int sackBlocks;
    private final Ipv4View ip = new Ipv4View();

    @Override
    public void write(MemorySegment buf, long off, int length) {
      ip.writeTo(buf, off, IP_HEADER)
          .tos(0)
          .totalLength(length)
          .identification(ipId++ & 0xFFFF)
          .flagsAndFragmentOffset(Ipv4View.FLAG_DF, 0)
          .ttl(ttl)
          .protocol(IpProtocol.TCP)
          .source(src)
          .destination(dst)
          .fillChecksum();
      long t = off + IP_HEADER;
      int tcpLength = length - IP_HEADER;
      TcpView v =
          tcpOut
              .writeTo(buf, t, TcpView.MIN_HEADER_LENGTH + optionsLength, tcpLength)
              .sourcePort(srcPort)
              .destinationPort(dstPort)
              .sequenceNumber(seq)
              .acknowledgmentNumber(ack)
              .flags(flags)
              .window(window)
              .urgentPointer(0);
      long p = v.optionsOffset();
      Connection c = connection;
      if ((flags & TcpFlags.SYN) != 0) {
        p += writeSynOptions(buf, p, c);
      } else if (c != null && optionsLength > 0) {
        if (c.timestampsOn) {
          p += TcpOptions.writeNop(buf, p);
          p += TcpOptions.writeNop(buf, p);
          p += TcpOptions.writeTimestamps(buf, p, c.tsValue(now), c.tsRecent());
        }
        if (sackBlocks > 0) {
          // Linux's layout: two NOPs keep the blocks 4-byte aligned.
          p += TcpOptions.writeNop(buf, p);
          p += TcpOptions.writeNop(buf, p);
          p += TcpOptions.writeSack(buf, p, sackLefts, sackRights, sackBlocks);
        }
      }
      if (payload > 0 && c != null) {
        c.copyPayload(seq, buf, p, payload);
      }
      if (checksumOffload) {
        v.clearChecksum();
      } else {
        v.fillChecksum(src, dst);
      }
      if (observer != PacketObserver.NONE) {
        v.wrapUnverified(
            buf, t, tcpLength); // parse the options we wrote, for the observer's accessors
        observer.onSegment(now, PacketObserver.Direction.OUT, src, dst, v, state);
      }
    }

    /**
     * Linux's SYN layout: MSS, SACK-permitted, timestamps, NOP, window scale (or NOP-padded
     * subsets).
     */
    private int writeSynOptions(MemorySegment buf, long p0, @Nullable Connection c) {
      long p = p0;
      boolean active = c != null && c.parent == null;
      boolean ws;
      boolean ts;
      boolean sack;
      int shift;
      int tsVal;
      int tsEcr;
      if (c != null) {
        ws = sysctls.windowScaling() && (active || c.peerOfferedWindowScale());
        ts = sysctls.timestamps() && (active || c.peerOfferedTimestamps());
        sack = sysctls.sack() && (active || c.peerOfferedSack());
        shift = Window.shiftFor(c.receiveBufferLimit());
        tsVal = c.tsValue(now);
        tsEcr = active ? 0 : c.tsRecent();
      } else { // a cookie SYN-ACK: options follow the SYN held in tcpIn
        ws = sysctls.windowScaling() && tcpIn.windowScale() >= 0;
        ts = sysctls.timestamps() && tcpIn.hasTimestamps();
        sack = sysctls.sack() && tcpIn.sackPermitted();
        shift = Window.shiftFor(sysctls.rmemDefault());
        tsVal = cookieTsValue;
        tsEcr = tcpIn.tsValue();
      }
      p += TcpOptions.writeMss(buf, p, mss());
      if (ts) {
        if (sack) {
          p += TcpOptions.writeSackPermitted(buf, p);
        } else {
          p += TcpOptions.writeNop(buf, p);
          p += TcpOptions.writeNop(buf, p);
        }
        p += TcpOptions.writeTimestamps(buf, p, tsVal, tsEcr);
      } else if (sack) {
        p += TcpOptions.writeNop(buf, p);
        p += TcpOptions.writeNop(buf, p);
        p += TcpOptions.writeSackPermitted(buf, p);
      }
      if (ws) {
        p += TcpOptions.writeNop(buf, p);
        p += TcpOptions.writeWindowScale(buf, p, shift);
      }
      return (int) (p - p0);
    }
  }

  // ---- Ports
  // ---------------------------------------------------------------------------------------------------

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in [1, 65535]; got " + port);
    }
  }

  /**
   * The next port of ip_local_port_range that no listener holds and that no connection to the same
   * destination uses, TIME-WAIT included. As in Linux's connect() (__inet_hash_connect()), a port
   * in use towards one destination may serve another, since a connection is its four-tuple: one
   * address can hold as many connections to a server as that server has ports, not only as many as
   * the range has ports.
   */
  private int ephemeralPort(int remote, int remotePort) throws PortInUseException {
    int low = sysctls.localPortLow();
    int span = sysctls.localPortHigh() - low + 1;
    for (int i = 0; i < span; i++) {
      int port = low + Math.floorMod(nextEphemeral - low + i, span);
      if (!listeners.containsKey(port)
          && (portUsers[port] == 0
              || connections.get(ConnectionTable.key(remote, remotePort, port)) == null)) {
        nextEphemeral = port + 1;
        return port;
      }
    }
    throw new PortInUseException(
        "no free local port in ip_local_port_range "
            + low
            + "-"
            + sysctls.localPortHigh()
            + " to reach "
            + Ipv4Address.toString(remote)
            + ":"
            + remotePort);
  }

  private List<Connection> connectionsOnPort(int port) {
    List<Connection> out = new ArrayList<>();
    connections.forEach(
        c -> {
          if (c.localPort == port) {
            out.add(c);
          }
        });
    return out;
  }
}
