package io.jtcp.core.engine;

import static io.jtcp.core.engine.HundredByteSegments.at;
import static io.jtcp.core.engine.HundredByteSegments.write;
import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.TcpSegment;
import org.junit.jupiter.api.Test;

/**
 * A segment whose ACK is newer than the one that last set the send window carries the newer window,
 * even when its sequence number is older (a retransmission filling the peer's own hole): Linux's
 * tcp_may_update_window. With RFC 9293's SND.WL1 test alone the old, larger window was measured
 * from the new SND.UNA and we sent past the peer's right edge (ConnectionPropertiesTest, seed
 * 0x4ec3eebd79c76fd1).
 */
class WindowUpdateOrderTest {
  @Test
  void anOldSequenceNumberWithANewerAck_updatesTheWindow() {
    Script s = new Script(PLAIN);
    s.peerMss = HundredByteSegments.SIZE;
    s.peerWindow = 500;
    Connection c = s.established();
    write(s, c, 20);
    s.sent(); // segments 0..4: the peer's window is 500, to at(5)
    // The peer's second segment arrives first (its first was lost): SND.WL1 moves to it.
    s.recv(seg(ACK).seq(IRS + 1 + 100).ack(at(0)).win(500).data("b".repeat(100)));
    s.sent();
    // Its first segment, retransmitted: an older SEG.SEQ, but it acknowledges segments 0 and 1
    // and offers 300 more, the same right edge at(5).
    s.recv(seg(ACK).seq(IRS + 1).ack(at(2)).win(300).data("a".repeat(100)));
    s.advance(10);
    for (TcpSegment t : s.sent()) {
      int end = t.sequenceNumber() + t.payload().length;
      assertTrue(
          end - at(5) <= 0,
          "sent past the peer's right edge at(5): seq "
              + (t.sequenceNumber() - at(0))
              + " + "
              + t.payload().length);
    }
  }
}
