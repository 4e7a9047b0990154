package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** SYN-RECEIVED, RFC 9293 §3.10.7.4, and the old-duplicate-SYN case of §3.5 (figure 8). */
class SynReceivedTest {
  private final Script s = new Script();

  @Test
  void synReceived_ack_establishedAndQueuedForAccept() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
    assertSame(c, l.accept());
  }

  @Test
  void synReceived_ackWithDataAndFin_establishedThenCloseWait() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(ACK | PSH | FIN).seq(IRS + 1).ack(ISS + 1).data("hi"));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 4).win(WINDOW - 2));
    assertEquals(CLOSE_WAIT, c.state());
    assertEquals(2, c.available());
  }

  @Test
  void synReceived_badAck_reset() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 9));
    s.expect(seg(RST).seq(ISS + 9));
    assertEquals(SYN_RECEIVED, c.state());
  }

  @Test
  void synReceived_retransmittedSyn_synAckAgain() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    assertEquals(SYN_RECEIVED, c.state());
  }

  @Test
  void synReceived_exactRst_childGoesListenerStays() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(RST).seq(IRS + 1));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertEquals(0, l.synQueueLength());
    assertEquals(0, s.stack.connectionCount());
    assertEquals(1, s.stack.listenerCount());
  }

  /**
   * RFC 9293 §3.5 figure 8: an old duplicate SYN reaches the server first; the client, in SYN-SENT
   * for a newer SYN, answers the server's SYN-ACK with a reset; the server's child goes and the new
   * SYN makes a fresh connection.
   */
  @Test
  void synReceived_oldDuplicateSyn_resetByClientNoConnectionLeft() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(90).mss(MSS)); // the stale SYN
    s.expect(seg(SYN | ACK).seq(ISS).ack(91).mss(MSS));
    s.recv(seg(RST).seq(91)); // the client's <SEQ=91><CTL=RST>: its SYN was seq 100
    s.expectNothing();
    assertEquals(0, s.stack.connectionCount(), "the stale SYN did not create a connection");
    s.recv(seg(SYN).seq(100).mss(MSS)); // the real SYN
    s.expect(seg(SYN | ACK).seq(ISS).ack(101).mss(MSS));
    s.recv(seg(ACK).seq(101).ack(ISS + 1));
    assertNotNull(l.accept());
  }

  @Test
  void synReceived_rto_retransmitsSynAckThenDrops() {
    Listener l = s.listening();
    s.synReceived(l);
    for (long gap : new long[] {1000, 2000, 4000, 8000, 16000}) {
      s.advance(gap);
      s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    }
    s.advance(32000);
    s.expectNothing();
    assertEquals(
        0, s.stack.connectionCount(), "tcp_synack_retries=5: the embryonic connection is gone");
    assertEquals(0, l.synQueueLength());
  }

  @Test
  void synReceived_unacceptableSegment_ack() {
    Listener l = s.listening();
    s.synReceived(l);
    s.recv(seg(ACK).seq(IRS + 100_000).ack(ISS + 1).data("x"));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
  }
}
