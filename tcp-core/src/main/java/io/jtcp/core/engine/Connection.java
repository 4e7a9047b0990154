package io.jtcp.core.engine;

import static io.jtcp.core.fsm.TcpState.CLOSED;
import static io.jtcp.core.fsm.TcpState.SYN_RECEIVED;
import static io.jtcp.core.fsm.TcpState.SYN_SENT;
import static io.jtcp.core.fsm.TcpState.TIME_WAIT;

import io.jtcp.core.api.ConnectTimeoutException;
import io.jtcp.core.api.ConnectionAbortedException;
import io.jtcp.core.api.ConnectionClosingException;
import io.jtcp.core.api.ConnectionRefusedException;
import io.jtcp.core.api.ConnectionResetException;
import io.jtcp.core.api.ConnectionTimeoutException;
import io.jtcp.core.api.NotConnectedException;
import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.fsm.Action;
import io.jtcp.core.fsm.Guard;
import io.jtcp.core.fsm.TcpEvent;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.fsm.Transition;
import io.jtcp.core.fsm.TransitionTable;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Seq;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import io.jtcp.core.wire.Window;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection: its TCB (RFC 9293 §3.3.1) and the code that performs the table's actions on
 * it. Every method runs on the stack's engine thread and takes {@code now}.
 *
 * <p>Sequence variables follow the RFC's names. {@code sndMax} is the highest sequence number sent
 * (BSD's snd_max): after an RTO, SND.NXT goes back to SND.UNA to resend, and ACKs up to {@code
 * sndMax} stay acceptable.
 */
public final class Connection {
  private static final TransitionTable TABLE = TransitionTable.rfc9293();
  static final int TIMER_RTO = 0;
  static final int TIMER_DELAYED_ACK = 1;
  static final int TIMER_PERSIST = 2;
  static final int TIMER_KEEPALIVE = 3;
  static final int TIMER_TIME_WAIT = 4;
  static final int TIMER_FIN_WAIT_2 = 5;

  /**
   * The pacing clock allows the next segment ({@link Pacer}). Not a table event: it changes no
   * state and means the same in every state — "try the send path again" — which {@link #output}
   * already refuses outside the states that send data, so a row per state would only say so again.
   */
  static final int TIMER_PACING = 6;

  private static final TcpEvent[] TIMER_EVENTS = {
    TcpEvent.RTO,
    TcpEvent.DELAYED_ACK,
    TcpEvent.PERSIST,
    TcpEvent.KEEPALIVE,
    TcpEvent.TIME_WAIT_TIMER,
    TcpEvent.FIN_WAIT_2_TIMER
  };

  /** RFC 9293 §3.7.1: the MSS to assume when the peer sends none. */
  static final int DEFAULT_MSS = 536;

  final Stack stack;
  final int localAddress;
  final int localPort;
  final int remoteAddress;
  final int remotePort;
  final @Nullable Listener parent;
  private final SocketOptions options;
  private ConnectionEvents events = ConnectionEvents.NONE;

  TcpState state = CLOSED;

  // Send sequence space (RFC 9293 §3.3.1).
  int iss;
  int sndUna;
  int sndNxt;
  int sndMax;
  long sndWnd;
  long maxSndWnd;
  int sndWl1;
  int sndWl2;

  /** Sequence number of the first byte in {@link #sendBuffer}. */
  private int bufferSeq;

  // Receive sequence space.
  int irs;
  int rcvNxt;

  // Negotiated in the handshake.
  int sendMss = DEFAULT_MSS;
  int peerMss = -1;
  int sendShift = -1;
  int receiveShift = -1;
  boolean timestampsOn;
  boolean sackOn;
  private boolean peerOfferedWindowScale;
  private boolean peerOfferedTimestamps;
  private boolean peerOfferedSack;
  private int tsRecent;
  private final int tsOffset;

  private final ByteRing sendBuffer;
  private final ByteRing receiveBuffer;

  /**
   * Buffer auto-tuning, as Linux does unless SO_RCVBUF/SO_SNDBUF were set: the receive buffer grows
   * to what the application drains per RTT (tcp_rcv_space_adjust), the send buffer to twice cwnd
   * (tcp_sndbuf_expand), each up to the tcp_rmem/tcp_wmem maximum.
   */
  private final boolean autoReceive;

  private final boolean autoSend;
  private long rcvSpaceStart;
  private long rcvSpaceCopied;
  private boolean finQueued;
  private boolean finReceived;
  private boolean orphaned;

  // What the guards of the row being looked up see. Set around TABLE.lookup only: guards run before
  // any action,
  // so a nested event cannot overwrite them mid-evaluation, and one predicate serves every event
  // without a
  // capturing lambda allocated per segment.
  private TcpEvent guardEvent = TcpEvent.RTO;
  private @Nullable TcpView guardSegment;
  private long guardNow;
  private final java.util.function.Predicate<Guard> guards =
      g -> holds(g, guardEvent, guardSegment, guardNow);

  private final RttEstimator rtt;

  /**
   * Made when the data path first needs it, with {@link #deliveryRate}: an idle connection never
   * sends, and a million of them should not carry the recovery machinery (BENCHMARKS.md, idle
   * connections). Nothing is in flight before it exists, since only it can send data.
   */
  private @Nullable LossRecovery recovery;

  /** Set once our SYN is acknowledged: the data path has started ({@link #startDataPath}). */
  private boolean dataPath;

  private @Nullable CongestionControl congestion;
  private final CongestionControlFactory congestionFactory;
  private @Nullable ReassemblyQueue reassembly;

  /** Delivery-rate estimation for the samples {@code onAck} gets; made with {@link #recovery}. */
  private @Nullable DeliveryRate deliveryRate;

  /**
   * When the congestion control paces: the earliest time of the next data segment. Made when it
   * first paces; most never do.
   */
  private @Nullable Pacer pacer;

  private int timedSeq;
  private long timedAt = -1;

  /** The right edge of the window we last announced (RCV.NXT + RCV.WND then). */
  private int rcvAdvRight;

  /** Receive-buffer bytes never announced, so that a scaled window can round up into them. */
  private int rcvSlack;

  /** RFC 7323 §4.3 Last.ACK.sent: RCV.NXT as our last ACK carried it. */
  private int lastAckSent;

  /** The peer's segment size as seen (Linux's rcv_mss): the delayed-ACK and window-update unit. */
  private int rcvMss = DEFAULT_MSS;

  /** Bytes received since our last ACK. */
  private int rcvUnacked;

  /** RFC 6582 cwnd inflation without SACK: one SMSS per duplicate ACK in fast recovery. */
  private long renoDupBytes;

  /** RFC 3042 segments allowed beyond cwnd by the ACK just processed. */
  private int limitedTransmit;

  /**
   * New data sent on duplicate ACKs before a recovery (limited transmit): RFC 5681 §3.2 step 2 and
   * RFC 6675 §5 (4.2) leave it out of the FlightSize that sets ssthresh.
   */
  private long disorderBytes;

  /** Whether the send path last stopped because of cwnd (RFC 7661: else it is app-limited). */
  private boolean cwndLimited;

  /** Whether this connection's output waits in the stack's queue for room on the link. */
  boolean linkWaiting;

  /** Whether an ACK waits for room on the link (see {@link #sendAck}). */
  private boolean ackOwed;

  /** The end of the last segment shorter than the MSS: Nagle with Minshall's refinement. */
  private int smallSentEnd;

  private long lastSendAt = Long.MIN_VALUE;
  int retransmissions;

  /** Keepalive probes sent since the peer was last heard from. */
  private int probes;

  /**
   * Zero-window probes sent since the window last opened: the persist backoff, which the peer's
   * answers (ACKs of a still-zero window) do not reset (RFC 1122 §4.2.2.17, Linux's icsk_backoff).
   */
  private int persistBackoff;

  private long lastReceived;
  private boolean ackPending;

  private long rtoTimer;
  private long delayedAckTimer;
  private long persistTimer;
  private long keepaliveTimer;
  private long timeWaitTimer;
  private long finWait2Timer;
  private long pacingTimer;

  private final long openedAt;
  private int synsSent;
  private @Nullable IOException error;
  private @Nullable IOException closedError;

  /** Nesting of engine entry points; application callbacks wait until it is back to zero. */
  private int depth;

  private int pendingEvents;
  private static final int EV_ESTABLISHED = 1;
  private static final int EV_READABLE = 2;
  private static final int EV_WRITABLE = 4;
  private static final int EV_CLOSED = 8;
  private static final int EV_ACCEPTABLE = 16;

  private byte @Nullable [] callBuffer;
  private int callOffset;
  private int callLength;
  private int callResult;

  long bytesSent;
  long bytesAcked;
  long bytesReceived;
  long segmentsOut;
  long segmentsIn;
  long retransmittedSegments;
  long rtoCount;
  long sackBlocksSent;
  long sackBlocksReceived;
  long outOfOrderSegments;
  long zeroWindowProbes;
  long pawsDrops;
  private long minRtt;

  Connection(
      Stack stack,
      int localAddress,
      int localPort,
      int remoteAddress,
      int remotePort,
      SocketOptions options,
      @Nullable Listener parent,
      long now) {
    this.stack = stack;
    this.localAddress = localAddress;
    this.localPort = localPort;
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
    this.options = options;
    this.parent = parent;
    this.openedAt = now;
    this.lastReceived = now;
    this.congestionFactory = stack.congestionControlFor(options);
    var sys = stack.sysctls();
    this.sendBuffer =
        new ByteRing(options.sendBuffer() > 0 ? options.sendBuffer() : sys.wmemDefault());
    this.receiveBuffer =
        new ByteRing(options.receiveBuffer() > 0 ? options.receiveBuffer() : sys.rmemDefault());
    this.autoReceive = options.receiveBuffer() == 0 && sys.rmemMax() > sys.rmemDefault();
    this.autoSend = options.sendBuffer() == 0 && sys.wmemMax() > sys.wmemDefault();
    this.rcvSpaceStart = now;
    this.rtt =
        new RttEstimator(
            sys.rtoInitial().toNanos(), sys.rtoMin().toNanos(), sys.rtoMax().toNanos());
    this.iss = stack.isn(localAddress, localPort, remoteAddress, remotePort, now);
    this.tsOffset = Integer.rotateLeft(iss, 13);
    this.sndUna = iss;
    this.sndNxt = iss;
    this.sndMax = iss;
    this.bufferSeq = iss + 1;
  }

