package io.jtcp.core.engine;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.fsm.Action;
import io.jtcp.core.fsm.Guard;
import io.jtcp.core.fsm.TcpEvent;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.fsm.Transition;
import io.jtcp.core.fsm.TransitionTable;
import io.jtcp.core.isn.CookieOptions;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A passive open on one port: the TCB in LISTEN, its SYN queue (children in SYN-RECEIVED) and its
 * accept queue (established children nobody has accepted yet), as Linux keeps them. Segments for a
 * port with a listener but no connection come here and go through the table's LISTEN rows.
 */
public final class Listener {
  private static final TransitionTable TABLE = TransitionTable.rfc9293();

  /** How long after the last cookie SYN-ACK cookies are still checked (Linux's 2 minutes). */
  private static final long COOKIE_VALIDITY = SynCookies.MAX_AGE * SynCookies.COUNTER_PERIOD_NANOS;

  private final Stack stack;
  private final int port;
  private final int backlog;
  private final SocketOptions options;
  private final Set<Connection> synQueue = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ArrayDeque<Connection> acceptQueue = new ArrayDeque<>();
  private ListenerEvents events = ListenerEvents.NONE;
  private boolean closed;

  /** Whether, and when, this listener last answered a SYN with a cookie. */
  private boolean cookieSent;

  private long lastCookieAt;

  /** While {@link #reopen} runs: the ISS a new child must start at. */
  private boolean reopening;

  private int reopenIss;

  Listener(Stack stack, int port, int backlog, SocketOptions options) {
    this.stack = stack;
    this.port = port;
    this.backlog = backlog;
    this.options = options;
  }

  public int port() {
    return port;
  }

  /** The accept-queue limit: the listen() backlog capped by net.core.somaxconn. */
  public int backlog() {
    return backlog;
  }

  public void setEvents(ListenerEvents events) {
    this.events = events;
  }

  /** The next established connection, or null if none waits. */
  public @Nullable Connection accept() {
    return acceptQueue.poll();
  }

  /** Connections waiting to be accepted. */
  public int pending() {
    return acceptQueue.size();
  }

  /** Half-open children in SYN-RECEIVED. */
  public int synQueueLength() {
    return synQueue.size();
  }

  /**
   * Stops listening. Children nobody accepted are aborted with a RST, as Linux's {@code
   * inet_csk_listen_stop} does.
   */
  public void close(long now) throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    stack.removeListener(this, now);
    for (Connection c : synQueue.toArray(Connection[]::new)) {
      c.abort(now);
    }
    for (Connection c : acceptQueue.toArray(Connection[]::new)) {
      c.abort(now);
    }
    acceptQueue.clear();
  }

  /**
   * Runs a SYN that reopens a TIME-WAIT 4-tuple through the LISTEN rows; a child it makes starts at
   * {@code iss}.
   */
  void reopen(TcpView syn, int src, int iss, long now) {
    reopening = true;
    reopenIss = iss;
    try {
      onSegment(syn, src, now);
    } finally {
      reopening = false;
    }
  }

  /**
   * Runs a segment through the LISTEN rows; returns the state that resulted (a new child's, or
   * LISTEN).
   */
  TcpState onSegment(TcpView seg, int src, long now) {
    int f = seg.flags();
    TcpEvent event =
        (f & TcpFlags.RST) != 0
            ? TcpEvent.RST
            : (f & TcpFlags.ACK) != 0
                ? ((f & TcpFlags.SYN) != 0 ? TcpEvent.SYN_ACK : TcpEvent.ACK)
                : (f & TcpFlags.SYN) != 0
                    ? TcpEvent.SYN
                    : (f & TcpFlags.FIN) != 0 ? TcpEvent.FIN : TcpEvent.DATA;
    int[] cookieMss = {SynCookies.INVALID};
    Transition t = TABLE.lookup(TcpState.LISTEN, event, g -> holds(g, seg, src, now, cookieMss));
    RowTrace.applied(t);
    if (t.has(Action.SPAWN_CHILD)) {
      Connection child =
          new Connection(
              stack, stack.address().bits(), port, src, seg.sourcePort(), options, this, now);
      if (reopening) {
        child.startAt(reopenIss);
      }
      stack.add(child);
      if (t.has(Action.ACCEPT_COOKIE)) {
        CookieOptions opts =
            seg.hasTimestamps()
                ? SynCookies.timestampOptions(seg.tsEchoReply())
                : CookieOptions.NONE;
        child.openFromCookie(t, seg, cookieMss[0], opts, now);
        stack.counters().count("TcpExtSyncookiesRecv");
      } else {
        synQueue.add(child);
        child.openPassive(t, seg, now);
      }
      return child.state();
    }
    for (Action a : t.actions()) {
      switch (a) {
        case SEND_RST -> stack.sendReset(seg, src, stack.address().bits(), now);
        case SEND_COOKIE_SYN_ACK -> sendCookie(seg, src, now);
        case DISCARD -> {
          if (event == TcpEvent.SYN) {
            stack.counters().count("TcpExtListenDrops");
          }
        }
        default -> throw new IllegalStateException("LISTEN row with action " + a + ": " + t);
      }
    }
    return TcpState.LISTEN;
  }

  private boolean holds(Guard g, TcpView seg, int src, long now, int[] cookieMss) {
    var sys = stack.sysctls();
    return switch (g) {
      case BACKLOG_FULL -> acceptQueue.size() >= backlog;
      case SYN_COOKIES ->
          sys.syncookies() == 2 || sys.syncookies() == 1 && synQueue.size() >= sys.maxSynBacklog();
      case SYN_QUEUE_FULL -> synQueue.size() >= sys.maxSynBacklog();
      case COOKIE_VALID -> {
        // Check only while cookies were sent within their validity window (RFC 4987 §3.6; Linux's
        // tcp_synq_no_recent_overflow), so an ACK flood cannot grind through guesses meanwhile.
        if (sys.syncookies() == 0 || !cookieSent || now - lastCookieAt > COOKIE_VALIDITY) {
          yield false;
        }
        cookieMss[0] =
            stack
                .cookies()
                .checkAck(
                    stack.address().bits(),
                    port,
                    src,
                    seg.sourcePort(),
                    seg.sequenceNumber(),
                    seg.acknowledgmentNumber(),
                    now);
        yield cookieMss[0] != SynCookies.INVALID;
      }
      default -> false;
    };
  }

  private void sendCookie(TcpView syn, int src, long now) {
    var sys = stack.sysctls();
    int local = stack.address().bits();
    int mss = syn.mss() > 0 ? syn.mss() : Connection.DEFAULT_MSS;
    int isn =
        stack.cookies().cookie(local, port, src, syn.sourcePort(), syn.sequenceNumber(), mss, now);
    int tsVal = 0;
    if (sys.timestamps() && syn.hasTimestamps()) {
      tsVal =
          SynCookies.timestampValue(
              sys.windowScaling() ? syn.windowScale() : -1,
              sys.sack() && syn.sackPermitted(),
              false,
              (int) (now / 1_000_000));
    }
    cookieSent = true;
    lastCookieAt = now;
    stack.sendCookieSynAck(syn, src, isn, tsVal, now);
  }

  void established(Connection c) {
    synQueue.remove(c);
    if (closed) {
      return;
    }
    acceptQueue.add(c);
    events.onAcceptable(this);
  }

  void childGone(Connection c) {
    synQueue.remove(c);
    acceptQueue.remove(c);
  }
}
