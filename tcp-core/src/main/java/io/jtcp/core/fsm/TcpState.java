package io.jtcp.core.fsm;

/** The eleven connection states of RFC 9293 §3.3.2, printed as the RFC spells them. */
public enum TcpState {
  CLOSED,
  LISTEN,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  TIME_WAIT;

  /** The RFC's spelling: {@code SYN-SENT}, {@code FIN-WAIT-1}. */
  public String rfcName() {
    return name().replace('_', '-');
  }

  /**
   * Whether both sequence spaces are known: the states after the handshake (RFC 9293 §3.10.7.4).
   */
  public boolean isSynchronized() {
    return ordinal() >= ESTABLISHED.ordinal();
  }

  /** Whether our side has sent (or queued) its FIN. */
  public boolean sentFin() {
    return this == FIN_WAIT_1
        || this == FIN_WAIT_2
        || this == CLOSING
        || this == LAST_ACK
        || this == TIME_WAIT;
  }

  /** Whether the peer's FIN has been received. */
  public boolean receivedFin() {
    return this == CLOSE_WAIT || this == CLOSING || this == LAST_ACK || this == TIME_WAIT;
  }
}