  // ---- The application's side
  // ---------------------------------------------------------------------------------

  public TcpState state() {
    return state;
  }

  public void setEvents(ConnectionEvents events) {
    this.events = events;
  }

  public int localPort() {
    return localPort;
  }

  public int remotePort() {
    return remotePort;
  }

  public int localAddress() {
    return localAddress;
  }

  public int remoteAddress() {
    return remoteAddress;
  }

  public SocketOptions options() {
    return options;
  }

  /** Why the connection ended abnormally, or null. */
  public @Nullable IOException error() {
    return error;
  }

  /** Bytes that can be read now. */
  public int available() {
    return receiveBuffer.size();
  }

  /**
   * Whether the peer's FIN has been received (after the buffered bytes, reads return
   * end-of-stream).
   */
  public boolean finReceived() {
    return finReceived;
  }

  /** Room in the send buffer. */
  public int writable() {
    return sendBuffer.free();
  }

  /**
   * Queues up to {@code len} bytes for sending; returns how many fitted (0 when the send buffer is
   * full).
   */
  public int write(byte[] b, int off, int len, long now) throws IOException {
    callBuffer = b;
    callOffset = off;
    callLength = len;
    callResult = 0;
    try {
      user(TcpEvent.SEND, now);
      return callResult;
    } finally {
      callBuffer = null;
    }
  }

  /**
   * Reads up to {@code len} bytes; returns how many, 0 if none is there yet, -1 at end-of-stream.
   */
  public int read(byte[] b, int off, int len, long now) throws IOException {
    if (state == CLOSED && error == null) {
      return drain(b, off, len, now);
    }
    callBuffer = b;
    callOffset = off;
    callLength = len;
    callResult = 0;
    try {
      user(TcpEvent.RECEIVE, now);
      return callResult;
    } finally {
      callBuffer = null;
    }
  }

  /** {@code shutdown(SHUT_WR)}: send FIN after the queued data and keep receiving. */
  public void shutdownOutput(long now) throws IOException {
    user(TcpEvent.SHUTDOWN, now);
  }

  /**
   * Closes: FIN after the queued data (or RST with SO_LINGER 0 or unread data); the socket is
   * released.
   */
  public void close(long now) throws IOException {
    if (state == CLOSED) {
      return; // closing a connection that already ended releases nothing more, as close() on a dead
      // socket
    }
    user(TcpEvent.CLOSE, now);
  }

  /** Aborts: RST to the peer where the state calls for one, and the TCB is deleted at once. */
  public void abort(long now) throws IOException {
    if (state == CLOSED) {
      return;
    }
    user(TcpEvent.ABORT, now);
  }

  /** A snapshot after Linux's {@code TCP_INFO}. */
  public TcpInfo info() {
    return new TcpInfo(
        state,
        TimeUnit.NANOSECONDS.toMicros(rtt.srtt()),
        TimeUnit.NANOSECONDS.toMicros(rtt.rttvar()),
        TimeUnit.NANOSECONDS.toMicros(rtt.rto()),
        sendMss,
        stack.mss(),
        congestion == null ? 0 : congestion.cwnd(),
        congestion == null || congestion.ssthresh() == Long.MAX_VALUE ? -1 : congestion.ssthresh(),
        bytesSent,
        bytesAcked,
        bytesReceived,
        segmentsOut,
        segmentsIn,
        retransmittedSegments + (recovery == null ? 0 : recovery.retransmittedSegments()),
        sndWnd,
        receiveWindow(),
        sendShift,
        receiveShift,
        timestampsOn,
        sackOn,
        congestionFactory.name(),
        TimeUnit.NANOSECONDS.toMicros(minRtt),
        recovery == null
            ? 0
            : recovery.retransmittedSegments() - recovery.rtoRetransmittedSegments(),
        retransmittedSegments + (recovery == null ? 0 : recovery.rtoRetransmittedSegments()),
        recovery == null ? 0 : recovery.fastRecoveries(),
        rtoCount,
        recovery == null ? 0 : recovery.spuriousEpisodes(),
        recovery == null ? 0 : recovery.dsackedBytes(),
        sackBlocksSent,
        sackBlocksReceived,
        outOfOrderSegments,
        zeroWindowProbes,
        pawsDrops);
  }

  @Override
  public String toString() {
    return Ipv4Address.toString(localAddress)
        + ":"
        + localPort
        + " > "
        + Ipv4Address.toString(remoteAddress)
        + ":"
        + remotePort
        + " "
        + state.rfcName();
  }

  private void user(TcpEvent event, long now) throws IOException {
    depth++;
    Transition t;
    try {
      t = fire(event, null, now);
    } finally {
      exit();
    }
    if (t.has(Action.FAIL_CALL)) {
      if (error != null) {
        throw error;
      }
      String where = Ipv4Address.toString(remoteAddress) + ":" + remotePort;
      String why = t.error();
      if ("connection already exists".equals(why)) {
        throw new IllegalStateException("this connection to " + where + " is already open");
      }
      if ("connection closing".equals(why)) {
        throw new ConnectionClosingException(
            "cannot send to " + where + ": the send side is shut down");
      }
      throw new NotConnectedException("not connected to " + where + " (" + state.rfcName() + ")");
    }
  }

  private int drain(byte[] b, int off, int len, long now) {
    int n = receiveBuffer.read(b, off, len);
    if (n == 0 && finReceived) {
      return -1;
    }
    return n;
  }

  // ---- The engine's side
  // ------------------------------------------------------------------------------------

  /** Opens actively: sends the SYN. */
  void open(long now) {
    depth++;
    try {
      fire(TcpEvent.OPEN_ACTIVE, null, now);
    } finally {
      exit();
    }
  }

  /** Starts our sequence space at {@code iss} instead of the generator's ISN. */
  void startAt(int iss) {
    this.iss = iss;
    sndUna = iss;
    sndNxt = iss;
    sndMax = iss;
    bufferSeq = iss + 1;
  }

  /** Starts a passive child in LISTEN and applies the listener's SYN row to it. */
  void openPassive(Transition row, TcpView seg, long now) {
    depth++;
    try {
      state = row.next();
      for (Action a : row.actions()) {
        if (a != Action.SPAWN_CHILD) {
          perform(a, row, seg, now);
        }
      }
    } finally {
      exit();
    }
  }

  /**
   * Builds an ESTABLISHED child from the ACK that returned a valid SYN cookie (RFC 4987 §3.6): ISS
   * and IRS are the ACK's numbers less one, the MSS is the cookie's, and window scale and SACK
   * survive only in the timestamp echo. The ACK's text and FIN, if any, are then processed in
   * ESTABLISHED, as Linux's {@code tcp_child_process} does.
   */
  void openFromCookie(
      Transition row, TcpView ack, int mss, io.jtcp.core.isn.CookieOptions peer, long now) {
    depth++;
    try {
      rebuildFromCookie(row, ack, mss, peer, now);
    } finally {
      exit();
    }
  }

  private void rebuildFromCookie(
      Transition row, TcpView ack, int mss, io.jtcp.core.isn.CookieOptions peer, long now) {
    state = row.next();
    iss = ack.acknowledgmentNumber() - 1;
    irs = ack.sequenceNumber() - 1;
    sndUna = iss + 1;
    sndNxt = sndUna;
    sndMax = sndUna;
    bufferSeq = sndUna;
    rcvNxt = ack.sequenceNumber();
    var sys = stack.sysctls();
    timestampsOn = sys.timestamps() && ack.hasTimestamps();
    if (timestampsOn) {
      tsRecent = ack.tsValue();
      sackOn = sys.sack() && peer.sackPermitted();
      if (sys.windowScaling() && peer.windowScaling()) {
        sendShift = peer.windowScale();
        receiveShift = Window.shiftFor(receiveBufferLimit());
        reserveRoundingSlack();
      }
    }
    sendMss = Math.min(mss, stack.mss()) - (timestampsOn ? 12 : 0);
    rcvMss = Math.min(DEFAULT_MSS, stack.mss() - (timestampsOn ? 12 : 0));
    rcvAdvRight = rcvNxt;
    lastAckSent = rcvNxt;
    sndWnd = sendShift >= 0 ? Window.scaled(ack.window(), sendShift) : ack.window();
    maxSndWnd = sndWnd;
    sndWl1 = ack.sequenceNumber();
    sndWl2 = ack.acknowledgmentNumber();
    stack.onStateChange(this, TcpState.LISTEN, now);
    startDataPath(now);
    for (Action a : row.actions()) {
      if (a == Action.QUEUE_FOR_ACCEPT) {
        perform(a, row, ack, now);
      }
    }
    armKeepalive(now);
    segmentsIn++;
    afterSyn(ack, ack.has(TcpFlags.FIN), now);
  }

  /**
   * Handles an arriving segment (RFC 9293 §3.10.7.3-4) by turning it into table events in the RFC's
   * order.
   */
  void onSegment(TcpView seg, long now) {
    depth++;
    try {
      handleSegment(seg, now);
    } finally {
      exit();
    }
  }

