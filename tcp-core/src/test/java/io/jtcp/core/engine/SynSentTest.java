package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jtcp.core.api.ConnectTimeoutException;
import io.jtcp.core.api.ConnectionRefusedException;
import org.junit.jupiter.api.Test;

/** SYN-SENT, RFC 9293 §3.10.7.3. */
class SynSentTest {
  private final Script s = new Script();

  @Test
  void synSent_synAck_established() {
    Connection c = s.synSent();
    s.recv(seg(SYN | ACK).seq(IRS).ack(ISS + 1).mss(1400));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(ESTABLISHED, c.state());
    assertEquals(1400, c.info().sendMss());
  }

  @Test
  void synSent_synAckWithBadAck_sendsResetAndStays() {
    Connection c = s.synSent();
    s.recv(seg(SYN | ACK).seq(IRS).ack(ISS + 7));
    s.expect(seg(RST).seq(ISS + 7));
    assertEquals(SYN_SENT, c.state());
  }

  @Test
  void synSent_ackWithoutSyn_isDroppedOrReset() {
    Connection c = s.synSent();
    s.recv(seg(ACK).seq(IRS).ack(ISS + 1));
    s.expectNothing();
    s.recv(seg(ACK).seq(IRS).ack(ISS));
    s.expect(seg(RST).seq(ISS));
    assertEquals(SYN_SENT, c.state());
  }

  @Test
  void synSent_rstWithAcceptableAck_refused() {
    Connection c = s.synSent();
    s.recv(seg(RST | ACK).seq(0).ack(ISS + 1));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionRefusedException.class, c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void synSent_rstWithoutAck_ignored() {
    Connection c = s.synSent();
    s.recv(seg(RST).seq(IRS));
    s.expectNothing();
    assertEquals(SYN_SENT, c.state());
    assertNull(c.error());
  }

  @Test
  void synSent_syn_simultaneousOpenToSynReceived() {
    Connection c = s.synSent();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    assertEquals(SYN_RECEIVED, c.state());
    s.recv(seg(SYN | ACK).seq(IRS).ack(ISS + 1).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void synSent_rto_retransmitsWithBackoffThenTimesOut() {
    Connection c = s.synSent();
    long[] gaps = {1000, 2000, 4000, 8000, 16000, 32000};
    for (long gap : gaps) {
      s.advance(gap - 1);
      s.expectNothing();
      s.advance(1);
      s.expect(seg(SYN).seq(ISS).mss(MSS));
    }
    s.advance(64000 - 1);
    assertEquals(SYN_SENT, c.state());
    s.advance(1);
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectTimeoutException.class, c.error());
    assertEquals(
        "connect to 192.0.2.2:40000 timed out: 7 SYNs sent over 127 s with no answer",
        c.error().getMessage());
  }

  @Test
  void synSent_rstWithUnacceptableAck_ignored() {
    Connection c = s.synSent();
    s.recv(seg(RST | ACK).seq(IRS).ack(ISS + 5));
    s.expectNothing();
    assertEquals(SYN_SENT, c.state());
    assertNull(c.error());
  }

  @Test
  void synSent_dataWithoutAck_dropped() {
    Connection c = s.synSent();
    s.recv(seg(PSH).seq(IRS).data("early"));
    s.expectNothing();
    assertEquals(SYN_SENT, c.state());
  }

  @Test
  void synSent_finWithoutAck_dropped() {
    Connection c = s.synSent();
    s.recv(seg(FIN).seq(IRS));
    s.expectNothing();
    assertEquals(SYN_SENT, c.state());
  }

  /**
   * RFC 9293 §3.10.7.3 would queue the text of a crossing SYN until ESTABLISHED; like Linux, which
   * keeps no such queue, the engine drops it, unacknowledged, and the peer sends it again.
   */
  @Test
  void synSent_synWithData_simultaneousOpenDropsTheData() {
    Connection c = s.synSent();
    s.recv(seg(SYN).seq(IRS).mss(MSS).data("early"));
    s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    assertEquals(SYN_RECEIVED, c.state());
    assertEquals(0, c.available());
  }

  /**
   * Likewise a FIN on a crossing SYN: it is not acknowledged and the connection does not skip to
   * CLOSE-WAIT before its own SYN is acknowledged.
   */
  @Test
  void synSent_synWithFin_simultaneousOpenDropsTheFin() {
    Connection c = s.synSent();
    s.recv(seg(SYN | FIN).seq(IRS).mss(MSS));
    s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    assertEquals(SYN_RECEIVED, c.state());
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
    assertFalse(c.finReceived());
  }
}
