package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jtcp.core.api.ConnectionResetException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * CLOSE-WAIT (RFC 9293 §3.10.7.4): the peer's FIN is in, we may still send. SND.UNA=SND.NXT=ISS+1,
 * RCV.NXT=IRS+2.
 */
class CloseWaitTest {
  private final Script s = new Script();
  private final Connection c = s.closeWait();

  @Test
  void closeWait_unacceptableSegment_ack() {
    s.recv(seg(ACK).seq(IRS - 100).ack(ISS + 1).data("old"));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_exactRst_reset() {
    s.recv(seg(RST).seq(IRS + 2));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionResetException.class, c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void closeWait_inWindowRst_challengeAck() {
    s.recv(seg(RST).seq(IRS + 100));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_outOfWindowRst_ignored() {
    s.recv(seg(RST).seq(IRS + 1));
    s.expectNothing();
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_syn_challengeAck() {
    s.recv(seg(SYN).seq(IRS + 50).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_synAck_challengeAck() {
    s.recv(seg(SYN | ACK).seq(IRS + 50).ack(ISS + 1).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_ackOfUnsentData_challengeAck() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 10));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_ackTooOld_challengeAck() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 1 - 100_000));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_ackOfOurData_frees() {
    byte[] b = "reply".getBytes(StandardCharsets.UTF_8);
    s.call(n -> c.write(b, 0, b.length, n));
    s.expect(seg(ACK | PSH).seq(ISS + 1).ack(IRS + 2).data("reply"));
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 6));
    s.expectNothing();
    assertEquals(CLOSE_WAIT, c.state());
    assertEquals(5, c.info().bytesAcked());
    s.advance(10_000);
    s.expectNothing();
  }

  @Test
  void closeWait_dataAfterFin_ignored() {
    s.recv(seg(ACK | PSH).seq(IRS + 2).ack(ISS + 1).data("after the end"));
    s.expectNothing();
    assertEquals(0, c.available());
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void closeWait_retransmittedFin_reAcked() {
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
  }
}
