package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jtcp.core.api.ConnectionRefusedException;
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

  @Test
  void synReceived_inWindowRst_challengeAck() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(RST).seq(IRS + 100));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(SYN_RECEIVED, c.state());
  }

  @Test
  void synReceived_outOfWindowRst_ignored() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(RST).seq(IRS - 100));
    s.expectNothing();
    assertEquals(SYN_RECEIVED, c.state());
  }

  /** RFC 9293 §3.10.7.4 fourth: a passive open's child goes back to LISTEN (here: is deleted). */
  @Test
  void synReceived_inWindowSyn_childDroppedListenerStays() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(SYN).seq(IRS + 10).mss(MSS));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertEquals(0, l.synQueueLength());
    assertEquals(0, s.stack.connectionCount());
    assertEquals(1, s.stack.listenerCount());
  }

  @Test
  void synReceived_synAckOnPassiveChild_challengeAck() {
    Listener l = s.listening();
    Connection c = s.synReceived(l);
    s.recv(seg(SYN | ACK).seq(IRS).ack(ISS + 1).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(SYN_RECEIVED, c.state());
  }

  // Simultaneous open (RFC 9293 §3.5 figure 7): SYN-RECEIVED reached from SYN-SENT.

  private Connection simultaneousOpen() {
    Connection c = s.synSent();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    assertEquals(SYN_RECEIVED, c.state());
    return c;
  }

  @Test
  void synReceived_activeOpenAck_established() {
    Connection c = simultaneousOpen();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
  }

  /** The peer's SYN-ACK repeats its SYN and acknowledges ours: RFC 9293 §3.5 figure 7, line 6. */
  @Test
  void synReceived_activeOpenSynAck_established() {
    Connection c = simultaneousOpen();
    s.recv(seg(SYN | ACK).seq(IRS).ack(ISS + 1).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(ESTABLISHED, c.state());
    assertNull(c.error());
  }

  @Test
  void synReceived_activeOpenRetransmittedSyn_synAckAgain() {
    Connection c = simultaneousOpen();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    assertEquals(SYN_RECEIVED, c.state());
  }

  @Test
  void synReceived_activeOpenInWindowSyn_challengeAck() {
    Connection c = simultaneousOpen();
    s.recv(seg(SYN).seq(IRS + 10).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(SYN_RECEIVED, c.state());
  }

  @Test
  void synReceived_activeOpenExactRst_refused() {
    Connection c = simultaneousOpen();
    s.recv(seg(RST).seq(IRS + 1));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionRefusedException.class, c.error());
    assertEquals(0, s.stack.connectionCount());
  }
}
