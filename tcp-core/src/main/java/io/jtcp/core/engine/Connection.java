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
  private static final TcpEvent[] TIMER_EVENTS = {
    TcpEvent.RTO,
    TcpEvent.DELAYED_ACK,
    TcpEvent.PERSIST,
    TcpEvent.KEEPALIVE,
    TcpEvent.TIME_WAIT_TIMER,
    TcpEvent.FIN_WAIT_2_TIMER
  };

  /** RFC 6928: min(10·MSS, max(2·MSS, 14600)). */
  private long initialWindow() {
    return Math.min(10L * sendMss, Math.max(2L * sendMss, 14600));
  }

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
   * Interim congestion control, RFC 5681 without fast retransmit: slow start from RFC 6928's
   * initial window, congestion avoidance above ssthresh, a one-segment loss window after an RTO.
   * The CongestionControl SPI replaces it (issue 4); until then it keeps a retransmission timeout
   * from resending a whole window at once.
   */
  private long cwnd;

  private long ssthresh = Long.MAX_VALUE;
  private int timedSeq;
  private long timedAt = -1;
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
  private int segmentsSinceAck;

  private long rtoTimer;
  private long delayedAckTimer;
  private long persistTimer;
  private long keepaliveTimer;
  private long timeWaitTimer;
  private long finWait2Timer;

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
    var sys = stack.sysctls();
    this.sendBuffer =
        new ByteRing(options.sendBuffer() > 0 ? options.sendBuffer() : sys.wmemDefault());
    this.receiveBuffer =
        new ByteRing(options.receiveBuffer() > 0 ? options.receiveBuffer() : sys.rmemDefault());
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
        cwnd,
        ssthresh == Long.MAX_VALUE ? -1 : ssthresh,
        bytesSent,
        bytesAcked,
        bytesReceived,
        segmentsOut,
        segmentsIn,
        retransmittedSegments,
        sndWnd,
        receiveWindow(),
        sendShift,
        receiveShift,
        timestampsOn,
        sackOn);
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
        receiveShift = Window.shiftFor(receiveBuffer.limit());
      }
    }
    sendMss = Math.min(mss, stack.mss()) - (timestampsOn ? 12 : 0);
    cwnd = initialWindow();
    sndWnd = sendShift >= 0 ? Window.scaled(ack.window(), sendShift) : ack.window();
    maxSndWnd = sndWnd;
    sndWl1 = ack.sequenceNumber();
    sndWl2 = ack.acknowledgmentNumber();
    stack.onStateChange(this, TcpState.LISTEN, now);
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
    // RFC 5961 §4.2: in a synchronized state a SYN is challenged "irrespective of the sequence
    // number".
    if (syn && (state == SYN_RECEIVED && seq == irs || state.isSynchronized())) {
      fire(ack ? TcpEvent.SYN_ACK : TcpEvent.SYN, seg, now);
      return;
    }
    boolean retransmittedFin =
        fin && state.receivedFin() && seq + seg.payloadLength() + 1 == rcvNxt;
    if (retransmittedFin) {
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
        fire(TcpEvent.UNACCEPTABLE, seg, now);
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
    if (timestampsOn && seg.hasTimestamps() && Seq.le(seq, rcvNxt)) {
      tsRecent = seg.tsValue();
    }
    if (!continues(TcpEvent.ACK, seg, now)) {
      return;
    }
    afterSyn(seg, fin, now);
  }

  /** RFC 9293 §3.10.7.4 steps six to eight: the text, then the FIN. */
  private void afterSyn(TcpView seg, boolean fin, long now) {
    int payload = seg.payloadLength();
    int seq = seg.sequenceNumber() + ((seg.flags() & TcpFlags.SYN) != 0 ? 1 : 0);
    if (payload > 0) {
      if (seq != rcvNxt && Seq.gt(seq, rcvNxt)) {
        // Out of order: RFC 9293 lets a receiver drop it; reassembly arrives with issue 4. An
        // immediate
        // duplicate ACK tells the sender what is missing.
        stack.counters().count("out-of-order segment dropped (no reassembly yet)");
        sendAck(now);
        return;
      }
      if (!continues(TcpEvent.DATA, seg, now)) {
        return;
      }
    }
    if (fin && !finReceived) {
      if (seq + payload == rcvNxt) {
        continues(TcpEvent.FIN, seg, now);
      } else {
        stack.counters().count("FIN beyond RCV.NXT dropped (no reassembly yet)");
      }
    }
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
    for (Action a : t.actions()) {
      perform(a, t, seg, now);
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
      case PERSIST -> sndWnd == 0 && (unsent() > 0 || finQueued && !finSent());
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
        stack.emit(this, TcpFlags.ACK, sndUna - 1, rcvNxt, advertisedWindowField(), 0, false, now);
        if (row.event() == TcpEvent.PERSIST) {
          persistBackoff++;
          armPersist(now);
        } else {
          probes++;
        }
      }
      case ACCEPT_SYN -> acceptSyn(seg(seg));
      case PROCESS_ACK -> processAck(seg(seg), now);
      case DELIVER_DATA -> deliver(seg(seg), now);
      case DELIVER_FIN -> {
        rcvNxt++;
        finReceived = true;
        signal(EV_READABLE);
      }
      case DISCARD, SPAWN_CHILD -> {}
      case ARM_RTO -> armRto(now);
      case ARM_TIME_WAIT -> {
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
    int before = receiveWindowField();
    int n = receiveBuffer.read(b, callOffset, callLength);
    if (n == 0 && finReceived) {
      return -1;
    }
    // RFC 9293 §3.8.6.2.2: announce a window that opened by at least one MSS (or half the buffer),
    // not less.
    if (n > 0 && state.isSynchronized() && !finReceived) {
      int opened = receiveWindowField() - before;
      if (before == 0
          || (long) opened << Math.max(receiveShift, 0)
              >= Math.min(sendMss, receiveBuffer.limit() / 2)) {
        sendAck(now);
      }
    }
    return n;
  }

  // ---- Sending
  // ------------------------------------------------------------------------------------------------

  private void sendSyn(boolean ack, long now) {
    synsSent++;
    sndNxt = iss + 1;
    sndMax = Seq.max(sndMax, sndNxt);
    if (timedAt < 0 && retransmissions == 0) {
      timedSeq = iss;
      timedAt = now;
    }
    stack.emit(
        this,
        ack ? TcpFlags.SYN | TcpFlags.ACK : TcpFlags.SYN,
        iss,
        ack ? rcvNxt : 0,
        Math.min(receiveBuffer.free(), Window.MAX_UNSCALED),
        0,
        true,
        now);
  }

  /**
   * A pure ACK carries SEQ = SND.MAX, as 4.4BSD's tcp_output does: after an RTO rewinds SND.NXT, a
   * lower SEQ would sit below data the peer already has, be unacceptable to it (RFC 9293
   * §3.10.7.4), and start an ACK war.
   */
  void sendAck(long now) {
    stack.emit(this, TcpFlags.ACK, sndMax, rcvNxt, advertisedWindowField(), 0, false, now);
  }

  private void ackLater(long now) {
    ackPending = true;
    segmentsSinceAck++;
    // RFC 9293 §3.8.6.3: at least every second full-sized segment, and within 500 ms (Linux: 40
    // ms).
    if (options.quickAck() || segmentsSinceAck >= 2) {
      sendAck(now);
    } else if (delayedAckTimer == 0) {
      delayedAckTimer =
          stack.schedule(now + stack.sysctls().delayedAckMax().toNanos(), this, TIMER_DELAYED_ACK);
    }
  }

  /** Called by the stack whenever it emits a segment that carries our ACK. */
  void ackSent() {
    ackPending = false;
    segmentsSinceAck = 0;
    if (delayedAckTimer != 0) {
      stack.cancel(delayedAckTimer);
      delayedAckTimer = 0;
    }
  }

  private int unsent() {
    return sendBuffer.size() - (sndNxt - bufferSeq);
  }

  private int finSeq() {
    return bufferSeq + sendBuffer.size();
  }

  private boolean finSent() {
    return finQueued && Seq.gt(sndMax, finSeq());
  }

  /**
   * Sends what the peer's window allows, in MSS-sized pieces, with the FIN on the last one when
   * queued.
   */
  void output(long now) {
    if (!state.isSynchronized() || state == TIME_WAIT) {
      return;
    }
    while (true) {
      int unsent = Math.max(unsent(), 0);
      long inFlight = Integer.toUnsignedLong(sndNxt - sndUna);
      long room = Math.max(Math.min(sndWnd, cwnd) - inFlight, 0);
      int len = (int) Math.min(Math.min(unsent, room), sendMss);
      boolean finWanted =
          finQueued && sndNxt - bufferSeq + len == sendBuffer.size() && Seq.le(sndNxt, finSeq());
      // The FIN takes one sequence number the peer's window must hold (Linux's tcp_snd_wnd_test);
      // into a closed
      // window it waits for the persist probe's answer rather than burn retransmissions the peer
      // cannot accept.
      boolean fin = finWanted && inFlight + len + 1 <= sndWnd;
      if (len == 0 && !fin) {
        if ((unsent > 0 || finWanted) && sndWnd == 0 && rtoTimer == 0) {
          armPersist(now);
        }
        return;
      }
      int flags =
          TcpFlags.ACK | (len > 0 && len == unsent ? TcpFlags.PSH : 0) | (fin ? TcpFlags.FIN : 0);
      int seq = sndNxt;
      // Karn (RFC 6298 §3): time only new data, never a segment that may be a retransmission.
      if (timedAt < 0 && Seq.ge(seq, sndMax)) {
        timedSeq = seq;
        timedAt = now;
      }
      stack.emit(this, flags, seq, rcvNxt, advertisedWindowField(), len, false, now);
      bytesSent += len;
      sndNxt = seq + len + (fin ? 1 : 0);
      sndMax = Seq.max(sndMax, sndNxt);
      armRto(now);
      if (fin) {
        return;
      }
    }
  }

  /**
   * RFC 6298 §5.4: resend the earliest unacknowledged segment; BSD-style, SND.NXT goes back to
   * SND.UNA.
   */
  private void retransmit(long now) {
    if (retransmissions == 0 && state.isSynchronized()) {
      long flight = Integer.toUnsignedLong(sndMax - sndUna);
      ssthresh = Math.max(flight / 2, 2L * sendMss); // RFC 5681 eqn. 4
    }
    cwnd = sendMss; // RFC 5681 §3.1: the loss window
    if (!zeroWindowProbing()) {
      retransmissions++;
    }
    retransmittedSegments++;
    rtt.backOff();
    timedAt = -1; // Karn's algorithm: no RTT sample from a retransmitted segment
    if (state == SYN_SENT || state == SYN_RECEIVED) {
      sendSyn(state == SYN_RECEIVED, now);
    } else {
      sndNxt = sndUna;
      output(now);
    }
    armRto(now);
  }

  private void armRto(long now) {
    if (rtoTimer == 0 && sndUna != sndMax) {
      rtoTimer = stack.schedule(now + rtt.rto(), this, TIMER_RTO);
    }
  }

  private void restartRto(long now) {
    if (rtoTimer != 0) {
      stack.cancel(rtoTimer);
      rtoTimer = 0;
    }
    armRto(now);
  }

  private void armPersist(long now) {
    // RFC 1122 §4.2.2.17: exponential backoff between probes; Linux caps the interval at RTO max.
    long interval =
        Math.min(rtt.rto() << Math.min(persistBackoff, 20), stack.sysctls().rtoMax().toNanos());
    persistTimer = stack.rearm(persistTimer, now + interval, this, TIMER_PERSIST);
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
  }

  // ---- Receiving
  // ----------------------------------------------------------------------------------------------

  private void acceptSyn(TcpView seg) {
    irs = seg.sequenceNumber();
    rcvNxt = irs + 1;
    peerMss = seg.mss();
    peerOfferedWindowScale = seg.windowScale() >= 0;
    peerOfferedTimestamps = seg.hasTimestamps();
    peerOfferedSack = seg.sackPermitted();
    // An option is on when we allow it and the peer offered it: the active side offered every
    // allowed option in
    // its SYN, and the passive side answers only what the SYN offered (RFC 7323 §2.2, RFC 2018 §2).
    var sys = stack.sysctls();
    if (sys.windowScaling() && peerOfferedWindowScale) {
      sendShift = Window.clampShift(seg.windowScale());
      receiveShift = Window.shiftFor(receiveBuffer.limit());
    }
    timestampsOn = sys.timestamps() && peerOfferedTimestamps;
    sackOn = sys.sack() && peerOfferedSack;
    if (timestampsOn) {
      tsRecent = seg.tsValue();
    }
    int mss = peerMss > 0 ? peerMss : DEFAULT_MSS;
    sendMss = Math.min(mss, stack.mss()) - (timestampsOn ? 12 : 0);
    cwnd = initialWindow();
    sndWnd = seg.window(); // RFC 7323 §2.2: the window in a SYN is never scaled
    maxSndWnd = sndWnd;
    sndWl1 = irs;
    sndWl2 = seg.acknowledgmentNumber();
  }

  private void processAck(TcpView seg, long now) {
    int ack = seg.acknowledgmentNumber();
    if (Seq.gt(ack, sndUna)) {
      int acked = ack - sndUna;
      int data = Math.clamp(ack - bufferSeq, 0, sendBuffer.size());
      sendBuffer.drop(data);
      bufferSeq += data;
      bytesAcked += data;
      sndUna = ack;
      if (Seq.lt(sndNxt, ack)) {
        sndNxt = ack;
      }
      retransmissions = 0;
      // RFC 5681 §3.1: slow start below ssthresh (byte counting, L = 1 SMSS), else about one SMSS
      // per RTT.
      cwnd +=
          cwnd < ssthresh ? Math.min(acked, sendMss) : Math.max(1, (long) sendMss * sendMss / cwnd);
      if (timedAt >= 0 && Seq.gt(ack, timedSeq)) {
        rtt.sample(now - timedAt);
        timedAt = -1;
      }
      restartRto(now);
      if (sndUna == sndMax) {
        rtoTimer = stack.cancel(rtoTimer);
      }
      if (data > 0 || acked > 0) {
        signal(EV_WRITABLE);
      }
      if (sendBuffer.size() == 0) {
        sendBuffer.trim();
      }
    }
    int seq = seg.sequenceNumber();
    // RFC 9293 §3.10.7.4: update the window from segments newer than the last update.
    if (Seq.lt(sndWl1, seq) || sndWl1 == seq && Seq.le(sndWl2, ack)) {
      long wnd = sendShift >= 0 ? Window.scaled(seg.window(), sendShift) : seg.window();
      if (wnd > 0) {
        persistTimer = stack.cancel(persistTimer);
        persistBackoff = 0;
      }
      sndWnd = wnd;
      maxSndWnd = Math.max(maxSndWnd, wnd);
      sndWl1 = seq;
      sndWl2 = ack;
    }
  }

  private void deliver(TcpView seg, long now) {
    int seq = seg.sequenceNumber() + (seg.has(TcpFlags.SYN) ? 1 : 0);
    int skip = Math.max(rcvNxt - seq, 0); // already received: RFC 9293 §3.10.7.4 trims the front
    int len = Math.min(seg.payloadLength() - skip, receiveBuffer.free());
    if (len <= 0) {
      return;
    }
    receiveBuffer.writeFrom(seg.segment(), seg.payloadOffset() + skip, len);
    rcvNxt += len;
    bytesReceived += len;
    signal(EV_READABLE);
  }

  long receiveWindow() {
    return receiveBuffer.free();
  }

  private int receiveWindowField() {
    return Window.field(receiveBuffer.free(), Math.max(receiveShift, 0));
  }

  int advertisedWindowField() {
    return receiveShift >= 0
        ? receiveWindowField()
        : Math.min(receiveBuffer.free(), Window.MAX_UNSCALED);
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

  int receiveBufferLimit() {
    return receiveBuffer.limit();
  }

  /** Copies {@code len} bytes of the send buffer starting at sequence number {@code seq}. */
  void copyPayload(int seq, java.lang.foreign.MemorySegment dst, long off, int len) {
    sendBuffer.copyTo(seq - bufferSeq, dst, off, len);
  }
}
