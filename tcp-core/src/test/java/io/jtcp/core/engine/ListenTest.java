package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** LISTEN (RFC 9293 §3.10.7.2) and segments for ports nobody listens on (§3.10.7.1). */
class ListenTest {
  private final Script s = new Script();

  @Test
  void listen_syn_childInSynReceivedAnswersSynAck() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).mss(1200));
    s.expect(seg(SYN | ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    assertEquals(1, l.synQueueLength());
    assertEquals(SYN_RECEIVED, s.stack.connections().getFirst().state());
    assertNull(l.accept(), "not established yet");
  }

  @Test
  void listen_ack_reset() {
    s.listening();
    s.recv(seg(ACK).seq(IRS).ack(777));
    s.expect(seg(RST).seq(777));
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void listen_synAck_reset() {
    s.listening();
    s.recv(seg(SYN | ACK).seq(IRS).ack(777));
    s.expect(seg(RST).seq(777));
  }

  @Test
  void listen_rst_ignored() {
    s.listening();
    s.recv(seg(RST).seq(IRS));
    s.expectNothing();
  }

  @Test
  void listen_finWithoutAck_dropped() {
    s.listening();
    s.recv(seg(FIN).seq(IRS));
    s.expectNothing();
  }

  @Test
  void closed_syn_resetWithAckOfTheSyn() {
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expect(seg(RST | ACK).seq(0).ack(IRS + 1));
  }

  @Test
  void closed_ack_resetAtItsAck() {
    s.recv(seg(ACK).seq(IRS).ack(4242).data("late"));
    s.expect(seg(RST).seq(4242));
  }

  @Test
  void closed_dataWithoutAck_resetAcksTheData() {
    s.recv(seg(PSH).seq(IRS).data("abc"));
    s.expect(seg(RST | ACK).seq(0).ack(IRS + 3));
  }

  @Test
  void closed_finWithoutAck_resetCountsTheFin() {
    s.recv(seg(FIN).seq(IRS).data("ab"));
    s.expect(seg(RST | ACK).seq(0).ack(IRS + 3));
  }

  @Test
  void closed_rst_neverAnswered() {
    s.recv(seg(RST).seq(IRS));
    s.expectNothing();
    assertEquals(1, s.stack.counters().get("no socket"));
  }

  @Test
  void listen_closeWithChildren_resetsThem() throws Exception {
    Listener l = s.listening();
    Connection child = s.synReceived(l);
    s.run(now -> l.close(now));
    s.expect(seg(RST | ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(CLOSED, child.state());
    assertEquals(0, s.stack.connectionCount());
    assertEquals(0, s.stack.listenerCount());
  }

  @Test
  void listen_backlogFull_dropsSyn() {
    Listener l =
        s.call(n -> s.stack.listen(LOCAL_PORT, 1, io.jtcp.core.api.SocketOptions.DEFAULTS, n));
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.sent();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
    assertEquals(1, l.pending());
    s.peerPort++;
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expectNothing();
    assertEquals(1, s.stack.counters().get("TcpExtListenDrops"));
  }

  @Test
  void listen_dataWithoutAck_dropped() {
    s.listening();
    s.recv(seg(PSH).seq(IRS).data("stray"));
    s.expectNothing();
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void closed_synAck_resetAtItsAck() {
    s.recv(seg(SYN | ACK).seq(IRS).ack(4242).mss(MSS));
    s.expect(seg(RST).seq(4242));
  }
}
