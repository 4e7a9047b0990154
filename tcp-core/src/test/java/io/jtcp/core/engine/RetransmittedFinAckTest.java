package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.fsm.TcpState;
import org.junit.jupiter.api.Test;

/**
 * A retransmitted FIN's ACK field is processed before the FIN (RFC 9293 §3.10.7.4, step five before
 * eight).
 */
class RetransmittedFinAckTest {
  @Test
  void closing_retransmittedFinThatAcksOurFin_movesToTimeWait() {
    Script s = new Script();
    Connection c = s.closing(); // our ACK of the peer's FIN is lost
    // The peer retransmits its FIN; by now it acknowledges ours.
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 2));
    assertEquals(
        TcpState.TIME_WAIT, c.state(), "RFC 9293 §3.10.7.4: the ACK field is processed first");
  }
}
