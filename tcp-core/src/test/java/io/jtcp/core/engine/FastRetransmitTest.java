package io.jtcp.core.engine;

import static io.jtcp.core.engine.HundredByteSegments.*;
import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.api.TcpInfo;
import org.junit.jupiter.api.Test;

/**
 * Fast retransmit and fast recovery without SACK (RFC 5681 §3.2, RFC 6582 NewReno) and limited
 * transmit (RFC 3042): the third duplicate ACK retransmits SND.UNA at once, the first two each let
 * one new segment out, duplicate ACKs in recovery inflate the window, and a partial ACK retransmits
 * the next hole.
 *
 * <p>The peer announces an MSS of 100, so our initial window (RFC 6928) is ten segments. "Segment
 * i" is our bytes [100·i, 100·i + 100), and {@code at(i)} the sequence number it starts at.
 */
class FastRetransmitTest {
  private final Script s = new Script();
  private final Connection c;

  FastRetransmitTest() {
    s.peerMss = HundredByteSegments.SIZE;
    c = s.established();
  }

  /** Queues segments {@code [0, n)} and expects the first ten (the initial window) to go out. */
  private void sendTen(int n) {
    write(s, c, n);
    s.expect(firstTen(n));
    s.advance(10);
  }

  @Test
  void established_threeDuplicateAcks_retransmitSndUnaAtOnce() {
    sendTen(10);
    // Segment 0 is lost; 1 and 2 arrive.
    s.recv(ackTo(0));
    s.recv(ackTo(0));
    s.expectNothing(); // two duplicates: maybe reordering; nothing new to send
    s.recv(ackTo(0)); // the third: fast retransmit, without waiting for the RTO
    s.expect(ours(0));
    TcpInfo info = c.info();
    assertEquals(500, info.ssthresh(), "max(FlightSize / 2, 2·SMSS) (RFC 5681 eqn. 4)");
    assertEquals(1, info.fastRecoveries());
    assertEquals(1, info.fastRetransmits());
    for (int k = 3; k < 10; k++) {
      s.recv(ackTo(0));
    }
    s.expectNothing();
    s.recv(ackTo(10)); // a full ACK: recovery ends with cwnd = ssthresh (RFC 6582 §3.2 step 3)
    s.expectNothing();
    assertEquals(500, c.info().cwnd());
    assertEquals(0, c.info().rtoCount());
    s.advance(60_000);
    s.expectNothing();
  }

  @Test
  void established_limitedTransmitThenWindowInflation() {
    sendTen(15);
    // Segment 0 is lost. RFC 3042: the first and second duplicate ACKs each send one new segment,
    // although cwnd (1000) is full, as long as the flight stays within cwnd + 2·SMSS.
    s.recv(ackTo(0));
    s.expect(ours(10));
    s.recv(ackTo(0));
    s.expect(ours(11));
    // The third retransmits segment 0 and only it. ssthresh = FlightSize / 2 where the two
    // limited-transmit segments "MUST NOT be included" (RFC 5681 §3.2 step 2): 1000 / 2 (Linux's
    // tcp_reno_ssthresh, cwnd / 2, agrees). With the three duplicates' inflation (RFC 6582 §3.2
    // step 2) the window is 800 against a flight of 1200.
    s.recv(ackTo(0));
    s.expect(ours(0));
    assertEquals(500, c.info().ssthresh());
    // Each further duplicate inflates the window by one SMSS: 900 ... 1200, then 1300 > 1200 lets
    // one new segment out, and so on while data lasts.
    for (int dup = 4; dup <= 7; dup++) {
      s.recv(ackTo(0));
      s.expectNothing();
    }
    s.recv(ackTo(0));
    s.expect(ours(12));
    s.recv(ackTo(0));
    s.expect(ours(13));
    s.recv(ackTo(0));
    s.expect(ours(14, true));
    s.recv(ackTo(0));
    s.expectNothing(); // segment 11 arrived; nothing left to send
    s.recv(ackTo(12)); // the retransmission arrived: a full ACK, deflated to ssthresh
    s.expectNothing();
    assertEquals(500, c.info().cwnd());
    s.recv(ackTo(15));
    s.advance(60_000);
    s.expectNothing();
    assertEquals(0, c.info().rtoCount());
  }

  @Test
  void established_newRenoPartialAck_retransmitsTheNextHole() {
    sendTen(12);
    // Segments 0 and 3 are lost; 1 and 2 bring limited transmit, 4 the fast retransmit.
    s.recv(ackTo(0));
    s.expect(ours(10));
    s.recv(ackTo(0));
    s.expect(ours(11, true));
    s.recv(ackTo(0));
    s.expect(ours(0));
    for (int k = 5; k < 12; k++) {
      s.recv(ackTo(0));
    }
    s.expectNothing();
    // The retransmission of 0 arrives: the ACK stops at the next hole, below recover (RFC 6582
    // §3.2 step 3, partial ACK): retransmit the first unacknowledged segment at once.
    s.recv(ackTo(3));
    s.expect(ours(3));
    assertEquals(2, c.info().fastRetransmits());
    assertEquals(1, c.info().fastRecoveries(), "one recovery for both losses");
    s.recv(ackTo(12)); // the full ACK
    s.expectNothing();
    // ssthresh = cwnd = (FlightSize less the limited-transmit segments) / 2 (RFC 5681 §3.2).
    assertEquals(500, c.info().cwnd());
    assertEquals(0, c.info().rtoCount());
    s.advance(60_000);
    s.expectNothing();
  }

  @Test
  void established_ackThatUpdatesTheWindow_isNoDuplicate() {
    sendTen(10);
    s.recv(ackTo(0));
    // RFC 5681 §2 (e): an ACK that changes the advertised window is not a duplicate.
    s.recv(ackTo(0).win(WINDOW - 100));
    s.recv(ackTo(0).win(WINDOW - 100));
    s.expectNothing();
    s.recv(ackTo(0).win(WINDOW - 100)); // the third duplicate
    s.expect(ours(0));
  }

  @Test
  void established_duplicateAcksThenNewAck_noRetransmission() {
    sendTen(10);
    s.recv(ackTo(0));
    s.recv(ackTo(0));
    s.recv(ackTo(10)); // segment 0 was only reordered
    s.recv(ackTo(10)); // no data outstanding: not a duplicate (RFC 5681 §2 (a))
    s.recv(ackTo(10));
    s.expectNothing();
    assertEquals(0, c.info().fastRecoveries());
    assertEquals(0, c.info().retransmissions());
  }
}