  private void handleSegment(TcpView seg, long now) {
    segmentsIn++;
    lastReceived = now;
    probes = 0;
    int flags = seg.flags();
    boolean syn = (flags & TcpFlags.SYN) != 0;
    boolean ack = (flags & TcpFlags.ACK) != 0;
    boolean rst = (flags & TcpFlags.RST) != 0;
    boolean fin = (flags & TcpFlags.FIN) != 0;

    if (state == SYN_SENT) {
      // RFC 9293 §3.10.7.3: the ACK is checked with the RST or SYN it comes with; text and FIN
      // follow a SYN.
      TcpEvent first =
          rst
              ? TcpEvent.RST
              : syn
                  ? (ack ? TcpEvent.SYN_ACK : TcpEvent.SYN)
                  : ack ? TcpEvent.ACK : fin ? TcpEvent.FIN : TcpEvent.DATA;
      if (continues(first, seg, now) && syn) {
        afterSyn(seg, fin, now);
      }
      return;
    }

    int seq = seg.sequenceNumber();
    if (rst) {
      fire(TcpEvent.RST, seg, now);
      return;
    }
    // RFC 7323 §5.3 R1 (PAWS): a timestamp older than TS.Recent marks a segment from an earlier
    // wrap of the sequence space or an old duplicate; it is acknowledged and dropped.
    if (timestampsOn
        && state.isSynchronized()
        && seg.hasTimestamps()
        && Seq.lt(seg.tsValue(), tsRecent)
        && !disorderedAck(seg)) {
      pawsDrops++;
      stack.counters().count("PAWS: timestamp older than TS.Recent");
      unacceptable(seg, now);
      return;
    }
    // RFC 5961 §4.2: in a synchronized state a SYN is challenged "irrespective of the sequence
    // number".
    if (syn && (state == SYN_RECEIVED && seq == irs || state.isSynchronized())) {
      fire(ack ? TcpEvent.SYN_ACK : TcpEvent.SYN, seg, now);
      return;
    }
    boolean retransmittedFin =
        fin && state.receivedFin() && seq + seg.payloadLength() + 1 == rcvNxt;
    if (retransmittedFin) {
      // RFC 9293 §3.10.7.4: its ACK field is processed (step five) before the FIN (step eight);
      // it may acknowledge our own FIN in CLOSING or LAST-ACK.
      if (ack && (!continues(TcpEvent.ACK, seg, now) || state == CLOSED)) {
        return;
      }
      fire(TcpEvent.FIN, seg, now);
      return;
    }
    if (!acceptable(seq, seg.segmentLength())) {
      // RFC 9293 §3.10.7.4: with a zero receive window nothing is acceptable, "but special
      // allowance should be
      // made to accept valid ACKs": a segment at RCV.NXT still has its ACK field processed, then
      // its text dropped.
      if (receiveWindow() == 0
          && seq == rcvNxt
          && ack
          && !syn
          && !continues(TcpEvent.ACK, seg, now)) {
        return;
      }
      if (state != CLOSED) {
        unacceptable(seg, now);
      }
      return;
    }
    if (syn) {
      fire(ack ? TcpEvent.SYN_ACK : TcpEvent.SYN, seg, now);
      return;
    }
    if (!ack) {
      stack.counters().count("segment without ACK in a synchronized state");
      return;
    }
    // RFC 7323 §4.3: TS.Recent follows the segments at or before Last.ACK.sent, so that the echo
    // dates the earliest segment an ACK covers and a retransmission that fills a hole.
    if (timestampsOn
        && seg.hasTimestamps()
        && Seq.le(seq, lastAckSent)
        && Seq.ge(seg.tsValue(), tsRecent)) {
      tsRecent = seg.tsValue();
    }
    if (!continues(TcpEvent.ACK, seg, now)) {
      return;
    }
    afterSyn(seg, fin, now);
  }

  /**
   * RFC 9293 §3.10.7.4 steps six to eight: the text (in order or held for reassembly), then the FIN
   * once everything before it has arrived.
   */
  private void afterSyn(TcpView seg, boolean fin, long now) {
    int payload = seg.payloadLength();
    int seq = seg.sequenceNumber() + ((seg.flags() & TcpFlags.SYN) != 0 ? 1 : 0);
    if (payload > 0) {
      if (!continues(TcpEvent.DATA, seg, now)) {
        return;
      }
    } else if (fin && !finReceived && seq != rcvNxt && receivesData()) {
      // A bare FIN beyond a hole: remembered, acknowledged at once with its SACK.
      reassembly().receive(seq, seg.segment(), seg.payloadOffset(), 0, true, rcvNxt, receiveBuffer);
      sendAck(now);
      return;
    }
    if (finReceived || !receivesData()) {
      return;
    }
    ReassemblyQueue rq = reassembly;
    boolean finHere = payload == 0 ? fin && seq == rcvNxt : rq != null && rq.finReached();
    if (finHere) {
      continues(TcpEvent.FIN, seg, now);
    }
  }

  /**
   * Linux's exception to PAWS (tcp_disordered_ack): a duplicate ACK that only arrived late — no
   * data, SEQ = RCV.NXT, ACK = SND.UNA, the window unchanged, its timestamp older than TS.Recent by
   * less than an RTO — is an ACK the network reordered, not an old duplicate, and its SACK blocks
   * still tell the sender what arrived.
   */
  private boolean disorderedAck(TcpView seg) {
    long wnd = peerWindow(seg);
    return seg.payloadLength() == 0
        && (seg.flags() & (TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST)) == 0
        && seg.has(TcpFlags.ACK)
        && seg.sequenceNumber() == rcvNxt
        && seg.acknowledgmentNumber() == sndUna
        && wnd == sndWnd
        && Integer.toUnsignedLong(tsRecent - seg.tsValue()) <= rtt.rto() / 1_000_000;
  }

  private boolean receivesData() {
    return state == TcpState.ESTABLISHED
        || state == TcpState.FIN_WAIT_1
        || state == TcpState.FIN_WAIT_2;
  }

  /**
   * A segment that failed the acceptability test or PAWS: its repeated bytes are reported with a
   * D-SACK (RFC 2883 §4) on the ACK the table sends.
   */
  private void unacceptable(TcpView seg, long now) {
    ReassemblyQueue rq = reassembly;
    if (rq != null && sackOn && seg.payloadLength() > 0) {
      rq.unacceptable(seg.sequenceNumber(), seg.payloadLength(), rcvNxt);
    }
    fire(TcpEvent.UNACCEPTABLE, seg, now);
  }

  private boolean continues(TcpEvent e, TcpView seg, long now) {
    return !fire(e, seg, now).discards();
  }

  /** RFC 9293 §3.10.7.4's acceptability test. */
  private boolean acceptable(int seq, int len) {
    long wnd = receiveWindow();
    if (len == 0) {
      // Linux's tcp_sequence takes a zero-length segment up to and including the right edge: a
      // sender that filled
      // our window and lost its first segment sends pure ACKs with SEQ = RCV.NXT + RCV.WND, whose
      // ACK fields the
      // strict RFC 9293 test would ignore.
      return wnd == 0 ? seq == rcvNxt : Seq.inWindow(seq, rcvNxt, wnd + 1);
    }
    if (wnd == 0) {
      return false;
    }
    return Seq.inWindow(seq, rcvNxt, wnd) || Seq.inWindow(seq + len - 1, rcvNxt, wnd);
  }

  /** Fires a timer. */
  void onTimer(int kind, long now) {
    if (kind == TIMER_PACING) {
      pacingTimer = 0;
      depth++;
      try {
        output(now); // see TIMER_PACING: nothing to look up in the table
      } finally {
        exit();
      }
      return;
    }
    switch (kind) {
      case TIMER_RTO -> rtoTimer = 0;
      case TIMER_DELAYED_ACK -> delayedAckTimer = 0;
      case TIMER_PERSIST -> persistTimer = 0;
      case TIMER_KEEPALIVE -> keepaliveTimer = 0;
      case TIMER_TIME_WAIT -> timeWaitTimer = 0;
      case TIMER_FIN_WAIT_2 -> finWait2Timer = 0;
      default -> throw new IllegalArgumentException("timer kind " + kind);
    }
    depth++;
    try {
      fire(TIMER_EVENTS[kind], null, now);
    } finally {
      exit();
    }
  }

  /**
   * Leaves an engine entry point; the outermost one tells the application what happened. Deferring
   * the callbacks until the event is fully processed (as Linux wakes readers after the segment, not
   * during it) means an application that reacts from a callback — reading, writing, closing — never
   * runs a row inside another row.
   */
  private void exit() {
    if (--depth > 0) {
      return;
    }
    while (pendingEvents != 0) {
      int ev = pendingEvents;
      pendingEvents = 0;
      depth++;
      try {
        if ((ev & EV_ACCEPTABLE) != 0 && parent != null) {
          parent.established(this);
        }
        if ((ev & EV_ESTABLISHED) != 0) {
          events.onEstablished(this);
        }
        if ((ev & EV_READABLE) != 0) {
          events.onReadable(this);
        }
        if ((ev & EV_WRITABLE) != 0) {
          events.onWritable(this);
        }
        if ((ev & EV_CLOSED) != 0) {
          events.onClosed(this, closedError);
        }
      } finally {
        depth--;
      }
    }
  }

  private void signal(int event) {
    pendingEvents |= event;
  }

  Transition fire(TcpEvent event, @Nullable TcpView seg, long now) {
    guardEvent = event;
    guardSegment = seg;
    guardNow = now;
    Transition t = TABLE.lookup(state, event, guards);
    guardSegment = null;
    RowTrace.applied(t);
    TcpState before = state;
    state = t.next();
    java.util.List<Action> actions = t.actions(); // indexed: no iterator per segment
    for (int i = 0, n = actions.size(); i < n; i++) {
      perform(actions.get(i), t, seg, now);
    }
    if (before != state) {
      stack.onStateChange(this, before, now);
    }
    return t;
  }

