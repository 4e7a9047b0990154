package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * TIME-WAIT (RFC 9293 §3.10.7.4, RFC 1337, RFC 1122 §4.2.2.13): both FINs acknowledged, we closed
 * first. SND.NXT=ISS+2, RCV.NXT=IRS+2. The connection is the child of a listener on port 80 that is
 * still open.
 */
class TimeWaitTest {
  /** RFC 1122 §4.2.2.13: a reopened connection starts above every number the old one used. */
  private static final int REOPENED_ISS = ISS + 2 + 65535 + 2;

  private final Script s = new Script();
  private final Connection c = s.timeWait();

  private Listener listener() {
    return Objects.requireNonNull(c.parent);
  }

  @Test
  void timeWait_unacceptableSegment_ack() {
    s.recv(seg(ACK).seq(IRS + 2 + 100_000).ack(ISS + 2).data("far"));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_inWindowRst_ignoredPerRfc1337() {
    s.recv(seg(RST).seq(IRS + 100));
    s.expectNothing();
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_outOfWindowRst_ignored() {
    s.recv(seg(RST).seq(IRS));
    s.expectNothing();
    assertEquals(TIME_WAIT, c.state());
  }

  /** RFC 9293 §3.10.7.4 and RFC 6191: a new SYN above RCV.NXT may reuse the 4-tuple at once. */
  @Test
  void timeWait_synAboveRcvNxtWithListener_reopens() {
    s.recv(seg(SYN).seq(IRS + 100_000).mss(MSS));
    s.expect(seg(SYN | ACK).seq(REOPENED_ISS).ack(IRS + 100_001).mss(MSS));
    assertEquals(CLOSED, c.state(), "the old TCB is gone");
    assertEquals(1, s.stack.connectionCount());
    Connection fresh = s.stack.connections().getFirst();
    assertNotSame(c, fresh);
    assertEquals(SYN_RECEIVED, fresh.state());
    s.recv(seg(ACK).seq(IRS + 100_001).ack(REOPENED_ISS + 1));
    s.expectNothing();
    Connection accepted = listener().accept();
    assertNotNull(accepted);
    assertEquals(ESTABLISHED, accepted.state());
  }

  @Test
  void timeWait_synAtRcvNxt_ackedNotReopened() {
    s.recv(seg(SYN).seq(IRS + 2).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
    assertEquals(1, s.stack.connectionCount());
  }

  @Test
  void timeWait_oldSynBelowRcvNxt_ackedNotReopened() {
    s.recv(seg(SYN).seq(IRS).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_synWithoutListener_ackedNotReopened() throws Exception {
    s.run(n -> listener().close(n));
    s.recv(seg(SYN).seq(IRS + 100_000).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_synAck_acked() {
    s.recv(seg(SYN | ACK).seq(IRS + 100).ack(ISS + 2).mss(MSS));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_ackOfUnsentData_challengeAck() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 50));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_ackTooOld_challengeAck() {
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2 - 100_000));
    s.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_ack_ignoredTimerKeepsRunning() {
    s.advance(30_000);
    s.recv(seg(ACK).seq(IRS + 2).ack(ISS + 2));
    s.expectNothing();
    s.advance(30_000);
    assertEquals(CLOSED, c.state(), "a bare ACK does not restart 2MSL");
  }

  @Test
  void timeWait_dataAfterFin_ignored() {
    s.recv(seg(ACK | PSH).seq(IRS + 2).ack(ISS + 2).data("after the end"));
    s.expectNothing();
    assertEquals(0, c.available());
    assertEquals(TIME_WAIT, c.state());
  }

  @Test
  void timeWait_timeWaitSysctl_honoured() {
    Script quick = new Script(PLAIN.with("jtcp.time_wait", "2"));
    Connection conn = quick.timeWait();
    quick.advance(2_000 - 1);
    assertEquals(TIME_WAIT, conn.state());
    quick.advance(1);
    assertEquals(CLOSED, conn.state());
  }
}
