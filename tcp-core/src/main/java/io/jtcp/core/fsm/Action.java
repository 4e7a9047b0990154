package io.jtcp.core.fsm;

/**
 * One step the engine performs for a row, in the order the row lists them. The segment forms are
 * RFC 9293's ({@code <SEQ=..><ACK=..><CTL=..>}).
 */
public enum Action {
  // Segments out.
  /** {@code <SEQ=ISS><CTL=SYN>} with our options. */
  SEND_SYN("send SYN"),
  /** {@code <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>} with our options. */
  SEND_SYN_ACK("send SYN-ACK"),
  /** {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}, now. */
  SEND_ACK("send ACK"),
  /**
   * An ACK subject to the delayed-ACK rules (RFC 9293 §3.8.6.3; at most 40 ms, every second full
   * segment).
   */
  ACK_LATER("ack (delayed)"),
  /**
   * An ACK sent in answer to a suspicious segment, rate-limited per stack (RFC 5961 §3.2, §4.2,
   * §5.2).
   */
  SEND_CHALLENGE_ACK("send challenge ACK"),
  /**
   * A reset answering the arriving segment: {@code <SEQ=SEG.ACK><CTL=RST>}, or {@code
   * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>} if it had no ACK.
   */
  SEND_RST("send RST"),
  /** A reset from our side: {@code <SEQ=SND.NXT><CTL=RST>} (ABORT, SO_LINGER 0, timeouts). */
  SEND_RST_ABORT("send RST (abort)"),
  /** Queue our FIN after any queued data and send it when it may go. */
  SEND_FIN("send FIN"),
  /** A SYN-ACK whose ISN is a SYN cookie; no state is kept (RFC 4987 §3.6). */
  SEND_COOKIE_SYN_ACK("send SYN-ACK (cookie)"),
  /** Send queued data the windows allow. */
  SEND_DATA("send data"),
  /**
   * Retransmit the oldest unacknowledged segment (SYN, SYN-ACK, data or FIN) and back off the RTO.
   */
  RETRANSMIT("retransmit"),
  /** Send a keepalive or zero-window probe. */
  SEND_PROBE("send probe"),

  // Processing of the arriving segment.
  /** Learn IRS, RCV.NXT = IRS+1 and the peer's options from its SYN. */
  ACCEPT_SYN("record peer SYN"),
  /**
   * On a listener: the row applies to a new child TCB, which takes the row's next state; the
   * listener stays in LISTEN.
   */
  SPAWN_CHILD("new child TCB"),
  /** Rebuild the child's TCB (ISS, IRS, MSS, options) from the SYN cookie the ACK returns. */
  ACCEPT_COOKIE("rebuild from cookie"),
  /** Hand the SYN to the listener of the port, as if this TCB had not existed. */
  PASS_TO_LISTENER("pass SYN to listener"),
  /** Advance SND.UNA, update the send window (SND.WL1/WL2), free acknowledged data, sample RTT. */
  PROCESS_ACK("process ACK"),
  /** Put the text in the receive buffer and advance RCV.NXT. */
  DELIVER_DATA("deliver data"),
  /** Advance RCV.NXT over the FIN and tell the reader end-of-stream. */
  DELIVER_FIN("deliver FIN (EOF)"),
  /** Stop processing this segment. */
  DISCARD("discard"),

  // Timers.
  ARM_RTO("arm RTO"),
  ARM_TIME_WAIT("arm 2MSL"),
  /** Arm tcp_fin_timeout, if the socket is closed (a half-closed socket may stay in FIN-WAIT-2). */
  ARM_FIN_WAIT_2("arm FIN-WAIT-2 timeout"),
  ARM_KEEPALIVE("arm keepalive"),
  CANCEL_TIMERS("cancel timers"),

  // The application.
  SIGNAL_CONNECTED("signal connected"),
  /** A listener's child is established: move it to the accept queue. */
  QUEUE_FOR_ACCEPT("queue for accept"),
  SIGNAL_REFUSED("signal connection refused"),
  SIGNAL_RESET("signal connection reset"),
  SIGNAL_TIMEOUT("signal timed out"),
  MARK_ORPHANED("mark socket closed"),
  QUEUE_DATA("queue data"),
  READ_DATA("read data"),
  /** The call is not valid in this state: fail it with the row's error. */
  FAIL_CALL("fail call"),

  /** Remove the TCB; the connection is CLOSED and gone from the tables. */
  DELETE_TCB("delete TCB");

  private final String text;

  Action(String text) {
    this.text = text;
  }

  /** How the action reads in the printed table. */
  public String text() {
    return text;
  }
}