  private boolean holds(Guard g, TcpEvent event, @Nullable TcpView seg, long now) {
    return switch (g) {
      case ALWAYS -> true;
      case ACK_ACCEPTABLE ->
          seg != null
              && seg.has(TcpFlags.ACK)
              && (state == SYN_SENT
                  ? Seq.lt(iss, seg.acknowledgmentNumber())
                      && Seq.le(seg.acknowledgmentNumber(), sndMax)
                  : Seq.lt(sndUna, seg.acknowledgmentNumber())
                      && Seq.le(seg.acknowledgmentNumber(), sndMax));
      case ACK_UNSENT -> seg != null && Seq.gt(seg.acknowledgmentNumber(), sndMax);
      case ACK_TOO_OLD ->
          seg != null
              && Seq.lt(
                  seg.acknowledgmentNumber(),
                  sndUna - (int) Math.min(maxSndWnd, Integer.MAX_VALUE));
      case FIN_ACKED ->
          seg != null && finQueued && Seq.ge(seg.acknowledgmentNumber(), finSeq() + 1) && finSent();
      case RST_EXACT -> seg != null && seg.sequenceNumber() == rcvNxt;
      case RST_IN_WINDOW ->
          seg != null && Seq.inWindow(seg.sequenceNumber(), rcvNxt, Math.max(receiveWindow(), 1));
      case SIMULTANEOUS_SYN_ACK ->
          seg != null
              && parent == null
              && seg.sequenceNumber() == irs
              && seg.acknowledgmentNumber() == sndMax;
      case PASSIVE_OPEN -> parent != null;
      case SYN_RETRANSMITTED -> seg != null && seg.sequenceNumber() == irs;
      case SYN_REOPENS ->
          seg != null && Seq.gt(seg.sequenceNumber(), rcvNxt) && stack.hasListener(localPort);
      case RETRIES_EXHAUSTED -> exhausted(event, now);
      case ORPHANED -> orphaned;
      case UNREAD_DATA -> receiveBuffer.size() > 0;
      case LINGER_ZERO -> options.lingerSeconds() == 0;
      case PENDING -> pending(event, now);
      case BACKLOG_FULL, SYN_COOKIES, SYN_QUEUE_FULL, COOKIE_VALID -> false; // listener guards
    };
  }

  private boolean exhausted(TcpEvent event, long now) {
    var sys = stack.sysctls();
    if (event == TcpEvent.KEEPALIVE) {
      return probes >= sys.keepaliveProbes();
    }
    if (event == TcpEvent.PERSIST) {
      // Linux's tcp_probe_timer: a peer that answers keeps a closed window open for ever (RFC 9293
      // MUST-36), one that answers none of tcp_retries2 probes is gone.
      return probes >= sys.retries2();
    }
    return switch (state) {
      case SYN_SENT ->
          retransmissions >= sys.synRetries()
              || !options.connectTimeout().isZero()
                  && now - openedAt >= options.connectTimeout().toNanos();
      case SYN_RECEIVED -> retransmissions >= sys.synackRetries();
      default ->
          zeroWindowProbing()
              ? now - lastReceived > sys.rtoMax().toNanos()
              : retransmissions >= sys.retries2();
    };
  }

  /**
   * The peer's window is closed and somebody still holds the socket: Linux's tcp_retransmit_timer
   * turns RTO retransmissions into zero-window probes that do not count toward tcp_retries2 (RFC
   * 9293 §3.8.6.1 MUST-36: keep the connection while the receiver answers), and gives up only after
   * TCP_RTO_MAX without hearing from it.
   */
  private boolean zeroWindowProbing() {
    return sndWnd == 0 && !orphaned && state.isSynchronized();
  }

  private boolean pending(TcpEvent event, long now) {
    return switch (event) {
      case RTO -> sndUna != sndMax;
      case DELAYED_ACK -> ackPending;
      case PERSIST -> sndUna == sndMax && (unsent() > 0 || finPending());
      // Linux's tcp_keepalive_timer probes only an idle connection: nothing in flight, nothing
      // queued.
      case KEEPALIVE ->
          options.keepAlive()
              && now - lastReceived >= keepaliveDue()
              && sndUna == sndMax
              && unsent() <= 0;
      default -> false;
    };
  }

  private long keepaliveDue() {
    var sys = stack.sysctls();
    return probes == 0 ? sys.keepaliveTime().toNanos() : sys.keepaliveInterval().toNanos();
  }

  private void perform(Action a, Transition row, @Nullable TcpView seg, long now) {
    switch (a) {
      case SEND_SYN -> sendSyn(false, now);
      case SEND_SYN_ACK -> sendSyn(true, now);
      case SEND_ACK -> sendAck(now);
      case ACK_LATER -> ackLater(now);
      case SEND_CHALLENGE_ACK -> {
        if (stack.challengeAckAllowed(now)) {
          sendAck(now);
        }
      }
      case SEND_RST -> stack.sendReset(seg(seg), remoteAddress, localAddress, now);
      case SEND_RST_ABORT ->
          stack.emit(this, TcpFlags.RST | TcpFlags.ACK, sndMax, rcvNxt, 0, 0, false, now);
      case SEND_FIN -> {
        finQueued = true;
        output(now);
      }
      case SEND_DATA -> output(now);
      case RETRANSMIT -> retransmit(now);
      case SEND_PROBE -> {
        if (row.event() == TcpEvent.PERSIST) {
          persistProbe(now);
        } else {
          stack.emit(
              this, TcpFlags.ACK, sndUna - 1, rcvNxt, advertisedWindowField(), 0, false, now);
          probes++;
        }
      }
      case ACCEPT_SYN -> acceptSyn(seg(seg));
      case PROCESS_ACK -> processAck(seg(seg), now);
      case DELIVER_DATA -> deliver(seg(seg), now);
      case DELIVER_FIN -> {
        rcvNxt++;
        rcvAdvRight++; // the FIN takes a sequence number but no room in the buffer
        finReceived = true;
        signal(EV_READABLE);
      }
      case DISCARD, SPAWN_CHILD -> {}
      case ARM_RTO -> armRto(now);
      case ARM_TIME_WAIT -> {
        // Everything we sent is acknowledged: TIME-WAIT holds no send or reassembly storage.
        sendBuffer.trim();
        if (reassembly != null) {
          reassembly.trim();
        }
        if (deliveryRate != null) {
          deliveryRate.trim();
        }
        timeWaitTimer =
            stack.rearm(
                timeWaitTimer, now + stack.sysctls().timeWait().toNanos(), this, TIMER_TIME_WAIT);
      }
      case ARM_FIN_WAIT_2 -> {
        if (orphaned && state == TcpState.FIN_WAIT_2) {
          finWait2Timer =
              stack.rearm(
                  finWait2Timer,
                  now + stack.sysctls().finTimeout().toNanos(),
                  this,
                  TIMER_FIN_WAIT_2);
        }
      }
      case ARM_KEEPALIVE -> armKeepalive(now);
      case CANCEL_TIMERS -> cancelTimers();
      case SIGNAL_CONNECTED -> {
        armKeepalive(now);
        if (parent == null) {
          signal(EV_ESTABLISHED);
        }
      }
      case QUEUE_FOR_ACCEPT -> {
        if (parent != null) {
          signal(EV_ACCEPTABLE);
        }
      }
      case SIGNAL_REFUSED ->
          error =
              new ConnectionRefusedException(
                  "connection refused by "
                      + Ipv4Address.toString(remoteAddress)
                      + ":"
                      + remotePort);
      case SIGNAL_RESET ->
          error =
              new ConnectionResetException(
                  "connection reset by " + Ipv4Address.toString(remoteAddress) + ":" + remotePort);
      case SIGNAL_TIMEOUT -> error = timeoutError(row.event(), now);
      case MARK_ORPHANED -> orphaned = true;
      case QUEUE_DATA -> {
        byte[] b = callBuffer;
        if (b != null) {
          checkAppLimited(now);
          callResult = sendBuffer.write(b, callOffset, callLength);
        }
      }
      case READ_DATA -> {
        byte[] b = callBuffer;
        if (b != null) {
          callResult = read(b, now);
        }
      }
      case FAIL_CALL -> {}
      case DELETE_TCB -> delete(row, now);
      // RFC 1122 §4.2.2.13: the new connection's ISS must exceed every sequence number this one
      // used; Linux (tcp_timewait_state_process) starts it at SND.NXT + 65535 + 2.
      case PASS_TO_LISTENER -> stack.passToListener(seg(seg), remoteAddress, sndMax + 65537, now);
      case SEND_COOKIE_SYN_ACK, ACCEPT_COOKIE -> {} // the listener performs these
    }
  }

  private static TcpView seg(@Nullable TcpView seg) {
    if (seg == null) {
      throw new IllegalStateException("a segment action ran without a segment");
    }
    return seg;
  }

  private IOException timeoutError(TcpEvent event, long now) {
    String where = Ipv4Address.toString(remoteAddress) + ":" + remotePort;
    if (event == TcpEvent.KEEPALIVE) {
      return new ConnectionTimeoutException(
          String.format(
              "connection to %s timed out: %d keepalive probes unanswered", where, probes));
    }
    if (event == TcpEvent.PERSIST) {
      return new ConnectionTimeoutException(
          String.format(
              "connection to %s timed out: %d zero-window probes unanswered", where, probes));
    }
    double seconds = (now - openedAt) / 1e9;
    if (state == CLOSED && synsSent > 0 && sndUna == iss) {
      return new ConnectTimeoutException(
          String.format(
              "connect to %s timed out: %d SYNs sent over %.0f s with no answer",
              where, synsSent, seconds));
    }
    return new ConnectionTimeoutException(
        String.format(
            "connection to %s timed out after %d retransmissions", where, retransmissions));
  }

  private void delete(Transition row, long now) {
    cancelTimers();
    stack.remove(this, now);
    if (parent != null) {
      parent.childGone(this);
    }
    closedError = error;
    signal(EV_CLOSED);
    if (row.event() == TcpEvent.ABORT && error == null) {
      // Reported to calls made after the application's own abort, not to the close event above.
      error = new ConnectionAbortedException("connection aborted locally");
    }
  }

