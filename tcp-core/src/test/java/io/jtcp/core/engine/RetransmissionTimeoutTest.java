package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jtcp.core.api.ConnectionTimeoutException;
import io.jtcp.core.api.TcpInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The retransmission timer (RFC 6298): Linux's 200 ms floor, doubling on every expiry up to 120 s,
 * Karn's rule (no RTT sample from a retransmitted segment, and the backed-off RTO stays until a new
 * sample), the loss window after a timeout (RFC 5681 §3.1), and the end of the connection after
 * tcp_retries2 (15) backoffs.
 */
class RetransmissionTimeoutTest {
  private final Script s = new Script();
  private final Connection c = s.established();

  /** Bytes written so far: the next write starts at ISS + 1 + this. */
  private int written;

  /** Writes {@code text}; returns the segment it goes out as (PSH: it is all that is queued). */
  private Script.Seg write(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(b.length, (int) s.call(n -> c.write(b, 0, b.length, n)));
    Script.Seg out = seg(ACK | PSH).seq(ISS + 1 + written).ack(IRS + 1).data(text);
    written += b.length;
    return out;
  }

  private Script.Seg ackAll() {
    return seg(ACK).seq(IRS + 1).ack(ISS + 1 + written);
  }

  @Test
  void established_unanswered_backsOffThenTimesOut() {
    Script.Seg hello = write("hello");
    s.expect(hello);
    // The handshake's RTT sample was ~0: the RTO is Linux's floor, 200 ms, then doubles (RFC 6298
    // §5.5) up to TCP_RTO_MAX, 120 s.
    long[] intervals = {
      200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 51_200, 102_400, 120_000, 120_000,
      120_000, 120_000, 120_000
    };
    for (long interval : intervals) {
      s.advance(interval - 1);
      s.expectNothing();
      s.advance(1);
      s.expect(hello);
      assertEquals(Math.min(interval * 2, 120_000) * 1000, c.info().rtoMicros());
    }
    assertEquals(15, c.info().rtoCount());
    assertEquals(15, c.info().rtoRetransmits());
    // tcp_retries2 = 15 retransmissions (924.6 s in all, as Linux): the next expiry ends the
    // connection, without a RST (Linux's tcp_write_err).
    s.advance(120_000 - 1);
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
    s.advance(1);
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertEquals(924_600 * MS, s.now, "the write was at time 0");
    assertInstanceOf(ConnectionTimeoutException.class, c.error());
    assertEquals(
        "connection to 192.0.2.2:40000 timed out after 15 retransmissions", c.error().getMessage());
    assertThrows(ConnectionTimeoutException.class, () -> s.run(n -> c.write(new byte[1], 0, 1, n)));
    assertEquals(0, s.stack.connectionCount());
  }

  @Test
  void established_ackOfRetransmission_noRttSampleAndRtoStaysBackedOff() {
    Script.Seg a = write("a");
    s.expect(a);
    s.advance(50);
    s.recv(ackAll()); // a clean sample of 50 ms
    TcpInfo before = c.info();
    assertEquals(6_250, before.rttMicros(), "SRTT = 7/8 · ~0 + 1/8 · 50 ms");
    assertEquals(200_000, before.rtoMicros(), "the floor");

    Script.Seg b = write("b");
    s.expect(b);
    s.advance(200);
    s.expect(b); // the RTO: backed off to 400 ms
    s.advance(30);
    s.recv(ackAll()); // for the original or the retransmission? Karn: no sample
    TcpInfo after = c.info();
    assertEquals(before.rttMicros(), after.rttMicros());
    assertEquals(before.rttVarMicros(), after.rttVarMicros());
    assertEquals(400_000, after.rtoMicros(), "the backed-off RTO is kept until a new sample");

    Script.Seg d = write("d");
    s.expect(d);
    s.advance(399);
    s.expectNothing();
    s.advance(1);
    s.expect(d); // 400 ms, not the 200 ms SRTT and RTTVAR would give
    s.advance(10);
    s.recv(ackAll());
    assertEquals(before.rttMicros(), c.info().rttMicros());
    assertEquals(800_000, c.info().rtoMicros());

    Script.Seg e = write("e");
    s.expect(e);
    s.advance(20);
    s.recv(ackAll()); // a segment sent once: a valid sample, and the RTO collapses (RFC 6298 §5)
    TcpInfo sampled = c.info();
    assertEquals((7 * 6_250 + 20_000) / 8, sampled.rttMicros());
    assertEquals(200_000, sampled.rtoMicros());
  }

  @Test
  void established_rtoWithSeveralSegmentsOut_lossWindowThenSlowStart() {
    Script small = new Script();
    small.peerMss = 100;
    Connection conn = small.established();
    byte[] b =
        ("x".repeat(100) + "y".repeat(100) + "z".repeat(100)).getBytes(StandardCharsets.UTF_8);
    small.call(n -> conn.write(b, 0, b.length, n));
    Script.Seg x = seg(ACK).seq(ISS + 1).ack(IRS + 1).data("x".repeat(100));
    Script.Seg y = seg(ACK).seq(ISS + 101).ack(IRS + 1).data("y".repeat(100));
    Script.Seg z = seg(ACK | PSH).seq(ISS + 201).ack(IRS + 1).data("z".repeat(100));
    small.expect(x, y, z);
    small.advance(200); // all three lost: only SND.UNA goes again, in a loss window of one SMSS
    small.expect(x);
    assertEquals(100, conn.info().cwnd());
    assertEquals(200, conn.info().ssthresh(), "max(FlightSize / 2, 2·SMSS)");
    small.advance(10);
    small.recv(seg(ACK).seq(IRS + 1).ack(ISS + 101));
    small.expect(y, z); // slow start: cwnd 200, the rest of what the timeout found outstanding
    small.recv(seg(ACK).seq(IRS + 1).ack(ISS + 301));
    small.advance(60_000);
    small.expectNothing();
    assertEquals(1, conn.info().rtoCount());
    assertEquals(3, conn.info().rtoRetransmits());
  }
}
