package io.jtcp.io.pcap.trace;

import io.jtcp.core.fsm.TcpState;
import org.jspecify.annotations.Nullable;

/**
 * What the capture proves about one side, and the RFC 9293 state that follows from it. Keeping
 * facts rather than a state lets crossing segments (simultaneous open and close) land in the right
 * state whatever order the capture saw them in.
 */
final class SideFacts {
  /** The state before anything was captured; null when unknown. */
  final @Nullable TcpState initial;

  /** The capture starts after the handshake: both sequence spaces count as synchronized. */
  final boolean synchronizedAtStart;

  boolean sentSyn;
  boolean synSeqKnown;
  int synSeq;
  boolean receivedSyn;
  boolean synAcked;
  boolean sentFin;
  int finSeq;
  boolean receivedFin;
  boolean receivedFinFirst;
  boolean finAcked;
  boolean reset;

  SideFacts(@Nullable TcpState initial, boolean synchronizedAtStart) {
    this.initial = initial;
    this.synchronizedAtStart = synchronizedAtStart;
  }

  /**
   * The state these facts put the side in (RFC 9293 §3.3.2, Figure 5), or null while nothing tells.
   */
  @Nullable TcpState state() {
    if (reset) {
      return TcpState.CLOSED;
    }
    if (!synchronizedAtStart) {
      if (!receivedSyn) {
        return sentSyn ? TcpState.SYN_SENT : initial;
      }
      if (!sentSyn) {
        // A listener moves to SYN-RECEIVED on the SYN; a closed port stays CLOSED and answers RST.
        return initial == TcpState.LISTEN ? TcpState.SYN_RECEIVED : initial;
      }
      if (!synAcked) {
        return TcpState.SYN_RECEIVED;
      }
    }
    if (!sentFin) {
      return receivedFin ? TcpState.CLOSE_WAIT : TcpState.ESTABLISHED;
    }
    if (!receivedFin) {
      return finAcked ? TcpState.FIN_WAIT_2 : TcpState.FIN_WAIT_1;
    }
    if (receivedFinFirst) {
      return finAcked ? TcpState.CLOSED : TcpState.LAST_ACK;
    }
    return finAcked ? TcpState.TIME_WAIT : TcpState.CLOSING;
  }
}