  private int read(byte[] b, long now) {
    int n = receiveBuffer.read(b, callOffset, callLength);
    if (n == 0 && finReceived) {
      return -1;
    }
    if (autoReceive && n > 0) {
      tuneReceiveBuffer(n, now);
    }
    // RFC 9293 §3.8.6.2.2: a window that opened by at least min(one MSS, half the buffer) may be
    // announced; nextRightEdge applies that rule to every segment.
    if (n > 0 && state.isSynchronized() && !finReceived) {
      // Linux's tcp_cleanup_rbuf: only when the window the peer knows has fallen to half the
      // buffer or less and the read at least doubles it, so a read never costs a pure ACK that
      // tells the sender nothing it needs.
      long known = Math.max(rcvAdvRight - rcvNxt, 0);
      long next = Integer.toUnsignedLong(nextRightEdge() - rcvNxt);
      if (2 * known <= receiveBuffer.limit() && next > 0 && next >= 2 * known) {
        sendAck(now);
      }
    }
    return n;
  }

  /**
   * Dynamic right-sizing (Linux's tcp_rcv_space_adjust): once per RTT, let the buffer hold four
   * times what the application read in the last one — two RTTs of data so the window never limits a
   * sender that keeps pace, twice that for a sender still in slow start.
   */
  private void tuneReceiveBuffer(int n, long now) {
    rcvSpaceCopied += n;
    long interval = Math.max(rtt.srtt(), 100_000); // 0.1 ms: loopback RTTs are microseconds
    if (now - rcvSpaceStart < interval) {
      return;
    }
    long target = Math.min(stack.sysctls().rmemMax(), 4 * rcvSpaceCopied);
    if (target > receiveBuffer.limit()) {
      receiveBuffer.growLimit((int) target);
      ReassemblyQueue rq = reassembly;
      if (rq != null) {
        rq.growLimit((int) target);
      }
    }
    rcvSpaceStart = now;
    rcvSpaceCopied = 0;
  }

  // ---- Sending
  // ------------------------------------------------------------------------------------------------

  private void sendSyn(boolean ack, long now) {
    synsSent++;
    sndNxt = iss + 1;
    sndMax = Seq.max(sndMax, sndNxt);
    if (synsSent == 1) {
      timedSeq = iss;
      timedAt = now;
    } else {
      timedAt = -1; // Karn: the answer may be to an earlier SYN (Linux's tcp_synack_rtt_meas)
    }
    int window = Math.min(advertisableFree(), Window.MAX_UNSCALED);
    if (ack) {
      rcvAdvRight = rcvNxt + window;
    }
    stack.emit(
        this,
        ack ? TcpFlags.SYN | TcpFlags.ACK : TcpFlags.SYN,
        iss,
        ack ? rcvNxt : 0,
        window,
        0,
        true,
        now);
  }

  /**
   * A pure ACK carries SEQ = SND.MAX, as 4.4BSD's tcp_output does: a lower SEQ could sit below data
   * the peer already has, be unacceptable to it (RFC 9293 §3.10.7.4), and start an ACK war.
   */
  void sendAck(long now) {
    if (!linkReady()) {
      ackOwed = true; // one ACK, with the latest numbers, when the link has room again
      return;
    }
    stack.emit(this, TcpFlags.ACK, sndMax, rcvNxt, advertisedWindowField(), 0, false, now);
  }

  /**
   * The link has room again after this connection waited for it: sends what waited, data first,
   * then the ACK still owed if no data segment carried it.
   */
  void resumeOutput(long now) {
    if (state == CLOSED) {
      return;
    }
    output(now);
    if (ackOwed && !linkWaiting) {
      sendAck(now);
    }
  }

  /**
   * RFC 9293 §3.8.6.3 and RFC 5681 §4.2: delay the ACK, but acknowledge at once when more than one
   * full-sized segment is unacknowledged (Linux's "more than one rcv_mss"), when the segment
   * arrived out of order, filled a hole or repeated data, and under TCP_QUICKACK; otherwise within
   * the delayed-ACK timeout (Linux: 40 ms).
   */
  private void ackLater(long now) {
    ackPending = true;
    ReassemblyQueue rq = reassembly;
    if (options.quickAck() || rcvUnacked > rcvMss || rq != null && rq.ackNow()) {
      sendAck(now);
    } else if (delayedAckTimer == 0) {
      delayedAckTimer =
          stack.schedule(now + stack.sysctls().delayedAckMax().toNanos(), this, TIMER_DELAYED_ACK);
    }
  }

  /** Called by the stack whenever it emits a segment that carries our ACK. */
  void ackSent() {
    ackOwed = false;
    ackPending = false;
    rcvUnacked = 0;
    lastAckSent = rcvNxt;
    if (delayedAckTimer != 0) {
      stack.cancel(delayedAckTimer);
      delayedAckTimer = 0;
    }
  }

  /** The MSS-sized segments a packet of {@code payload} bytes stands for (tcp_skb_pcount). */
  int segmentCount(int payload) {
    return payload <= sendMss ? 1 : (payload + sendMss - 1) / sendMss;
  }

  /** Bytes in the send buffer not yet sent once. */
  private int unsent() {
    return Math.max(finSeq() - sndMax, 0);
  }

  private int finSeq() {
    return bufferSeq + sendBuffer.size();
  }

  private boolean finSent() {
    return finQueued && Seq.gt(sndMax, finSeq());
  }

  private boolean finPending() {
    return finQueued && !finSent();
  }

  /** How much of the peer's window is unused: SND.UNA + SND.WND − SND.MAX, at least 0. */
  private long windowAvailable() {
    return Math.max(sndWnd - Integer.toUnsignedLong(sndMax - sndUna), 0);
  }

  /**
   * RFC 6675 NextSeg()'s allowance for new data: the unsent bytes (and the FIN, which takes one
   * sequence number of the window, as Linux's tcp_snd_wnd_test demands) that fit the peer's window.
   */
  private int newDataAllowed() {
    long wnd = windowAvailable();
    int unsent = unsent();
    long data = Math.min(unsent, wnd);
    boolean fin = finPending() && data == unsent && wnd > data;
    return (int) data + (fin ? 1 : 0);
  }

  /**
   * The bytes in flight the window is gated on: RFC 6675's pipe; without SACK, in fast recovery,
   * less one SMSS per duplicate ACK, which RFC 6582 expresses as cwnd inflation and Linux as
   * counting each duplicate ACK as one segment that left the network (tcp_add_reno_sack).
   */
  private long pipe(LossRecovery lr) {
    return Math.max(lr.pipe() - renoDupBytes, 0);
  }

  /**
   * Sends what the windows allow: during a recovery, what RFC 6675 NextSeg() picks while cwnd −
   * pipe ≥ SMSS (§5 step C); otherwise new data in MSS-sized segments, with Nagle (RFC 896, with
   * Minshall's refinement as Linux) and sender-side silly-window avoidance (RFC 9293 §3.8.6.2.1).
   *
   * <p>A segment the windows allow then waits for the pacing clock, if the congestion control paces
   * (a timer resumes this method when the clock allows), and then for room on the link (the stack
   * resumes it): each gate is asked only once the ones before it let the segment through, so a
   * paced connection does not queue for the link while its clock holds it anyway.
   */
  void output(long now) {
    CongestionControl cc = congestion;
    if (!dataPath || cc == null || !state.isSynchronized() || state == TIME_WAIT) {
      return;
    }
    LossRecovery made = recovery;
    if (sndMax == finSeq()
        && !finPending()
        && (made == null || made.state() == LossRecovery.State.OPEN)) {
      return; // nothing unsent and no recovery: the receiving side of a bulk transfer
    }
    LossRecovery lr = recovery(now);
    if (sndUna == sndMax
        && lastSendAt != Long.MIN_VALUE
        && now - lastSendAt > rtt.rto()
        && (unsent() > 0 || finPending())) {
      cc.onIdleRestart(now, now - lastSendAt); // RFC 5681 §4.1
    }
    while (true) {
      long cwnd = Math.max(cc.cwnd(), sendMss);
      long pipe = pipe(lr);
      int mss = segmentPayloadLimit();
      LossRecovery.State phase = lr.state();
      if (phase == LossRecovery.State.RECOVERY || phase == LossRecovery.State.LOSS) {
        if (cwnd - pipe < sendMss) {
          cwndLimited = true;
          return;
        }
        long s = lr.nextSegment(newDataAllowed());
        if (s == NextSeg.NONE) {
          cwndLimited = false;
          armPersistIfStalled(now);
          return;
        }
        if (!paced(cc, now) || !linkReady()) {
          cwndLimited = false; // RFC 7661: the pacer or the link, not cwnd, holds the data back
          return;
        }
        transmit(lr, s, now);
        continue;
      }
      int unsent = unsent();
      long wnd = windowAvailable();
      int len = (int) Math.min(Math.min(unsent, wnd), mss);
      if (len == mss && stack.offloadPayload() > mss) {
        len = offloadLength(mss, unsent, wnd, cwnd - pipe);
      }
      boolean fin = finPending() && len == unsent && wnd > len;
      if (len == 0 && !fin) {
        cwndLimited = false;
        armPersistIfStalled(now);
        return;
      }
      boolean beyondCwnd = len > 0 && cwnd - pipe < len;
      if (beyondCwnd) {
        long flight = Integer.toUnsignedLong(sndMax - sndUna);
        // RFC 3042: on the first two duplicate ACKs one new segment each, within cwnd + 2·SMSS
        // (the allowance is spent below, once the segment really goes).
        if (limitedTransmit <= 0 || flight + len > cwnd + 2L * sendMss) {
          cwndLimited = true;
          return;
        }
      }
      if (len < mss && !fin && !partialAllowed(len, unsent)) {
        cwndLimited = false;
        armPersistIfStalled(now);
        return;
      }
      if (!paced(cc, now) || !linkReady()) {
        // RFC 7661 and Linux's tcp_cwnd_validate: cwnd grows only while it is what limits the
        // sender, and a sender held back by its pacing or its own link is not (else cwnd, and the
        // send buffer auto-tuned from it, would grow without bound on a fast local link).
        cwndLimited = beyondCwnd;
        return;
      }
      if (beyondCwnd) {
        limitedTransmit--;
      }
      transmit(lr, NextSeg.of(NextSeg.NEW_DATA, sndMax, len + (fin ? 1 : 0)), now);
    }
  }

