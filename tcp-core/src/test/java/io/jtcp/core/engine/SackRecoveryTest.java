package io.jtcp.core.engine;

import static io.jtcp.core.engine.HundredByteSegments.*;
import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.api.TcpInfo;
import org.junit.jupiter.api.Test;

/**
 * SACK-based loss recovery on the wire (RFC 6675 §5, with RFC 5681's ssthresh and Reno's cwnd): the
 * peer SACKs, we retransmit the holes NextSeg() picks, as cwnd − pipe allows.
 *
 * <p>The peer announces an MSS of 100, so our initial window (RFC 6928) is ten segments. "Segment
 * i" is our bytes [100·i, 100·i + 100), and {@code at(i)} the sequence number it starts at.
 */
class SackRecoveryTest {
  private final Script s = new Script(PLAIN.with("tcp_sack", "1"));
  private final Connection c;

  SackRecoveryTest() {
    s.peerSack = true;
    s.peerMss = HundredByteSegments.SIZE;
    c = s.established();
  }

  private void sendTen(int queued) {
    write(s, c, queued);
    s.expect(firstTen(queued));
  }

  @Test
  void established_sackedHoles_retransmittedAsNextSegPicks() {
    sendTen(20);
    s.advance(10);
    // Segments 0 and 2 are lost.
    // RFC 6675 §5 (2.c) = RFC 3042: the first two duplicate ACKs each let one new segment out,
    // since pipe leaves out what the peer SACKed.
    s.recv(ackTo(0).sack(at(1), at(2)));
    s.expect(ours(10));
    s.recv(ackTo(0).sack(at(3), at(4), at(1), at(2)));
    s.expect(ours(11));
    // The third: fast retransmit of SND.UNA (step 4.3). Step 4.2: ssthresh = cwnd = FlightSize / 2
    // where, as RFC 6675 and RFC 5681 §3.2 step 2 require, the two limited-transmit segments are
    // not counted: 1000 / 2 (Linux's tcp_reno_ssthresh, cwnd / 2, agrees).
    s.recv(ackTo(0).sack(at(3), at(5), at(1), at(2)));
    s.expect(ours(0));
    TcpInfo info = c.info();
    assertEquals(500, info.ssthresh());
    assertEquals(500, info.cwnd());
    assertEquals(1, info.fastRecoveries());
    // Segment 5: now more than (DupThresh − 1)·SMSS bytes above segment 2 are SACKed, so IsLost
    // says it is lost and it leaves the pipe: pipe = 100 (0, retransmitted) + 600 (6..11).
    s.recv(ackTo(0).sack(at(3), at(6), at(1), at(2)));
    s.expectNothing();
    s.recv(ackTo(0).sack(at(3), at(7), at(1), at(2))); // pipe 600
    s.expectNothing();
    s.recv(ackTo(0).sack(at(3), at(8), at(1), at(2))); // pipe 500 = cwnd
    s.expectNothing();
    // pipe 400: NextSeg() rule 1, the lost hole.
    s.recv(ackTo(0).sack(at(3), at(9), at(1), at(2)));
    s.expect(ours(2));
    // The retransmission of segment 0 arrives: a partial ACK; with SACK it retransmits nothing by
    // itself (RFC 6675 has no NewReno partial-ACK rule). pipe = 100 (2) + 9..11 = 400: no lost hole
    // left, so rule 2, new data.
    s.recv(ackTo(2).sack(at(3), at(9)));
    s.expect(ours(12));
    // The retransmission of segment 2 arrives with 9: the cumulative ACK passes 9, still below
    // RecoveryPoint (segment 12, HighData when recovery began); pipe = 10..12.
    s.recv(ackTo(10));
    s.expect(ours(13), ours(14));
    // Everything up to RecoveryPoint: recovery ends (step A) with cwnd = ssthresh, and the
    // ordinary send path fills it.
    s.recv(ackTo(12));
    s.expect(ours(15), ours(16));
    s.recv(ackTo(17));
    s.expect(ours(17), ours(18), ours(19, true));
    s.recv(ackTo(20));
    s.expectNothing();
    info = c.info();
    assertEquals(500, info.ssthresh());
    assertEquals(2, info.fastRetransmits());
    assertEquals(0, info.rtoRetransmits());
    assertEquals(0, info.rtoCount());
    s.advance(60_000);
    s.expectNothing();
  }

  @Test
  void established_tailLost_rescueRetransmission() {
    sendTen(10);
    s.advance(10);
    // Segments 0 and 9 (the last) are lost.
    s.recv(ackTo(0).sack(at(1), at(2)));
    s.recv(ackTo(0).sack(at(1), at(3)));
    s.expectNothing(); // nothing new to send
    s.recv(ackTo(0).sack(at(1), at(4)));
    s.expect(ours(0)); // cwnd = ssthresh = 500, pipe = 100 + 4..9
    // Segments 4..8 arrive: pipe falls to 200, but there is no lost hole below the highest SACKed
    // octet (rules 1 and 3) and no new data (rule 2), and rule 4's rescue waits until HighACK
    // passes RescueRxt, which step 4.3 set to the end of the fast retransmission.
    for (int k = 5; k <= 9; k++) {
      s.recv(ackTo(0).sack(at(1), at(k)));
      s.expectNothing();
    }
    // The retransmission of 0 arrives: now NextSeg() rule 4 sends the rescue retransmission, the
    // segment holding the highest outstanding unSACKed octet, once per recovery.
    s.recv(ackTo(9));
    s.expect(ours(9, true));
    s.recv(ackTo(10));
    s.expectNothing();
    assertEquals(0, c.info().rtoCount(), "the tail was recovered without a timeout");
    assertEquals(2, c.info().fastRetransmits());
    s.advance(60_000);
    s.expectNothing();
  }

  @Test
  void established_oneAckSacksThreeSegments_lossDetectedAtOnce() {
    sendTen(10);
    s.advance(10);
    // RFC 6675 §5 (2.b): IsLost(HighACK + 1) — more than (DupThresh − 1)·SMSS bytes SACKed above
    // it — starts recovery on the first duplicate ACK.
    s.recv(ackTo(0).sack(at(1), at(4)));
    s.expect(ours(0));
    assertEquals(1, c.info().fastRecoveries());
  }

  @Test
  void established_twoDuplicateAcksThenNewAck_noRetransmission() {
    sendTen(10);
    s.advance(10);
    s.recv(ackTo(0).sack(at(1), at(2)));
    s.recv(ackTo(0).sack(at(1), at(3)));
    s.expectNothing(); // nothing new to send, and no loss detected yet
    s.recv(ackTo(10)); // segment 0 was only delayed
    s.expectNothing();
    assertEquals(0, c.info().fastRecoveries());
    assertEquals(0, c.info().retransmissions());
    s.advance(60_000);
    s.expectNothing();
  }
}
