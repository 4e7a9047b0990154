package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * LAST-ACK (RFC 9293 §3.10.7.4): both FINs sent, ours unacknowledged. SND.UNA=ISS+1, SND.NXT=ISS+2,
 * RCV.NXT=IRS+2.
 */
class LastAckTest {
  private final Script s = new Script();
  private final Connection c = s.lastAck();

  @Test
  void lastAck_unacceptableSegment_ack() {
    s.recv(seg(ACK).seq(IRS + 2 + 100_000).ack(ISS + 2));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_exactRst_closedWithoutError() {
    s.recv(seg(RST).seq(IRS + 2));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertNull(c.error(), "the application has closed: nobody to tell");
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void lastAck_inWindowRst_challengeAck() {
    s.recv(seg(RST).seq(IRS + 100));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_outOfWindowRst_ignored() {
    s.recv(seg(RST).seq(IRS + 2 + WINDOW));
    s.expectNothing();
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_syn_challengeAck() {
    s.recv(seg(SYN).seq(IRS + 50).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_synAck_challengeAck() {
    s.recv(seg(SYN | ACK).seq(IRS + 50).ack(ISS + 2).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_ackOfUnsentData_challengeAck() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 3));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_ackTooOld_challengeAck() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 1 - 100_000));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_ackOfFin_closed() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertNull(c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void lastAck_duplicateAck_staysLastAck() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 1));
    s.expectNothing();
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_dataAfterFin_ignored() {
    s.recv(seg(ACK | PSH).seq(IRS + 2).ack(ISS + 1).data("after the end"));
    s.expectNothing();
    assertEquals(0, c.available());
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_rto_retransmitsFinThenAckCloses() {
    s.advance(200);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 2));
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2));
    assertEquals(CLOSED, c.state());
  }
}
