package io.jtcp.core.fsm;

/**
 * What can happen to a connection: a segment of some kind arrives, the user calls, or a timer
 * fires.
 *
 * <p>An arriving segment becomes a short sequence of segment events in RFC 9293 §3.10.7.4's order —
 * its sequence check, then RST, SYN, ACK, text and FIN — so a FIN+ACK segment is an {@link #ACK}
 * followed by a {@link #FIN}, and a data segment carrying a FIN is {@link #ACK}, {@link #DATA},
 * {@link #FIN}. The engine stops at the first row whose actions include {@link Action#DISCARD}.
 */
public enum TcpEvent {
  // Segment arrivals, in the order RFC 9293 §3.10.7.4 checks them.
  /**
   * A segment that fails the sequence-number acceptability test (RFC 9293 §3.10.7.4, first check).
   */
  UNACCEPTABLE(Kind.SEGMENT),
  /** A segment with RST set. */
  RST(Kind.SEGMENT),
  /** A SYN without ACK. */
  SYN(Kind.SEGMENT),
  /** A SYN with ACK. */
  SYN_ACK(Kind.SEGMENT),
  /** The ACK field of a segment that passed the sequence check (with or without data or FIN). */
  ACK(Kind.SEGMENT),
  /** Segment text at RCV.NXT. */
  DATA(Kind.SEGMENT),
  /** A FIN at RCV.NXT, after any text before it. */
  FIN(Kind.SEGMENT),

  // User calls (RFC 9293 §3.10.1-§3.10.6, plus the sockets API's shutdown).
  OPEN_ACTIVE(Kind.USER),
  OPEN_PASSIVE(Kind.USER),
  SEND(Kind.USER),
  RECEIVE(Kind.USER),
  CLOSE(Kind.USER),
  /** {@code shutdown(SHUT_WR)}: send FIN, keep receiving. */
  SHUTDOWN(Kind.USER),
  ABORT(Kind.USER),

  // Timers.
  RTO(Kind.TIMER),
  TIME_WAIT_TIMER(Kind.TIMER),
  FIN_WAIT_2_TIMER(Kind.TIMER),
  KEEPALIVE(Kind.TIMER),
  PERSIST(Kind.TIMER),
  DELAYED_ACK(Kind.TIMER);

  /** Where an event comes from. */
  public enum Kind {
    SEGMENT,
    USER,
    TIMER
  }

  private final Kind kind;

  TcpEvent(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