  /**
   * How much new data one packet carries on a link that takes large packets whole, given that a
   * full segment may go: as many MSS-sized segments as the send buffer, the peer's window and cwnd
   * allow, up to the size goal (Linux's tcp_write_xmit with TSO). Only whole segments, except the
   * last piece of what is queued, which rides along when Nagle would let it go on its own
   * (tcp_mss_split_point); what is left waits as it would for a segment of its own.
   */
  private int offloadLength(int mss, int unsent, long wnd, long cwndRoom) {
    long len = Math.min(Math.min(unsent, wnd), offloadGoal(mss));
    len = Math.min(len, Math.max(cwndRoom, mss));
    int tail = (int) (len % mss);
    if (tail != 0 && (len < unsent || !partialAllowed(tail, tail))) {
      len -= tail;
    }
    return (int) Math.max(len, mss);
  }

  /**
   * The most data one packet carries (Linux's tcp_xmit_size_goal): what the link takes, at most
   * half the peer's largest window (tcp_bound_to_half_wnd) and, for a congestion control that
   * paces, about a millisecond at its rate but at least two segments (tcp_tso_autosize), in whole
   * segments.
   */
  private int offloadGoal(int mss) {
    long goal = stack.offloadPayload();
    if (maxSndWnd > 0) {
      goal = Math.min(goal, maxSndWnd > DEFAULT_MSS ? maxSndWnd / 2 : maxSndWnd);
    }
    CongestionControl cc = congestion;
    long rate = cc == null ? 0 : cc.pacingRate();
    if (rate > 0) {
      goal = Math.min(goal, Math.max(rate >> 10, 2L * mss)); // bytes per 1.024 ms, as Linux
    }
    return (int) Math.max(goal - goal % mss, mss);
  }

  /**
   * Before the application's data is queued, as Linux's tcp_sendmsg calls
   * tcp_rate_check_app_limited: if the sender has less than an SMSS unsent, nothing waiting for the
   * link, room in cwnd and no lost data left to resend, it ran short of data and the delivery rate
   * measured until what is in flight now is delivered says nothing about the path's capacity
   * (draft-cheng-iccrg-delivery-rate-estimation, application-limited phases).
   */
  private void checkAppLimited(long now) {
    CongestionControl cc = congestion;
    if (!dataPath || cc == null) {
      return;
    }
    // The first write is when an idle connection's data path gets its recovery and rate state.
    LossRecovery lr = recovery(now);
    DeliveryRate dr = deliveryRate;
    if (dr == null) {
      return;
    }
    long pipe = pipe(lr);
    dr.checkAppLimited(
        unsent() < sendMss && !linkWaiting && pipe < cc.cwnd() && !lr.lossPending(), pipe);
  }

  /**
   * A segment shorter than the MSS goes out only if it carries all that is queued and Nagle lets it
   * (TCP_NODELAY, or no earlier short segment unacknowledged: Minshall's rule, Linux's
   * tcp_minshall_check), or if it fills at least half the peer's largest window (RFC 9293
   * §3.8.6.2.1, Fs = 1/2). Otherwise it waits for an ACK, or for the persist timer when nothing is
   * in flight (the RFC's override timeout).
   */
  private boolean partialAllowed(int len, int unsent) {
    if (len == unsent && (options.noDelay() || !Seq.gt(smallSentEnd, sndUna))) {
      return true;
    }
    return maxSndWnd > 0 && len >= maxSndWnd / 2;
  }

  /**
   * Whether the pacing clock lets a segment go now (always when the congestion control does not
   * pace: {@code pacingRate()} is read at every opportunity, so the rate may change at any time);
   * if not, a timer at the clock's time resumes {@link #output}. Only one such timer is armed: a
   * blocked call finds it already set for that time.
   */
  private boolean paced(CongestionControl cc, long now) {
    long rate = cc.pacingRate();
    Pacer p = pacer;
    if (p == null || p.allows(rate, now)) {
      return true;
    }
    long at = p.nextSendTime();
    if (pacingTimer == 0 || stack.timerDeadline(pacingTimer) != at) {
      pacingTimer = stack.rearm(pacingTimer, at, this, TIMER_PACING);
    }
    return false;
  }

  /**
   * Whether the link has room for the segment about to go; if not, the stack resumes {@link
   * #output} once it has, and nothing is sent meanwhile (no drop, no timer: the data simply waits
   * in the send buffer).
   */
  private boolean linkReady() {
    return !linkWaiting && stack.linkReady(this);
  }

  /** Nothing in flight and something waiting for the window: only the persist timer moves it. */
  private void armPersistIfStalled(long now) {
    if (sndUna == sndMax && (unsent() > 0 || finPending()) && persistTimer == 0) {
      armPersist(now);
    }
  }

  /**
   * The payload a data segment may carry: SMSS less the SACK option the next ACK will carry, so the
   * packet stays within the link MTU (Linux's tcp_current_mss).
   */
  private int segmentPayloadLimit() {
    ReassemblyQueue rq = reassembly;
    if (!sackOn || rq == null) {
      return sendMss;
    }
    int blocks = Math.min(timestampsOn ? 3 : 4, rq.rangeCount() + (rq.dsackPending() ? 1 : 0));
    return blocks == 0 ? sendMss : sendMss - 4 - 8 * blocks;
  }

  /**
   * Sends one range of sequence space chosen by {@link LossRecovery} (or the ordinary send path)
   * and tells the recovery about it.
   */
  private void transmit(LossRecovery lr, long s, long now) {
    int seq = NextSeg.seq(s);
    int len = NextSeg.len(s);
    int limit = segmentPayloadLimit();
    if (NextSeg.kind(s) == NextSeg.NEW_DATA && stack.offloadPayload() > limit) {
      limit = Math.max(offloadGoal(limit), limit); // output() chose whole segments to fit it
    }
    if (len > limit) {
      len = limit; // SACK options took room since the range was chosen
      s = NextSeg.of(NextSeg.kind(s), seq, len);
    }
    int fs = finSeq();
    boolean fin = finQueued && Seq.le(seq, fs) && Seq.gt(seq + len, fs);
    int payload = fin ? fs - seq : len;
    boolean retransmission = Seq.lt(seq, sndMax);
    int flags =
        TcpFlags.ACK
            | (fin ? TcpFlags.FIN : 0)
            | (payload > 0 && seq + payload == fs ? TcpFlags.PSH : 0);
    if (retransmission) {
      // Karn (RFC 6298 §3): a retransmitted segment's ACK is ambiguous.
      if (timedAt >= 0 && Seq.le(seq, timedSeq) && Seq.gt(seq + len, timedSeq)) {
        timedAt = -1;
      }
    } else if (timedAt < 0 && lr.state() == LossRecovery.State.OPEN) {
      timedSeq = seq;
      timedAt = now;
    }
    stack.emit(this, flags, seq, rcvNxt, advertisedWindowField(), payload, false, now);
    bytesSent += payload;
    DeliveryRate dr = deliveryRate;
    if (dr != null) {
      dr.onSent(seq, len, sndMax, sndUna == sndMax, now);
    }
    CongestionControl cc = congestion;
    if (cc != null) {
      long rate = cc.pacingRate();
      if (rate > 0) {
        Pacer p = pacer;
        if (p == null) {
          p = new Pacer();
          pacer = p;
        }
        p.sent(rate, payload, sendMss, now);
      }
    }
    if (NextSeg.kind(s) == NextSeg.NEW_DATA) {
      lr.onTransmit(seq, len);
    } else {
      lr.onSent(s);
    }
    if (payload > 0 && payload % sendMss != 0 && !retransmission) {
      smallSentEnd = seq + len; // a packet with a short segment in it (Linux's tcp_minshall_update)
    }
    if (!retransmission && lr.state() == LossRecovery.State.DISORDER) {
      disorderBytes += len;
    }
    if (Seq.gt(seq + len, sndMax)) {
      sndMax = seq + len;
    }
    sndNxt = sndMax;
    lastSendAt = now;
    armRto(now);
  }

  /**
   * The retransmission timer fired. For a SYN, RFC 6298 §5.4 and RFC 9293 §3.8.1; for data, RFC
   * 6298 §5.4-5.6 and RFC 6675 §5.1: the congestion control hears of it first, then the earliest
   * unacknowledged (and unSACKed) segment is resent whatever cwnd says, and the timer backs off.
   */
  private void retransmit(long now) {
    LossRecovery lr = dataPath ? recovery(now) : null;
    CongestionControl cc = congestion;
    boolean probing = zeroWindowProbing();
    if (!probing) {
      retransmissions++;
    }
    rtt.backOff();
    timedAt = -1;
    if (lr == null || cc == null || state == SYN_SENT || state == SYN_RECEIVED) {
      retransmittedSegments++;
      rtoCount++;
      sendSyn(state == SYN_RECEIVED, now);
      armRto(now);
      return;
    }
    rtoCount++;
    boolean repeated = lr.state() == LossRecovery.State.LOSS;
    cc.onCongestionEvent(
        repeated ? CongestionEvent.RTO_REPEATED : CongestionEvent.RTO,
        now,
        Integer.toUnsignedLong(sndMax - sndUna),
        pipe(lr));
    lr.onRto(false);
    renoDupBytes = 0;
    limitedTransmit = 0;
    if (pacer != null) {
      pacer.restart(now); // the timeout's retransmission is never held back by the pacing clock
    }
    long s = lr.nextSegment(newDataAllowed());
    if (s != NextSeg.NONE) {
      transmit(lr, s, now);
    }
    armRto(now);
  }

