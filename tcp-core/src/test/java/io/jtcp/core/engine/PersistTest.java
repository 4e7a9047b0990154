package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.ConnectionTimeoutException;
import io.jtcp.core.api.SocketOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The whole zero-window story (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17) from both ends: a window
 * fills, the receiver announces zero, the sender probes it with the persist timer (Linux's {@code
 * <SEQ=SND.UNA-1>} with no data, backing off exponentially up to TCP_RTO_MAX), the receiver answers
 * each probe with its window, and the window update restarts the data.
 */
class PersistTest {
  private final Script s = new Script();

  private int write(Connection c, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return s.call(n -> c.write(b, 0, b.length, n));
  }

  private static Script.Seg ours(int offset, String text, boolean push) {
    return seg(ACK | (push ? PSH : 0)).seq(ISS + 1 + offset).ack(IRS + 1).data(text);
  }

  private static Script.Seg peerAck(int offset, int window) {
    return seg(ACK).seq(IRS + 1).ack(ISS + 1 + offset).win(window);
  }

  @Test
  void established_sendWindowFills_probedUntilTheUpdate() {
    s.peerWindow = 2 * MSS; // the peer's buffer holds two segments
    Connection c = s.established();
    String a = "a".repeat(MSS);
    String b = "b".repeat(MSS);
    String rest = "c".repeat(1080);
    assertEquals(2 * MSS + 1080, write(c, a + b + rest));
    s.expect(ours(0, a, false), ours(MSS, b, false)); // the window is full
    s.advance(10);
    s.recv(peerAck(2 * MSS, 0)); // all acknowledged, but the peer's application has not read
    s.expectNothing();
    // Nothing in flight, data queued, the window closed: the persist timer, one RTO (the floor).
    Script.Seg probe = seg(ACK).seq(ISS + 2 * MSS).ack(IRS + 1); // SND.UNA − 1, no data
    s.advance(200 - 1);
    s.expectNothing();
    s.advance(1);
    s.expect(probe);
    s.recv(peerAck(2 * MSS, 0)); // the peer answers: still closed
    s.expectNothing();
    s.advance(400 - 1);
    s.expectNothing();
    s.advance(1);
    s.expect(probe); // backed off
    s.recv(peerAck(2 * MSS, 0));
    s.advance(300);
    s.recv(peerAck(2 * MSS, 2 * MSS)); // the window update, unprompted
    s.expect(ours(2 * MSS, rest, true));
    s.advance(10);
    s.recv(peerAck(2 * MSS + 1080, 2 * MSS));
    s.advance(60_000);
    s.expectNothing(); // the persist timer is off
    s.expectNothing();
    assertEquals(2, c.info().zeroWindowProbes());
    assertEquals(0, c.info().retransmissions());
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void established_probesAnswered_backOffToRtoMaxAndNeverGiveUp() {
    Connection c = s.established();
    s.recv(peerAck(0, 0));
    write(c, "hello");
    Script.Seg probe = seg(ACK).seq(ISS).ack(IRS + 1);
    long interval = 200;
    for (int i = 0; i < 20; i++) {
      s.advance(interval - 1);
      s.expectNothing();
      s.advance(1);
      s.expect(probe);
      s.recv(peerAck(0, 0)); // RFC 9293 MUST-36: the receiver answers, so the connection stays
      interval = Math.min(interval * 2, 120_000);
    }
    assertEquals(ESTABLISHED, c.state());
    assertNull(c.error());
    assertEquals(20, c.info().zeroWindowProbes());
    s.recv(peerAck(0, 100));
    s.expect(ours(0, "hello", true));
  }

  /**
   * A receiver that shrinks its window (RFC 9293 §3.8.6.2.2 says it SHOULD NOT, and a sender must
   * cope) strands data already sent beyond the new right edge. Linux's tcp_retransmit_timer then
   * turns its retransmissions into probes ("receiver dastardly shrinks window") that never count
   * toward tcp_retries2 while the peer answers, and the data goes again once the window reopens.
   * The peer here discards what lies beyond its window and answers every segment.
   */
  @Test
  void established_windowShrinksBelowSentData_theDataGoesAgainOnceItReopens() {
    s.peerWindow = 4 * MSS;
    Connection c = s.established();
    String data = "abcd".repeat(MSS);
    assertEquals(4 * MSS, write(c, data));
    assertEquals(4, s.sent().size(), "the whole window in flight");
    s.advance(10);
    int peerNxt = 2 * MSS; // the first two segments arrived; the others are beyond the shrunk edge
    s.recv(peerAck(peerNxt, 0));
    int window = 0;
    int ms = 0;
    for (; ms < 600_000 && peerNxt < 4 * MSS; ms += 100) {
      if (ms == 300_000) {
        window = 4 * MSS; // five minutes later the application reads and the window reopens
        s.recv(peerAck(peerNxt, window));
      }
      s.advance(100);
      for (var seg : s.sent()) {
        int offset = seg.sequenceNumber() - (ISS + 1);
        int len = seg.payload().length;
        if (window > 0 && offset == peerNxt && len > 0) {
          peerNxt += len;
        }
        s.recv(peerAck(peerNxt, window)); // every segment is answered, data or probe
      }
      assertEquals(ESTABLISHED, c.state(), "at " + ms + " ms: the peer answered everything");
    }
    assertEquals(4 * MSS, peerNxt, "the stranded segments went again after the window reopened");
    assertTrue(
        ms <= 300_000 + 120_000, "within one backed-off timeout (TCP_RTO_MAX): " + (ms - 300_000));
    assertNull(c.error());
  }

  @Test
  void established_probesUnanswered_connectionTimesOut() {
    Connection c = s.established();
    s.recv(peerAck(0, 0));
    write(c, "hello");
    Script.Seg probe = seg(ACK).seq(ISS).ack(IRS + 1);
    long interval = 200;
    for (int i = 0; i < 15; i++) {
      s.advance(interval);
      s.expect(probe);
      interval = Math.min(interval * 2, 120_000);
    }
    // Linux's tcp_probe_timer: the peer has not answered tcp_retries2 (15) probes in a row, so it
    // is gone; the connection ends as after 15 retransmissions (tcp_write_err, no RST), 924.6 s
    // after the window closed. Probing a silent peer forever would hold the connection forever.
    s.advance(120_000 - 1);
    assertEquals(ESTABLISHED, c.state());
    s.advance(1);
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionTimeoutException.class, c.error());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void established_receiveWindowFills_zeroWindowAnsweredThenUpdated() {
    Connection c = s.established(SocketOptions.DEFAULTS.withBuffers(2 * MSS, 0));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).data("a".repeat(MSS)));
    s.recv(seg(ACK).seq(IRS + 1 + MSS).ack(ISS + 1).data("b".repeat(MSS)));
    Script.Seg closed = seg(ACK).seq(ISS + 1).ack(IRS + 1 + 2 * MSS).win(0);
    s.expect(closed); // our buffer is full
    s.advance(200);
    s.recv(seg(ACK).seq(IRS + 2 * MSS).ack(ISS + 1)); // the peer's probe: SEQ = RCV.NXT − 1
    s.expect(closed);
    s.advance(400);
    // A probe carrying a byte of new data (as BSD sends them): beyond the window, so not taken,
    // but answered (RFC 9293 §3.10.7.4).
    s.recv(seg(ACK).seq(IRS + 1 + 2 * MSS).ack(ISS + 1).data("c"));
    s.expect(closed);
    byte[] buf = new byte[2 * MSS];
    assertEquals(2 * MSS, (int) s.call(n -> c.read(buf, 0, buf.length, n)));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1 + 2 * MSS).win(2 * MSS)); // the window update
    s.recv(seg(ACK | PSH).seq(IRS + 1 + 2 * MSS).ack(ISS + 1).data("c"));
    s.expectNothing();
    assertEquals(1, c.available());
  }
}
