package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jtcp.core.api.ConnectionTimeoutException;
import io.jtcp.core.api.SocketOptions;
import org.junit.jupiter.api.Test;

/**
 * SO_KEEPALIVE (RFC 1122 §4.2.3.6, Linux's tcp_keepalive_*): after tcp_keepalive_time idle, a probe
 * {@code <SEQ=SND.UNA-1><ACK=RCV.NXT>} every tcp_keepalive_intvl; tcp_keepalive_probes unanswered
 * probes kill the connection. Here time=10 s, intvl=2 s, probes=3.
 */
class KeepaliveTest {
  private final Script s =
      new Script(
          PLAIN
              .with("tcp_keepalive_time", "10")
              .with("tcp_keepalive_intvl", "2")
              .with("tcp_keepalive_probes", "3"));

  private static Script.Seg probe() {
    return seg(ACK).seq(ISS).ack(IRS + 1);
  }

  private Connection established() {
    return s.established(SocketOptions.DEFAULTS.withKeepAlive(true));
  }

  @Test
  void established_keepaliveIdle_probesThenTimesOut() {
    Connection c = established();
    s.advance(10_000 - 1);
    s.expectNothing();
    s.advance(1);
    s.expect(probe());
    s.advance(2_000);
    s.expect(probe());
    s.advance(2_000);
    s.expect(probe());
    s.advance(2_000 - 1);
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
    s.advance(1);
    s.expect(seg(RST | ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionTimeoutException.class, c.error());
    assertEquals(
        "connection to 192.0.2.2:40000 timed out: 3 keepalive probes unanswered",
        c.error().getMessage());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void established_keepaliveTimeout_applicationCallsReportIt() {
    Connection c = established();
    s.advance(10_000 + 3 * 2_000);
    s.expect(probe(), probe(), probe(), seg(RST | ACK).seq(ISS + 1).ack(IRS + 1));
    assertEquals(CLOSED, c.state());
    ConnectionTimeoutException read =
        assertThrows(
            ConnectionTimeoutException.class, () -> s.run(n -> c.read(new byte[10], 0, 10, n)));
    assertEquals(
        "connection to 192.0.2.2:40000 timed out: 3 keepalive probes unanswered",
        read.getMessage());
    assertThrows(ConnectionTimeoutException.class, () -> s.run(n -> c.write(new byte[1], 0, 1, n)));
  }

  @Test
  void established_keepaliveProbeAnswered_staysOpen() {
    Connection c = established();
    s.advance(10_000);
    s.expect(probe());
    s.advance(2_000);
    s.expect(probe());
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1)); // the peer is alive
    s.expectNothing();
    s.advance(10_000 - 1);
    s.expectNothing();
    s.advance(1);
    s.expect(probe()); // idle for tcp_keepalive_time again, counted from the answer
    for (int i = 0; i < 5; i++) {
      s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
      s.advance(10_000);
      s.expect(probe());
    }
    assertEquals(ESTABLISHED, c.state());
    assertNull(c.error());
  }

  @Test
  void established_traffic_postponesKeepalive() {
    Connection c = established();
    s.advance(8_000);
    s.recv(seg(ACK | PSH).seq(IRS + 1).ack(ISS + 1).data("x"));
    s.advance(40);
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2).win(WINDOW - 1));
    s.advance(10_000 - 40 - 1);
    s.expectNothing();
    s.advance(1);
    s.expect(seg(ACK).seq(ISS).ack(IRS + 2).win(WINDOW - 1));
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void established_keepaliveOff_noProbes() {
    Connection c = s.established();
    s.advance(3 * 3600_000);
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void closeWait_keepalive_stillProbes() {
    Connection c = established();
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    assertEquals(CLOSE_WAIT, c.state());
    s.advance(10_000);
    s.expect(seg(ACK).seq(ISS).ack(IRS + 2));
  }
}
