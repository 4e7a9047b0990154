package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * CLOSING (RFC 9293 §3.5 figure 13): the client closes while the server does, the FINs cross, and
 * each side is in CLOSING until its FIN is acknowledged. We play the client (an active open);
 * afterwards SND.UNA=ISS+1, SND.NXT=ISS+2, RCV.NXT=IRS+2.
 */
class SimultaneousCloseTest {
  private final Script s = new Script();

  /** Our FIN and the peer's cross: its FIN acknowledges our data, not our FIN. */
  private Connection closing() {
    Connection c = s.activeEstablished();
    s.close(c);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
    return c;
  }

  @Test
  void closing_ackOfFin_timeWaitThenClosed() {
    Connection c = closing();
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2)); // the peer's answer to our FIN
    s.expectNothing();
    assertEquals(TIME_WAIT, c.state());
    s.advance(60_000 - 1);
    assertEquals(TIME_WAIT, c.state());
    s.advance(1);
    assertEquals(CLOSED, c.state());
    assertNull(c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void closing_rto_retransmitsFin() {
    Connection c = closing();
    s.advance(200);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 2));
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void closing_retransmittedFin_reAcked() {
    Connection c = closing();
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_duplicateAck_staysClosing() {
    Connection c = closing();
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 1));
    s.expectNothing();
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_unacceptableSegment_ack() {
    Connection c = closing();
    s.recv(seg(ACK).seq(IRS - 1000).ack(ISS + 1).data("old"));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_exactRst_closedWithoutError() {
    Connection c = closing();
    s.recv(seg(RST).seq(IRS + 2));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertNull(c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void closing_inWindowRst_challengeAck() {
    Connection c = closing();
    s.recv(seg(RST).seq(IRS + 100));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_outOfWindowRst_ignored() {
    Connection c = closing();
    s.recv(seg(RST).seq(IRS + 2 + WINDOW));
    s.expectNothing();
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_syn_challengeAck() {
    Connection c = closing();
    s.recv(seg(SYN).seq(IRS + 50).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_synAck_challengeAck() {
    Connection c = closing();
    s.recv(seg(SYN | ACK).seq(IRS + 50).ack(ISS + 2).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_ackOfUnsentData_challengeAck() {
    Connection c = closing();
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 3));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_ackTooOld_challengeAck() {
    Connection c = closing();
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 1 - 100_000));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
  }

  @Test
  void closing_dataAfterFin_ignored() {
    Connection c = closing();
    s.recv(seg(ACK | PSH).seq(IRS + 2).ack(ISS + 1).data("after the end"));
    s.expectNothing();
    assertEquals(0, c.available());
    assertEquals(CLOSING, c.state());
  }

  /** The passive side's child goes through CLOSING the same way. */
  @Test
  void closing_passiveChild_ackOfFinTimeWait() {
    Connection c = s.closing();
    assertEquals(CLOSING, c.state());
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2));
    assertEquals(TIME_WAIT, c.state());
  }
}