  private void armRto(long now) {
    if (rtoTimer == 0 && sndUna != sndMax) {
      rtoTimer = stack.schedule(now + rtt.rto(), this, TIMER_RTO);
    }
  }

  private void restartRto(long now) {
    rtoTimer = stack.cancel(rtoTimer);
    armRto(now);
  }

  private void armPersist(long now) {
    // RFC 1122 §4.2.2.17: exponential backoff between probes; Linux caps the interval at RTO max.
    long interval =
        Math.min(rtt.rto() << Math.min(persistBackoff, 20), stack.sysctls().rtoMax().toNanos());
    persistTimer = stack.rearm(persistTimer, now + interval, this, TIMER_PERSIST);
  }

  /**
   * The persist timer fired with nothing in flight: into a closed window a probe of one old
   * sequence number (Linux's tcp_xmit_probe_skb, SEQ = SND.UNA − 1), into an open one the data the
   * silly-window rules held back (RFC 9293 §3.8.6.2.1's override, Linux's tcp_write_wakeup).
   */
  private void persistProbe(long now) {
    int allowed = newDataAllowed();
    if (dataPath && sndWnd > 0 && allowed > 0) {
      transmit(
          recovery(now), NextSeg.of(NextSeg.NEW_DATA, sndMax, Math.min(allowed, sendMss)), now);
      persistBackoff = 0;
      return;
    }
    zeroWindowProbes++;
    probes++; // unanswered probes, reset by any segment from the peer (Linux's icsk_probes_out)
    stack.emit(this, TcpFlags.ACK, sndUna - 1, rcvNxt, advertisedWindowField(), 0, false, now);
    persistBackoff++;
    armPersist(now);
  }

  private void armKeepalive(long now) {
    if (options.keepAlive() && state.isSynchronized()) {
      keepaliveTimer =
          stack.rearm(keepaliveTimer, lastReceived + keepaliveDue(), this, TIMER_KEEPALIVE);
      if (stack.timerDeadline(keepaliveTimer) <= now) {
        keepaliveTimer = stack.rearm(keepaliveTimer, now + keepaliveDue(), this, TIMER_KEEPALIVE);
      }
    }
  }

  private void cancelTimers() {
    rtoTimer = stack.cancel(rtoTimer);
    delayedAckTimer = stack.cancel(delayedAckTimer);
    persistTimer = stack.cancel(persistTimer);
    keepaliveTimer = stack.cancel(keepaliveTimer);
    timeWaitTimer = stack.cancel(timeWaitTimer);
    finWait2Timer = stack.cancel(finWait2Timer);
    pacingTimer = stack.cancel(pacingTimer);
  }

  // ---- Receiving
  // ----------------------------------------------------------------------------------------------

  private void acceptSyn(TcpView seg) {
    irs = seg.sequenceNumber();
    rcvNxt = irs + 1;
    rcvAdvRight = rcvNxt;
    lastAckSent = rcvNxt;
    peerMss = seg.mss();
    peerOfferedWindowScale = seg.windowScale() >= 0;
    peerOfferedTimestamps = seg.hasTimestamps();
    peerOfferedSack = seg.sackPermitted();
    // An option is on when we allow it and the peer offered it: the active side offered every
    // allowed option in its SYN, and the passive side answers only what the SYN offered (RFC 7323
    // §2.2, RFC 2018 §2).
    var sys = stack.sysctls();
    if (sys.windowScaling() && peerOfferedWindowScale) {
      sendShift = Window.clampShift(seg.windowScale());
      receiveShift = Window.shiftFor(receiveBufferLimit());
      reserveRoundingSlack();
    }
    timestampsOn = sys.timestamps() && peerOfferedTimestamps;
    sackOn = sys.sack() && peerOfferedSack;
    if (timestampsOn) {
      tsRecent = seg.tsValue();
    }
    int mss = peerMss > 0 ? peerMss : DEFAULT_MSS;
    sendMss = Math.min(mss, stack.mss()) - (timestampsOn ? 12 : 0);
    rcvMss = Math.min(DEFAULT_MSS, stack.mss() - (timestampsOn ? 12 : 0));
    sndWnd = seg.window(); // RFC 7323 §2.2: the window in a SYN is never scaled
    maxSndWnd = sndWnd;
    sndWl1 = irs;
    sndWl2 = seg.acknowledgmentNumber();
  }

  /**
   * Once our SYN is acknowledged the data path starts: the loss recovery, the reassembly queue and
   * the congestion-control algorithm, which learns the negotiated SMSS and options.
   */
  private void startDataPath(long now) {
    if (dataPath) {
      return;
    }
    dataPath = true;
    smallSentEnd = sndUna;
    congestion = congestionFactory.create(new ConnectionParams(sendMss, sackOn, timestampsOn, now));
  }

  /**
   * The loss recovery, made (with the delivery-rate state) the first time the data path needs it.
   */
  private LossRecovery recovery(long now) {
    LossRecovery lr = recovery;
    if (lr == null) {
      lr = new LossRecovery(sndUna, sendMss, sackOn);
      recovery = lr;
      deliveryRate = new DeliveryRate(now);
    }
    return lr;
  }

  private void reserveRoundingSlack() {
    if (receiveShift > 0) {
      // Sixteen units of the scale: room for the rounding to creep over many ACKs while the
      // application does not read (each can add up to one unit), 2 KiB at Linux's usual shift 7.
      rcvSlack = 16 << receiveShift;
      receiveBuffer.growLimit(receiveBuffer.limit() + rcvSlack);
    }
  }

  private ReassemblyQueue reassembly() {
    ReassemblyQueue rq = reassembly;
    if (rq == null) {
      rq = new ReassemblyQueue(receiveBuffer.limit());
      reassembly = rq;
    }
    return rq;
  }

  private void processAck(TcpView seg, long now) {
    int ack = seg.acknowledgmentNumber();
    CongestionControl cc = congestion;
    if (!dataPath || cc == null) {
      // The handshake: the ACK of our SYN.
      if (Seq.gt(ack, sndUna)) {
        if (timedAt >= 0 && Seq.gt(ack, timedSeq)) {
          rttSample(now - timedAt);
        }
        timedAt = -1;
        sndUna = ack;
        sndNxt = Seq.max(sndNxt, ack);
        retransmissions = 0;
        rtoTimer = stack.cancel(rtoTimer);
      }
      updateWindow(seg);
      if (state.isSynchronized() && Seq.gt(sndUna, iss)) {
        startDataPath(now);
      }
      return;
    }
    if (ack == sndUna && sndUna == sndMax && seg.sackBlockCount() == 0) {
      // Nothing outstanding and nothing acknowledged: what a receiver of bulk data sees on every
      // segment. Only the window can have changed (Linux's header-prediction fast path).
      updateWindow(seg);
      return;
    }
    LossRecovery lr = recovery(now);
    long priorPipe = pipe(lr);
    long flight = Integer.toUnsignedLong(sndMax - sndUna);
    boolean advances = Seq.gt(ack, sndUna);
    long sample = -1;
    if (advances) {
      DeliveryRate rate = deliveryRate;
      long sentAt = rate == null ? -1 : rate.rttSendTime(ack);
      if (sentAt >= 0) {
        // Every ACK of data sent once dates it (Linux's seq_rtt_us). At least a microsecond,
        // Linux's
        // resolution: a send and its ACK within one turn of the event loop share its clock reading
        // (a TAP write runs the kernel's receive path at once), and an RTT of 0 is no RTT.
        sample = Math.max(now - sentAt, 1_000L);
        if (timedAt >= 0 && Seq.gt(ack, timedSeq)) {
          timedAt = -1;
        }
      } else if (timedAt >= 0 && Seq.gt(ack, timedSeq)) {
        sample = now - timedAt;
        timedAt = -1;
      } else if (timestampsOn && seg.hasTimestamps() && seg.tsEchoReply() != 0) {
        // RFC 7323 §4: the echo dates the segment that made the peer ACK, retransmission or not.
        int ms = tsValue(now) - seg.tsEchoReply();
        if (ms >= 0 && ms < 1 << 24) {
          // A whole tick at least, as Linux's tcp_rtt_tsopt_us: an echo of this very tick says
          // less than a millisecond, not no time at all.
          sample = Math.max(ms, 1) * 1_000_000L;
        }
      }
    }
    if (sample >= 0) {
      rttSample(sample);
    }
    long wnd = peerWindow(seg);
    boolean dupCandidate =
        seg.payloadLength() == 0
            && (seg.flags() & (TcpFlags.SYN | TcpFlags.FIN)) == 0
            && wnd == sndWnd;
    int ev = lr.onAck(seg, sndMax, dupCandidate);
    DeliveryRate dr = deliveryRate;
    if (dr != null) {
      dr.onAck(lr.scoreboard(), now, minRtt); // from the scoreboard's report of this very ACK
    }
    long limitedBytes = disorderBytes;
    if (lr.state() != LossRecovery.State.DISORDER) {
      disorderBytes = 0;
    }
    if (sackOn) {
      sackBlocksReceived += seg.sackBlockCount();
    }
    long acked = 0;
    int data = 0;
    if (advances) {
      acked = Integer.toUnsignedLong(ack - sndUna);
      data = Math.clamp(ack - bufferSeq, 0, sendBuffer.size());
      sendBuffer.drop(data);
      bufferSeq += data;
      bytesAcked += data;
      sndUna = ack;
      sndNxt = Seq.max(sndNxt, ack);
      retransmissions = 0;
      restartRto(now); // RFC 6298 §5.3
      if (sndUna == sndMax) {
        rtoTimer = stack.cancel(rtoTimer);
      }
      // The send buffer keeps its array while the connection lives: trimming it whenever
      // everything was acknowledged regrew it from 4 KiB on the next write, 27% of the bytes a
      // bulk transfer allocated (BENCHMARKS.md).
      signal(EV_WRITABLE);
    }
    if ((ev & (LossRecovery.EXIT_RECOVERY | LossRecovery.EXIT_LOSS)) != 0) {
      renoDupBytes = 0;
      cc.onRecoveryExit(now, (ev & LossRecovery.EXIT_LOSS) != 0);
    }
    if ((ev & LossRecovery.ENTER_RECOVERY) != 0) {
      cc.onCongestionEvent(
          CongestionEvent.FAST_RETRANSMIT, now, Math.max(flight - limitedBytes, 0), priorPipe);
      timedAt = -1; // samples taken across a hole would measure the recovery, not the path
      renoDupBytes = sackOn ? 0 : 3L * sendMss;
    } else if (!sackOn && lr.inRecovery()) {
      if ((ev & LossRecovery.DUP_ACK) != 0) {
        renoDupBytes += sendMss;
      }
      if (acked > 0) {
        // RFC 6582 §3.2 step 3: deflate by the bytes acknowledged, add back one SMSS when the
        // partial ACK covered at least that much.
        renoDupBytes = Math.max(renoDupBytes - acked + (acked >= sendMss ? sendMss : 0), 0);
      }
    }
    if ((ev & LossRecovery.SPURIOUS) != 0) {
      cc.onSpuriousCongestion(now);
    }
    limitedTransmit = (ev & LossRecovery.LIMITED_TRANSMIT) != 0 && !sackOn ? 1 : 0;
    SackScoreboard board = lr.scoreboard();
    Ack a = stack.ackSample;
    a.now = now;
    a.smss = sendMss;
    a.ackedBytes = data;
    a.sackedBytes = sackOn ? board.newlySacked() : 0;
    a.lostBytes = board.newlyLost();
    a.priorInFlight = priorPipe;
    a.inFlight = pipe(lr);
    a.rttSample = sample;
    a.srtt = rtt.srtt();
    a.minRtt = minRtt;
    a.duplicate = (ev & LossRecovery.DUP_ACK) != 0;
    a.ece = seg.has(TcpFlags.ECE);
    a.inRecovery = lr.inRecovery();
    long cwnd = cc.cwnd();
    a.appLimited = !cwndLimited && !(cwnd < cc.ssthresh() && 2 * priorPipe >= cwnd);
    if (dr != null) {
      a.delivered = dr.delivered();
      a.deliveryRate = dr.rate();
      a.deliveryInterval = dr.interval();
      a.priorDelivered = dr.priorDelivered();
      a.deliveryAppLimited = dr.sampleAppLimited();
      a.retransmissionAcked = dr.retransmissionAcked();
    }
    cc.onAck(a);
    if (autoSend) {
      long want = Math.min(stack.sysctls().wmemMax(), 2 * cc.cwnd());
      if (want > sendBuffer.limit()) {
        sendBuffer.growLimit((int) want);
      }
    }
    updateWindow(seg);
    if ((ev & LossRecovery.RETRANSMIT) != 0) {
      long s = lr.nextSegment(newDataAllowed());
      if (s != NextSeg.NONE) {
        transmit(lr, s, now); // RFC 6675 §5 step 4.3: whatever cwnd says
        if ((ev & LossRecovery.PARTIAL_ACK) != 0) {
          restartRto(now);
        }
      }
    }
  }

