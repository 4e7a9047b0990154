package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK and TIME-WAIT. */
class ClosingTest {
  private final Script s = new Script();
  private final Connection c = s.established();

  private void close() throws Exception {
    s.run(n -> c.close(n));
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
  }

  @Test
  void finWait1_ackOfFin_finWait2() throws Exception {
    close();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2));
    s.expectNothing();
    assertEquals(FIN_WAIT_2, c.state());
  }

  @Test
  void finWait1_finAck_timeWait() throws Exception {
    close();
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 2));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void finWait1_finWithoutAckOfOurs_closingThenTimeWait() throws Exception {
    close();
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1)); // simultaneous close
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(CLOSING, c.state());
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void finWait1_rto_retransmitsFin() throws Exception {
    close();
    s.advance(199);
    s.expectNothing();
    s.advance(1); // the handshake measured an RTT of ~0, so the RTO is Linux's floor of 200 ms
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
  }

  @Test
  void finWait2_fin_timeWait() throws Exception {
    close();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2));
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 2));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void finWait2_timeout_closedSilently() throws Exception {
    close();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2));
    s.advance(60_000 - 1);
    assertEquals(FIN_WAIT_2, c.state());
    s.advance(1);
    s.expectNothing(); // Linux: the orphan's FIN-WAIT-2 expires as a timewait socket, no RST
    assertEquals(CLOSED, c.state());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void finWait2_dataAfterClose_reset() throws Exception {
    close();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 2).data("nobody reads this"));
    s.expect(seg(RST).seq(ISS + 2)); // <SEQ=SEG.ACK><CTL=RST>, as Linux answers
    assertEquals(CLOSED, c.state());
  }

  private void timeWait() throws Exception {
    close();
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 2));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
  }

  @Test
  void timeWait_twoMsl_closedAndGone() throws Exception {
    timeWait();
    s.advance(60_000 - 1);
    assertEquals(TIME_WAIT, c.state());
    s.advance(1);
    assertEquals(CLOSED, c.state());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void timeWait_retransmittedFin_reAckedAndTimerRestarted() throws Exception {
    timeWait();
    s.advance(30_000);
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 2));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    s.advance(59_999);
    assertEquals(TIME_WAIT, c.state(), "2MSL counts again from the retransmitted FIN");
    s.advance(1);
    assertEquals(CLOSED, c.state());
  }

  @Test
  void timeWait_rst_ignoredPerRfc1337() throws Exception {
    timeWait();
    s.recv(seg(RST).seq(IRS + 2));
    s.expectNothing();
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void closeWait_close_lastAckThenClosed() {
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 2));
    s.call(
        n -> {
          c.close(n);
          return null;
        });
    s.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2));
    assertEquals(CLOSED, c.state());
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void lastAck_retransmittedFin_reAcked() {
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.sent();
    s.call(
        n -> {
          c.close(n);
          return null;
        });
    s.sent();
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(LAST_ACK, c.state());
  }

  @Test
  void lastAck_exactRst_closed() {
    s.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 1));
    s.sent();
    s.call(
        n -> {
          c.close(n);
          return null;
        });
    s.sent();
    s.recv(seg(RST).seq(IRS + 2));
    assertEquals(CLOSED, c.state());
  }
}
