package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jtcp.core.api.ConnectionResetException;
import org.junit.jupiter.api.Test;

/**
 * FIN-WAIT-2 (RFC 9293 §3.10.7.4): our FIN is acknowledged, the peer's has not come.
 * SND.UNA=SND.NXT=ISS+2, RCV.NXT=IRS+1.
 */
class FinWait2Test {
  private final Script s = new Script();

  @Test
  void finWait2_unacceptableSegment_ack() {
    Connection c = s.finWait2();
    s.recv(seg(ACK).seq(IRS + 1 + 100_000).ack(ISS + 2).data("far"));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait2_exactRst_reset() {
    Connection c = s.finWait2();
    s.recv(seg(RST).seq(IRS + 1));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionResetException.class, c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void finWait2_inWindowRst_challengeAck() {
    Connection c = s.finWait2();
    s.recv(seg(RST).seq(IRS + 100));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait2_outOfWindowRst_ignored() {
    Connection c = s.finWait2();
    s.recv(seg(RST).seq(IRS + 1 + WINDOW));
    s.expectNothing();
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait2_syn_challengeAck() {
    Connection c = s.finWait2();
    s.recv(seg(SYN).seq(IRS + 50).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait2_synAck_challengeAck() {
    Connection c = s.finWait2();
    s.recv(seg(SYN | ACK).seq(IRS + 50).ack(ISS + 2).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait2_ackOfUnsentData_challengeAck() {
    Connection c = s.finWait2();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 100));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait2_ackTooOld_challengeAck() {
    Connection c = s.finWait2();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2 - 100_000));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait2_duplicateAck_staysFinWait2() {
    Connection c = s.finWait2();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2).win(1000));
    s.expectNothing();
    assertEquals(FIN_WAIT_2, c.state());
    assertEquals(1000, c.info().sendWindow(), "the window update was taken");
  }

  @Test
  void finWait2_dataAfterShutdown_deliveredThenFinTimeWait() throws Exception {
    Connection c = s.established();
    s.run(c::shutdownOutput);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2));
    assertEquals(FIN_WAIT_2, c.state());
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 2).data("tail"));
    s.expectNothing();
    assertEquals(4, c.available());
    s.recv(seg(ACK | FIN).seq(IRS + 5).ack(ISS + 2));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 6).win(WINDOW - 4));
    assertEquals(TIME_WAIT, c.state());
  }

  /** tcp_fin_timeout applies to orphans only: a half-closed socket's timer starts at close(). */
  @Test
  void finWait2_closeAfterShutdown_finTimeoutCountsFromClose() throws Exception {
    Connection c = s.established();
    s.run(c::shutdownOutput);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2));
    s.advance(300_000);
    assertEquals(
        FIN_WAIT_2, c.state(), "not orphaned: waits for the peer's FIN as long as it takes");
    s.close(c);
    s.expectNothing();
    s.advance(60_000 - 1);
    assertEquals(FIN_WAIT_2, c.state());
    s.advance(1);
    s.expectNothing(); // Linux lets the orphan's FIN-WAIT-2 expire silently
    assertEquals(CLOSED, c.state());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void finWait2_finTimeoutSysctl_honoured() {
    Script quick = new Script(PLAIN.with("tcp_fin_timeout", "5"));
    Connection c = quick.finWait2();
    quick.advance(5_000 - 1);
    assertEquals(FIN_WAIT_2, c.state());
    quick.advance(1);
    quick.expectNothing(); // Linux lets the orphan's FIN-WAIT-2 expire silently
    assertEquals(CLOSED, c.state());
  }
}