  private void rttSample(long nanos) {
    rtt.sample(nanos);
    long r = Math.max(nanos, 1);
    minRtt = minRtt == 0 ? r : Math.min(minRtt, r);
  }

  /** The peer's window in bytes: scaled, except in a SYN (RFC 7323 §2.2). */
  private long peerWindow(TcpView seg) {
    return sendShift >= 0 && !seg.has(TcpFlags.SYN)
        ? Window.scaled(seg.window(), sendShift)
        : seg.window();
  }

  /** RFC 9293 §3.10.7.4: update the window from segments newer than the last update. */
  private void updateWindow(TcpView seg) {
    int seq = seg.sequenceNumber();
    int ack = seg.acknowledgmentNumber();
    // RFC 9293's SND.WL1/WL2 test, plus Linux's (tcp_may_update_window): a segment whose ACK is
    // newer than the one that last set the window was sent later, whatever its sequence number, so
    // its window is the newer one. Without it a retransmitted segment (an old SEG.SEQ) that
    // advances SND.UNA left the old window measured from the new SND.UNA, and the sender sent past
    // the receiver's edge (property seed 0x4ec3eebd79c76fd1).
    if (Seq.lt(sndWl1, seq) || sndWl1 == seq && Seq.le(sndWl2, ack) || Seq.gt(ack, sndWl2)) {
      long wnd = peerWindow(seg);
      if (wnd > 0 && sndWnd == 0) {
        persistTimer = stack.cancel(persistTimer);
        persistBackoff = 0;
      }
      sndWnd = wnd;
      maxSndWnd = Math.max(maxSndWnd, wnd);
      sndWl1 = seq;
      sndWl2 = ack;
    }
  }

  /**
   * The text of an acceptable segment: what continues RCV.NXT goes to the receive buffer, what lies
   * beyond a hole is held for reassembly (and SACKed), what the window cannot hold is trimmed (RFC
   * 9293 §3.10.7.4).
   */
  private void deliver(TcpView seg, long now) {
    int seq = seg.sequenceNumber() + (seg.has(TcpFlags.SYN) ? 1 : 0);
    int len = seg.payloadLength();
    if (len <= 0) {
      return;
    }
    rcvMss = Math.max(rcvMss, Math.min(len, stack.mss()));
    if (Seq.gt(seq, rcvNxt)) {
      outOfOrderSegments++;
    }
    int before = rcvNxt;
    int after =
        reassembly()
            .receive(
                seq,
                seg.segment(),
                seg.payloadOffset(),
                len,
                seg.has(TcpFlags.FIN),
                rcvNxt,
                receiveBuffer);
    if (after != before) {
      int n = after - before;
      rcvNxt = after;
      bytesReceived += n;
      rcvUnacked += n;
      signal(EV_READABLE);
    }
  }

  /** What the receive buffer can take now: the acceptability test's RCV.WND. */
  long receiveWindow() {
    return receiveBuffer.free();
  }

  /** The right edge the next segment would announce before rounding; no side effects. */
  private int nextRightEdge() {
    int right = rcvNxt + advertisableFree();
    int edge = rcvAdvRight;
    int grow = right - edge;
    if (grow > 0 && (grow >= windowUpdateThreshold() || receiveBuffer.size() == 0)) {
      edge = right;
    }
    return Seq.lt(edge, rcvNxt) ? rcvNxt : edge;
  }

  /**
   * Free space less the slack kept for rounding the scaled window up: the window is announced from
   * this, data is accepted up to the whole free space.
   */
  private int advertisableFree() {
    return Math.max(receiveBuffer.free() - rcvSlack, 0);
  }

  private int windowUpdateThreshold() {
    return Math.max(1, Math.min(rcvMss, receiveBuffer.limit() / 2));
  }

  /**
   * The window field of the next segment. Its right edge never moves left (RFC 9293 §3.8.6.2.2,
   * SHLD-14) and moves right only by at least min(MSS, half the buffer), the receiver's
   * silly-window avoidance. A scaled field that rounded down would pull the edge back by up to
   * 2<sup>shift</sup> − 1 bytes as RCV.NXT moves; it rounds up instead (Linux's tcp_select_window
   * aligns up the same way), into a slack of 16·2<sup>shift</sup> bytes the buffer keeps
   * unannounced, so every byte announced can be taken.
   */
  int advertisedWindowField() {
    int edge = nextRightEdge();
    long wnd = Integer.toUnsignedLong(edge - rcvNxt);
    int field;
    if (receiveShift > 0) {
      field = Window.field(wnd, receiveShift);
      if (Seq.lt(rcvNxt + (field << receiveShift), edge)) {
        // Round up, but never past what the buffer can take: repeated rounding up would
        // otherwise creep beyond the slack as RCV.NXT moves (only a nearly full buffer then
        // announces the rounded-down edge).
        int up = Window.field(wnd + (1L << receiveShift) - 1, receiveShift);
        if (Integer.toUnsignedLong(up) << receiveShift <= receiveBuffer.free()) {
          field = up;
        }
      }
      rcvAdvRight = rcvNxt + (field << receiveShift);
    } else {
      field = (int) Math.min(wnd, Window.MAX_UNSCALED);
      rcvAdvRight = rcvNxt + field;
    }
    return field;
  }

  /**
   * Fills the SACK blocks of the ACK being emitted (RFC 2018 §4, RFC 2883): at most 3 beside
   * timestamps, 4 without.
   */
  int fillSack(int[] lefts, int[] rights) {
    ReassemblyQueue rq = reassembly;
    if (!sackOn || rq == null || rq.isEmpty() && !rq.dsackPending()) {
      return 0;
    }
    int n = rq.fillSack(lefts, rights, timestampsOn ? 3 : 4);
    sackBlocksSent += n;
    return n;
  }

  // ---- What the stack's egress needs
  // ---------------------------------------------------------------------------

  boolean peerOfferedWindowScale() {
    return peerOfferedWindowScale;
  }

  boolean peerOfferedTimestamps() {
    return peerOfferedTimestamps;
  }

  boolean peerOfferedSack() {
    return peerOfferedSack;
  }

  int tsValue(long now) {
    return (int) (now / 1_000_000) + tsOffset;
  }

  int tsRecent() {
    return tsRecent;
  }

  /**
   * The receive buffer's largest size, which the window-scale shift must cover (Linux picks the
   * shift for tcp_rmem's maximum when the buffer auto-tunes).
   */
  int receiveBufferLimit() {
    return autoReceive ? stack.sysctls().rmemMax() : receiveBuffer.limit();
  }

  /** Copies {@code len} bytes of the send buffer starting at sequence number {@code seq}. */
  void copyPayload(int seq, java.lang.foreign.MemorySegment dst, long off, int len) {
    sendBuffer.copyTo(seq - bufferSeq, dst, off, len);
  }
}
