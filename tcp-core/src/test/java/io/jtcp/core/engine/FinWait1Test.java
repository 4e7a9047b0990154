package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jtcp.core.api.ConnectionResetException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * FIN-WAIT-1 (RFC 9293 §3.10.7.4): our FIN is out and unacknowledged. SND.UNA=ISS+1, SND.NXT=ISS+2,
 * RCV.NXT=IRS+1.
 */
class FinWait1Test {
  private final Script s = new Script();

  @Test
  void finWait1_unacceptableSegment_ack() {
    Connection c = s.finWait1();
    s.recv(seg(ACK).seq(IRS + 1 + 100_000).ack(ISS + 1).data("far"));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
  }

  @Test
  void finWait1_exactRst_reset() {
    Connection c = s.finWait1();
    s.recv(seg(RST).seq(IRS + 1));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionResetException.class, c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void finWait1_inWindowRst_challengeAck() {
    Connection c = s.finWait1();
    s.recv(seg(RST).seq(IRS + 100));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
  }

  @Test
  void finWait1_outOfWindowRst_ignored() {
    Connection c = s.finWait1();
    s.recv(seg(RST).seq(IRS));
    s.expectNothing();
    assertEquals(FIN_WAIT_1, c.state());
  }

  @Test
  void finWait1_syn_challengeAck() {
    Connection c = s.finWait1();
    s.recv(seg(SYN).seq(IRS + 50).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
  }

  @Test
  void finWait1_synAck_challengeAck() {
    Connection c = s.finWait1();
    s.recv(seg(SYN | ACK).seq(IRS + 50).ack(ISS + 2).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
  }

  @Test
  void finWait1_ackOfUnsentData_challengeAck() {
    Connection c = s.finWait1();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 3));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state(), "an ACK beyond our FIN does not acknowledge it");
  }

  @Test
  void finWait1_ackTooOld_challengeAck() {
    Connection c = s.finWait1();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1 - 100_000));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
  }

  @Test
  void finWait1_ackOfDataBeforeFin_staysFinWait1() {
    Connection c = s.established();
    byte[] b = "abc".getBytes(StandardCharsets.UTF_8);
    s.call(n -> c.write(b, 0, b.length, n));
    s.expect(seg(ACK | PSH).seq(ISS + 1).ack(IRS + 1).data("abc"));
    s.close(c);
    s.expect(seg(ACK | FIN).seq(ISS + 4).ack(IRS + 1));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 4));
    s.expectNothing();
    assertEquals(FIN_WAIT_1, c.state(), "the data is acknowledged, the FIN is not");
    assertEquals(3, c.info().bytesAcked());
  }

  @Test
  void finWait1_dataAfterClose_reset() {
    Connection c = s.finWait1();
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 1).data("nobody reads this"));
    s.expect(seg(RST).seq(ISS + 1)); // Linux answers the segment: <SEQ=SEG.ACK><CTL=RST>
    assertEquals(CLOSED, c.state());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void finWait1_dataAfterShutdown_delivered() throws Exception {
    Connection c = s.established();
    s.run(c::shutdownOutput);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 1).data("still"));
    s.expectNothing();
    s.advance(40);
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 6).win(WINDOW - 5));
    assertEquals(FIN_WAIT_1, c.state());
    assertEquals(5, c.available());
    assertNull(c.error());
  }

  @Test
  void finWait1_rto_retransmitsFinWithBackoff() {
    Connection c = s.finWait1();
    s.advance(200);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    s.advance(399);
    s.expectNothing();
    s.advance(1);
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
  }
}
