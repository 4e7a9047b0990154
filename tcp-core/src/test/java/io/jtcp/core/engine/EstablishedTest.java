package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jtcp.core.api.ConnectionClosingException;
import io.jtcp.core.api.ConnectionResetException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ESTABLISHED, RFC 9293 §3.10.7.4 with RFC 5961's defences. */
class EstablishedTest {
  private final Script s = new Script();
  private final Connection c = s.established();

  private int write(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return s.call(n -> c.write(b, 0, b.length, n));
  }

  private String read() {
    byte[] b = new byte[1000];
    int n = s.call(now -> c.read(b, 0, b.length, now));
    return n < 0 ? "<EOF>" : new String(b, 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void established_data_deliveredAndAckDelayed() {
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 1).data("hello"));
    s.expectNothing();
    s.advance(39);
    s.expectNothing();
    s.advance(1);
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 6).win(WINDOW - 5));
    assertEquals("hello", read());
  }

  @Test
  void established_secondFullSegment_ackedAtOnce() {
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).data("a".repeat(MSS)));
    s.expectNothing();
    s.recv(seg(ACK).seq(IRS + 1 + MSS).ack(ISS + 1).data("b".repeat(MSS)));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1 + 2 * MSS).win(WINDOW - 2 * MSS));
  }

  @Test
  void established_send_segmentsAtMssAndRetransmitsOnRto() {
    assertEquals(2000, write("x".repeat(2000)));
    s.expect(
        seg(ACK).seq(ISS + 1).ack(IRS + 1).data("x".repeat(MSS)),
        seg(ACK | PSH).seq(ISS + 1 + MSS).ack(IRS + 1).data("x".repeat(2000 - MSS)));
    s.advance(200); // RTO: the handshake's RTT sample was ~0, so Linux's floor of 200 ms
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1).data("x".repeat(MSS)));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1 + MSS));
    s.expect(seg(ACK | PSH).seq(ISS + 1 + MSS).ack(IRS + 1).data("x".repeat(2000 - MSS)));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2001));
    s.advance(10_000);
    s.expectNothing();
  }

  @Test
  void established_sendBeyondPeerWindow_waits() {
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(100));
    write("y".repeat(300));
    // Sender silly-window avoidance (RFC 9293 §3.8.6.2.1): 100 bytes are less than half the largest
    // window the peer offered, so they go out only when the persist timer overrides.
    s.expectNothing();
    s.advance(200);
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1).data("y".repeat(100)));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 101).win(500));
    s.expect(seg(ACK | PSH).seq(ISS + 101).ack(IRS + 1).data("y".repeat(200)));
  }

  @Test
  void established_exactRst_reset() {
    s.recv(seg(RST).seq(IRS + 1));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionResetException.class, c.error());
    assertThrows(ConnectionResetException.class, () -> s.run(n -> c.write(new byte[1], 0, 1, n)));
  }

  @Test
  void established_inWindowRst_challengeAck() {
    s.recv(seg(RST).seq(IRS + 100));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void established_outOfWindowRst_ignored() {
    s.recv(seg(RST).seq(IRS + 1 + WINDOW + 10));
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void established_syn_challengeAck() {
    s.recv(seg(SYN).seq(IRS + 50).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void established_ackOfUnsentData_challengeAckAndDrop() {
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 500).data("zz"));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(0, c.available(), "the segment was dropped");
  }

  @Test
  void established_unacceptableSegment_ack() {
    s.recv(seg(ACK).seq(IRS - 10).ack(ISS + 1).data("old"));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
  }

  @Test
  void established_challengeAcks_rateLimitedPerStack() {
    Script limited = new Script(PLAIN.with("tcp_challenge_ack_limit", "2"));
    Connection conn = limited.established();
    for (int i = 0; i < 5; i++) {
      limited.recv(seg(RST).seq(IRS + 100 + i));
    }
    assertEquals(2, limited.sent().size());
    assertEquals(3, limited.stack.counters().get("challenge ACK suppressed by rate limit"));
    limited.advance(1000);
    limited.recv(seg(RST).seq(IRS + 200));
    assertEquals(1, limited.sent().size(), "a new second, a new budget");
    assertEquals(ESTABLISHED, conn.state());
  }

  @Test
  void established_fin_closeWaitAndEndOfStream() {
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1).data("bye"));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 5).win(WINDOW - 3));
    assertEquals(CLOSE_WAIT, c.state());
    assertEquals("bye", read());
    assertEquals("<EOF>", read());
    write("late reply");
    s.expect(seg(ACK | PSH).seq(ISS + 1).ack(IRS + 5).data("late reply"));
  }

  @Test
  void established_close_finWait1() throws Exception {
    s.run(n -> c.close(n));
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
  }

  @Test
  void established_closeWithQueuedData_finRidesOnTheLastSegment() throws Exception {
    write("abc");
    s.sent();
    s.run(n -> c.close(n));
    s.expect(seg(ACK | FIN).seq(ISS + 4).ack(IRS + 1));
  }

  @Test
  void established_closeWithUnreadData_reset() throws Exception {
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).data("unread"));
    s.run(n -> c.close(n));
    s.expect(seg(RST | ACK).seq(ISS + 1).ack(IRS + 7));
    assertEquals(CLOSED, c.state());
  }

  @Test
  void established_closeWithLingerZero_reset() throws Exception {
    Script z = new Script();
    Listener l =
        z.call(
            n ->
                z.stack.listen(
                    LOCAL_PORT, 8, io.jtcp.core.api.SocketOptions.DEFAULTS.withLinger(0), n));
    z.synReceived(l);
    z.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
    Connection lingering = l.accept();
    z.run(n -> lingering.close(n));
    z.expect(seg(RST | ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(CLOSED, lingering.state());
  }

  @Test
  void established_abort_reset() throws Exception {
    s.run(n -> c.abort(n));
    s.expect(seg(RST | ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(CLOSED, c.state());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void established_shutdown_keepsReceiving() throws Exception {
    s.run(n -> c.shutdownOutput(n));
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    assertEquals(FIN_WAIT_1, c.state());
    assertThrows(ConnectionClosingException.class, () -> s.run(n -> c.write(new byte[1], 0, 1, n)));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2));
    assertEquals(FIN_WAIT_2, c.state());
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 2).data("more"));
    assertEquals("more", read(), "data sent after our FIN is still delivered to us");
    s.advance(120_000);
    assertEquals(FIN_WAIT_2, c.state(), "half-closed, not orphaned: no FIN-WAIT-2 timeout");
  }

  @Test
  void established_synAck_challengeAck() {
    s.recv(seg(SYN | ACK).seq(IRS + 50).ack(ISS + 1).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(ESTABLISHED, c.state());
  }

  /** RFC 5961 §5.2: SEG.ACK < SND.UNA - MAX.SND.WND is too old to be genuine. */
  @Test
  void established_ackTooOld_challengeAckAndDrop() {
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 1 - WINDOW - 1).data("zz"));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(0, c.available(), "the segment was dropped");
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 1 - WINDOW).data("zz"));
    s.expectNothing();
    assertEquals(2, c.available(), "an old ACK within MAX.SND.WND is a duplicate, not an attack");
  }
}
