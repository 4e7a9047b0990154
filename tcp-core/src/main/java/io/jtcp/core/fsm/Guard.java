package io.jtcp.core.fsm;

/**
 * A condition a row applies under. Rows for one (state, event) pair are tried in order and the
 * first whose guard holds applies; the last row of every pair is {@link #ALWAYS}, which makes the
 * table total.
 */
public enum Guard {
  /** Unconditional: the fallback row of every pair. */
  ALWAYS("-"),
  /**
   * SYN-SENT: ISS < SEG.ACK ≤ SND.NXT; SYN-RECEIVED: SND.UNA < SEG.ACK ≤ SND.NXT (RFC 9293
   * §3.10.7.3-4).
   */
  ACK_ACCEPTABLE("ack acceptable"),
  /** SEG.ACK > SND.NXT: acknowledges something not yet sent (RFC 9293 §3.10.7.4, fifth check). */
  ACK_UNSENT("ack > SND.NXT"),
  /** SEG.ACK < SND.UNA - MAX.SND.WND: too old to be genuine (RFC 5961 §5.2). */
  ACK_TOO_OLD("ack < SND.UNA-MAX.SND.WND"),
  /** Our FIN has been sent and SEG.ACK covers it. */
  FIN_ACKED("our FIN acked"),
  /** SEG.SEQ = RCV.NXT exactly (RFC 5961 §3.2: only then does an RST reset). */
  RST_EXACT("seq = RCV.NXT"),
  /** RCV.NXT < SEG.SEQ < RCV.NXT+RCV.WND: a plausible but inexact RST (RFC 5961 §3.2). */
  RST_IN_WINDOW("seq in window"),
  /**
   * Simultaneous open: the peer's SYN-ACK repeats its SYN (SEG.SEQ = IRS) and acks ours (SEG.ACK =
   * SND.NXT).
   */
  SIMULTANEOUS_SYN_ACK("seq = IRS, ack = SND.NXT"),
  /**
   * TIME-WAIT: a new SYN above RCV.NXT for a port with a listener may reopen (RFC 9293 §3.6.1, RFC
   * 6191).
   */
  SYN_REOPENS("seq > RCV.NXT, listener"),
  /** LISTEN: the accept queue is full (Linux drops the SYN). */
  BACKLOG_FULL("accept queue full"),
  /** LISTEN: the SYN queue is full and tcp_syncookies is on (RFC 4987 §3.6). */
  SYN_COOKIES("SYN queue full, syncookies"),
  /** LISTEN: the SYN queue is full and cookies are off. */
  SYN_QUEUE_FULL("SYN queue full"),
  /** LISTEN: an ACK whose SEG.ACK-1 is a valid SYN cookie for its 4-tuple. */
  COOKIE_VALID("valid SYN cookie"),
  /** The connection came from a passive OPEN (a listener's child). */
  PASSIVE_OPEN("passive open"),
  /** SEG.SEQ = IRS: the peer retransmitted its SYN before seeing our SYN-ACK. */
  SYN_RETRANSMITTED("seq = IRS"),
  /**
   * The retransmission limit for this state has been reached (tcp_syn_retries, tcp_synack_retries,
   * ...).
   */
  RETRIES_EXHAUSTED("retries exhausted"),
  /** The application has closed the socket: nobody will read what arrives (Linux: an orphan). */
  ORPHANED("socket closed"),
  /**
   * Received data the application has not read (closing then loses it: RFC 2525 §2.17, Linux sends
   * RST).
   */
  UNREAD_DATA("unread data"),
  /** SO_LINGER on with a zero timeout: close aborts. */
  LINGER_ZERO("SO_LINGER 0"),
  /**
   * There is something to send or to probe for this timer (unacked data, a zero window, a pending
   * ACK).
   */
  PENDING("work pending");

  private final String text;

  Guard(String text) {
    this.text = text;
  }

  /** How the guard reads in the printed table. */
  public String text() {
    return text;
  }
}
