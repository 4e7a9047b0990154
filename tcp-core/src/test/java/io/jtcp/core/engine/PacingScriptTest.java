package io.jtcp.core.engine;

import static io.jtcp.core.engine.HundredByteSegments.ackTo;
import static io.jtcp.core.engine.HundredByteSegments.at;
import static io.jtcp.core.engine.HundredByteSegments.ours;
import static io.jtcp.core.engine.HundredByteSegments.write;
import static io.jtcp.core.engine.Script.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.Pollable;
import io.jtcp.core.wire.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Pacing on segment scripts: the peer announces an MSS of 100, so at a pacing rate of 1000 bytes
 * per second each segment takes exactly 100 ms of the clock. The window (fixed, 10 segments) never
 * limits; what comes out when is the pacer's doing.
 */
class PacingScriptTest {
  private final List<PacedWindow> created = new ArrayList<>();
  private final AtomicLong rate = new AtomicLong(1000);
  private final Script s = new Script();
  private final Connection c;

  PacingScriptTest() {
    s.peerMss = HundredByteSegments.SIZE;
    s.stack.setCongestionControl(PacedWindow.factory(10, t -> rate.get(), created));
    c = s.established();
  }

  @Test
  void established_paced_twoBackToBackThenOneSegmentPerSizeOverRate() {
    write(s, c, 6);
    // After a pause the clock may lag by one segment's time: two segments leave at once.
    s.expect(ours(0), ours(1));
    s.advance(50);
    s.recv(ackTo(2)); // ACKs do not move the clock (and keep the RTO away)
    s.expectNothing();
    s.advance(49);
    s.expectNothing();
    s.advance(1);
    s.expect(ours(2)); // 100 ms = 100 bytes at 1000 B/s after the burst
    s.recv(ackTo(3));
    s.advance(99);
    s.expectNothing();
    s.advance(1);
    s.expect(ours(3));
    s.recv(ackTo(4));
    s.advance(100);
    s.expect(ours(4));
    s.recv(ackTo(5));
    s.advance(100);
    s.expect(ours(5, true));
    s.recv(ackTo(6));
    s.advance(1000);
    s.expectNothing();
  }

  @Test
  void established_rateChanges_nextSegmentUsesTheNewRate() {
    write(s, c, 5);
    s.expect(ours(0), ours(1));
    // Each segment is charged at the rate of its own transmission: ours(1) at 1000 B/s puts the
    // clock at 100 ms; from then on the new rate spaces them 25 ms apart.
    rate.set(4000);
    s.advance(100);
    s.expect(ours(2));
    s.advance(24);
    s.expectNothing();
    s.advance(1);
    s.expect(ours(3));
    s.advance(25);
    s.expect(ours(4, true));
  }

  @Test
  void established_pacingTurnedOff_theRestGoesAtOnce() {
    write(s, c, 5);
    s.expect(ours(0), ours(1));
    rate.set(0);
    s.advance(100); // the timer armed while paced finds pacing off: all of it goes
    s.expect(ours(2), ours(3), ours(4, true));
  }

  @Test
  void established_timeout_retransmissionNotHeldBackAndTheClockRestarts() {
    rate.set(800); // 125 ms per segment
    write(s, c, 5);
    s.expect(ours(0), ours(1));
    s.advance(125);
    s.expect(ours(2)); // the clock now says 250 ms
    // RTO (tcp_rto_min, armed at 0): the retransmission goes at once, whatever the pacing clock
    // says, and the clock restarts from it.
    s.advance(75);
    s.expect(ours(0));
    // The recovery's next retransmissions (RFC 6675 §5.1) are paced from the restarted clock:
    // 200 + 125 ms, not 250 + 125 ms.
    s.advance(124);
    s.expectNothing();
    s.advance(1);
    s.expect(ours(1));
    s.advance(125);
    s.expect(ours(2));
  }

  @Test
  void established_fastRetransmit_goesAtOnceAndTakesItsShareOfTheClock() {
    Script sack = new Script(PLAIN.with("tcp_sack", "1"));
    sack.peerSack = true;
    sack.peerMss = HundredByteSegments.SIZE;
    sack.stack.setCongestionControl(PacedWindow.factory(10, t -> rate.get(), created));
    Connection conn = sack.established();
    rate.set(10_000); // 10 ms per segment, well inside the RTO
    write(sack, conn, 20);
    sack.expect(ours(0), ours(1));
    sack.advance(10);
    sack.expect(ours(2));
    sack.advance(10);
    sack.expect(ours(3)); // the clock now says 30 ms
    sack.advance(5);
    // Segment 0 was lost; one ACK SACKs three segments above it: RFC 6675 §5 (2.b) starts recovery
    // and step 4.3 retransmits at once, at 25 ms, though the pacer would wait until 30 ms.
    sack.recv(ackTo(0).sack(at(1), at(4)));
    sack.expect(ours(0));
    // It took its 10 ms of the clock: the next segment waits until 40 ms, not 30 ms.
    sack.advance(14);
    sack.expectNothing();
    sack.advance(1);
    sack.expect(ours(4));
  }

  @Test
  void established_abortWhilePaced_noTimerLeft() {
    write(s, c, 10);
    s.expect(ours(0), ours(1));
    s.advance(50); // the pacing timer is armed for 100 ms
    s.call(
        now -> {
          c.abort(now);
          return null;
        });
    assertEquals(1, s.sent().stream().filter(x -> x.has(TcpFlags.RST)).count());
    assertEquals(TcpState.CLOSED, c.state());
    assertEquals(Pollable.NO_DEADLINE, s.stack.nextDeadline(), "no timer outlives the TCB");
  }

  @Test
  void established_closeWhilePaced_finFollowsTheDataAtTheRate() {
    write(s, c, 3);
    s.close(c);
    s.expect(ours(0), ours(1));
    s.recv(ackTo(2));
    s.advance(100);
    s.expect(ours(2, true));
    // A full-sized last segment has no room for the FIN in this engine (its range is trimmed to
    // the payload limit), so the FIN follows on its own; it carries no payload, so it waits for
    // the clock but does not move it.
    s.advance(100);
    s.expect(Script.seg(TcpFlags.ACK | TcpFlags.FIN).seq(at(3)).ack(Script.IRS + 1));
    assertEquals(TcpState.FIN_WAIT_1, c.state());
    s.recv(ackTo(3).seq(Script.IRS + 1).ack(at(3) + 1));
    assertEquals(TcpState.FIN_WAIT_2, c.state());
  }
}
