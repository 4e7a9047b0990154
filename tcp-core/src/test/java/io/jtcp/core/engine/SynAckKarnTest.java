package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Karn's rule for the handshake: no RTT sample from a SYN-ACK that answers a retransmitted SYN (RFC
 * 6298 §3).
 */
class SynAckKarnTest {
  @Test
  void synAckResentForARetransmittedSyn_isNotTimed() {
    Script s = new Script();
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).win(WINDOW).mss(MSS));
    s.sent(); // SYN-ACK #1 at t=0, lost
    s.advance(900);
    s.recv(seg(SYN).seq(IRS).win(WINDOW).mss(MSS)); // the peer's SYN retransmission
    s.sent(); // SYN-ACK #2 at t=900 ms
    s.advance(10);
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
    Connection c = l.accept();
    // Karn (RFC 6298 §3): the ACK may answer either SYN-ACK; Linux (tcp_synack_rtt_meas) takes
    // no sample once the SYN-ACK was sent again.
    assertEquals(0, c.info().rttMicros(), "SRTT (µs) from an ambiguous SYN-ACK");
  }
}
