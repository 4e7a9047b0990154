package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jtcp.core.isn.SynCookies;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * LISTEN with SYN cookies (RFC 4987 §3.6, Linux's {@code tcp_syncookies}): the SYN-ACK's sequence
 * number is a cookie, no TCB is kept, and the ACK that returns the cookie builds the connection.
 */
class SynCookieTest {
  /** The keys {@link Script} gives its stack. */
  private static final SynCookies KEYS = new SynCookies(7, 8);

  private static final long MINUTE = 60_000;

  private final Script s = new Script(PLAIN.with("tcp_syncookies", "2"));

  /** The cookie our stack answers a SYN from {@code peerPort} with at {@code now}. */
  private static int cookie(int peerPort, int clientIsn, int clientMss, long now) {
    return KEYS.cookie(
        LOCAL.bits(), LOCAL_PORT, REMOTE.bits(), peerPort, clientIsn, clientMss, now);
  }

  private String read(Connection c) {
    byte[] b = new byte[100];
    int n = s.call(now -> c.read(b, 0, b.length, now));
    return new String(b, 0, Math.max(n, 0), StandardCharsets.UTF_8);
  }

  @Test
  void listen_synWithCookiesForced_cookieSynAckAndNoState() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expect(seg(SYN | ACK).seq(cookie(REMOTE_PORT, IRS, MSS, 0)).ack(IRS + 1).mss(MSS));
    assertEquals(0, s.stack.connectionCount(), "no TCB for a cookie");
    assertEquals(0, l.synQueueLength());
    assertEquals(1, s.stack.counters().get("TcpExtSyncookiesSent"));
    s.advance(MINUTE);
    s.expectNothing(); // a cookie SYN-ACK is never retransmitted: the client resends its SYN
  }

  @Test
  void listen_synQueueFull_cookieSynAck() {
    Script q = new Script(PLAIN.with("tcp_syncookies", "1").with("tcp_max_syn_backlog", "1"));
    Listener l = q.listening();
    q.synReceived(l);
    assertEquals(1, l.synQueueLength());
    q.peerPort = REMOTE_PORT + 1;
    q.recv(seg(SYN).seq(IRS).mss(MSS));
    q.expect(seg(SYN | ACK).seq(cookie(REMOTE_PORT + 1, IRS, MSS, 0)).ack(IRS + 1).mss(MSS));
    assertEquals(1, l.synQueueLength(), "the overflowing SYN left no state");
    assertEquals(1, q.stack.connectionCount());
  }

  @Test
  void listen_cookieAckWithData_establishedChildGetsTheData() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).mss(1300));
    int cookie = cookie(REMOTE_PORT, IRS, 1300, 0);
    s.expect(seg(SYN | ACK).seq(cookie).ack(IRS + 1).mss(MSS));
    s.advance(10);
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(cookie + 1).data("hello"));
    s.expectNothing();
    Connection c = l.accept();
    assertNotNull(c, "the cookie rebuilt the connection and queued it for accept");
    assertEquals(ESTABLISHED, c.state());
    assertEquals(1300, c.info().sendMss(), "the MSS came back in the cookie");
    assertEquals(1, s.stack.counters().get("TcpExtSyncookiesRecv"));
    assertEquals(5, c.available(), "the data on the ACK was delivered");
    s.advance(40);
    s.expect(seg(ACK).seq(cookie + 1).ack(IRS + 6).win(WINDOW - 5));
    assertEquals("hello", read(c));
    byte[] reply = "hi".getBytes(StandardCharsets.UTF_8);
    s.call(n -> c.write(reply, 0, reply.length, n));
    s.expect(seg(ACK | PSH).seq(cookie + 1).ack(IRS + 6).data("hi"));
  }

  @Test
  void listen_cookieAckWithFin_closeWait() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    int cookie = cookie(REMOTE_PORT, IRS, MSS, 0);
    s.sent();
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(cookie + 1));
    s.expect(seg(ACK).seq(cookie + 1).ack(IRS + 2));
    Connection c = l.accept();
    assertNotNull(c);
    assertEquals(CLOSE_WAIT, c.state());
  }

  @Test
  void listen_forgedCookieAck_reset() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    int cookie = cookie(REMOTE_PORT, IRS, MSS, 0);
    s.sent();
    s.recv(seg(ACK).seq(IRS + 1).ack(cookie + 2));
    s.expect(seg(RST).seq(cookie + 2));
    s.recv(seg(ACK).seq(IRS + 2).ack(cookie + 1)); // the right cookie for another client ISN
    s.expect(seg(RST).seq(cookie + 1));
    assertEquals(0, s.stack.connectionCount());
    assertNull(l.accept());
  }

  @Test
  void listen_staleCookieAck_reset() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    int stale = cookie(REMOTE_PORT, IRS, MSS, 0);
    s.sent();
    s.advance(2 * MINUTE);
    s.peerPort = REMOTE_PORT + 1; // another client keeps cookies in use
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.sent();
    s.peerPort = REMOTE_PORT;
    s.recv(seg(ACK).seq(IRS + 1).ack(stale + 1));
    s.expect(seg(RST).seq(stale + 1));
    assertEquals(0, s.stack.connectionCount());
    assertNull(l.accept());
  }

  /**
   * RFC 4987 §3.6 and Linux's {@code tcp_synq_no_recent_overflow}: cookies are checked only while
   * some were sent in the last two minutes, so an ACK flood cannot grind through guesses.
   */
  @Test
  void listen_cookieAckWithNoCookieSentRecently_reset() {
    Script q = new Script(PLAIN.with("tcp_syncookies", "1"));
    Listener l = q.listening();
    int cookie = cookie(REMOTE_PORT, IRS, MSS, 0); // valid, but we never sent it
    q.recv(seg(ACK).seq(IRS + 1).ack(cookie + 1));
    q.expect(seg(RST).seq(cookie + 1));
    assertEquals(0, q.stack.connectionCount());
    assertNull(l.accept());
  }

  @Test
  void listen_cookieAckAfterTwoMinutesQuiet_reset() {
    Listener l = s.listening();
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.sent();
    s.advance(2 * MINUTE + 1);
    int cookie = cookie(REMOTE_PORT, IRS, MSS, s.now); // fresh, but none sent for over 2 minutes
    s.recv(seg(ACK).seq(IRS + 1).ack(cookie + 1));
    s.expect(seg(RST).seq(cookie + 1));
    assertNull(l.accept());
  }

  @Test
  void listen_cookiesOff_synQueueFullDropsSyn() {
    Script q = new Script(PLAIN.with("tcp_syncookies", "0").with("tcp_max_syn_backlog", "1"));
    Listener l = q.listening();
    q.synReceived(l);
    q.peerPort = REMOTE_PORT + 1;
    q.recv(seg(SYN).seq(IRS).mss(MSS));
    q.expectNothing();
    assertEquals(1, l.synQueueLength());
    assertEquals(1, q.stack.counters().get("TcpExtListenDrops"));
  }
}
