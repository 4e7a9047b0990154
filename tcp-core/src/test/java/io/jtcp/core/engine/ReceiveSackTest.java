package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The receiver's SACK option (RFC 2018 §3-4) and D-SACK (RFC 2883 §4) on the wire: data arriving
 * beyond a hole is acknowledged at once with RCV.NXT and blocks describing what is held, the block
 * holding the newest segment first, then the most recently reported ones; at most four blocks, or
 * three beside timestamps; a duplicate is reported in a first D-SACK block.
 *
 * <p>The peer sends 100-byte segments; "offset k" is the sequence number IRS + 1 + k.
 */
class ReceiveSackTest {
  private final Script s = new Script(PLAIN.with("tcp_sack", "1"));

  private Connection established() {
    s.peerSack = true;
    return s.established();
  }

  /** Sequence number of the byte at {@code offset} of the peer's stream. */
  private static int at(int offset) {
    return IRS + 1 + offset;
  }

  /** The peer's 100 bytes starting at {@code offset}: a letter per segment. */
  private static Script.Seg data(int offset) {
    return seg(ACK).seq(at(offset)).ack(ISS + 1).data(text(offset));
  }

  private static String text(int offset) {
    return String.valueOf((char) ('a' + offset / 100 % 26)).repeat(100);
  }

  /** Our ACK of everything before {@code offset}. */
  private static Script.Seg ackTo(int offset) {
    return seg(ACK).seq(ISS + 1).ack(at(offset)).win(WINDOW - offset);
  }

  private String read(Connection c) {
    byte[] b = new byte[4000];
    int n = s.call(now -> c.read(b, 0, b.length, now));
    return new String(b, 0, Math.max(n, 0), StandardCharsets.UTF_8);
  }

  @Test
  void established_segmentBeyondHole_ackedAtOnceWithItsBlock() {
    Connection c = established();
    s.recv(data(100));
    s.expect(ackTo(0).sack(at(100), at(200)));
    s.recv(data(300));
    s.expect(ackTo(0).sack(at(300), at(400), at(100), at(200)));
    s.recv(data(200)); // fills the hole between the two blocks: they merge
    s.expect(ackTo(0).sack(at(100), at(400)));
    s.recv(data(0)); // fills the first hole: everything is in order, no block left
    s.expect(ackTo(400));
    assertEquals(text(0) + text(100) + text(200) + text(300), read(c));
    assertEquals(4, c.info().sackBlocksSent(), "1 + 2 + 1 blocks on the three ACKs with SACK");
    assertEquals(3, c.info().outOfOrderSegments());
  }

  @Test
  void established_manyHoles_newestBlockFirstAtMostFour() {
    established();
    // Every other segment is lost (RFC 2018 §7, case 3).
    s.recv(data(100));
    s.expect(ackTo(0).sack(at(100), at(200)));
    s.recv(data(300));
    s.expect(ackTo(0).sack(at(300), at(400), at(100), at(200)));
    s.recv(data(500));
    s.expect(ackTo(0).sack(at(500), at(600), at(300), at(400), at(100), at(200)));
    s.recv(data(700));
    s.expect(ackTo(0).sack(at(700), at(800), at(500), at(600), at(300), at(400), at(100), at(200)));
    s.recv(data(900)); // a fifth block: the oldest one no longer fits
    s.expect(
        ackTo(0).sack(at(900), at(1000), at(700), at(800), at(500), at(600), at(300), at(400)));
    // The segment that joins the two oldest blocks comes first (RFC 2018 §4: the first block holds
    // the segment that triggered the ACK), then the most recently reported ones.
    s.recv(data(200));
    s.expect(
        ackTo(0).sack(at(100), at(400), at(900), at(1000), at(700), at(800), at(500), at(600)));
  }

  @Test
  void established_timestamps_atMostThreeBlocks() {
    Script ts = new Script(PLAIN.with("tcp_sack", "1").with("tcp_timestamps", "1"));
    ts.peerSack = true;
    ts.peerTimestamps = true;
    ts.established();
    int tsVal = PEER_TS;
    for (int offset = 100; offset <= 700; offset += 200) {
      ts.advance(1);
      ts.recv(data(offset).ts(++tsVal, ts.tsNow()));
      ts.sent(); // the first three ACKs carry one, two and three blocks
    }
    ts.advance(1);
    ts.recv(data(900).ts(++tsVal, ts.tsNow()));
    // TS.Recent stays the handshake's TSval: out-of-order segments lie beyond Last.ACK.sent (RFC
    // 7323 §4.3), so the echo dates the last in-order segment.
    ts.expect(
        ackTo(0)
            .ts(ts.tsNow(), PEER_TS)
            .sack(at(900), at(1000), at(700), at(800), at(500), at(600)));
  }

  @Test
  void established_duplicateOfDeliveredData_dsack() {
    established();
    s.recv(data(0));
    s.expectNothing(); // in order: the ACK is delayed
    s.recv(data(0)); // the peer retransmitted it: a duplicate, acknowledged at once
    s.expect(ackTo(100).sack(at(0), at(100)));
    s.recv(data(100));
    s.expectNothing(); // the D-SACK was reported once, and in-order data is delayed again
    s.advance(40);
    s.expect(ackTo(200));
  }

  @Test
  void established_partlyDuplicateSegment_dsackOfTheRepeatedPart() {
    Connection c = established();
    s.recv(data(0));
    s.recv(seg(ACK).seq(at(50)).ack(ISS + 1).data("x".repeat(100))); // bytes 50-150
    // RFC 2883 §4: the D-SACK block reports only the repeated bytes [50, 100).
    s.expect(ackTo(150).sack(at(50), at(100)));
    assertEquals(text(0) + "x".repeat(50), read(c));
  }

  @Test
  void established_duplicateOfHeldData_dsackThenItsBlock() {
    established();
    s.recv(data(200));
    s.expect(ackTo(0).sack(at(200), at(300)));
    s.recv(data(400));
    s.expect(ackTo(0).sack(at(400), at(500), at(200), at(300)));
    s.recv(data(200)); // a duplicate of held data
    // RFC 2883 §4 (rule 4, example 6): the D-SACK block, then the block that contains it, then the
    // rest.
    s.expect(ackTo(0).sack(at(200), at(300), at(200), at(300), at(400), at(500)));
  }

  @Test
  void established_sackNotNegotiated_plainDuplicateAck() {
    Script plain = new Script(PLAIN.with("tcp_sack", "1")); // we allow SACK, the peer does not
    plain.established();
    plain.recv(data(100));
    plain.expect(ackTo(0));
    plain.recv(data(0));
    plain.expect(ackTo(200));
  }
}
