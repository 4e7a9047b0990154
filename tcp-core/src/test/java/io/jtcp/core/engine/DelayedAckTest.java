package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.api.SocketOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Delayed ACKs (RFC 9293 §3.8.6.3, RFC 5681 §4.2, RFC 1122 §4.2.3.2) with Linux's numbers: in-order
 * data is acknowledged within 40 ms, at once when more than one full-sized segment is
 * unacknowledged, and at once for out-of-order, hole-filling or duplicate data and under
 * TCP_QUICKACK. Data we send carries the ACK and cancels the timer.
 */
class DelayedAckTest {
  private final Script s = new Script();

  private static Script.Seg data(int offset, String text) {
    return seg(ACK).seq(IRS + 1 + offset).ack(ISS + 1).data(text);
  }

  private static Script.Seg ackTo(int offset) {
    return seg(ACK).seq(ISS + 1).ack(IRS + 1 + offset).win(WINDOW - offset);
  }

  @Test
  void established_oneSegment_ackAfter40ms() {
    s.established();
    s.advance(7);
    s.recv(data(0, "hello"));
    s.expectNothing();
    s.advance(39);
    s.expectNothing();
    s.advance(1);
    s.expect(ackTo(5));
    s.advance(10_000);
    s.expectNothing();
  }

  @Test
  void established_secondSmallSegment_timerNotRestarted() {
    s.established();
    s.recv(data(0, "a"));
    s.advance(30);
    s.recv(data(1, "b"));
    s.expectNothing(); // two bytes unacknowledged are less than a full segment
    s.advance(9);
    s.expectNothing();
    s.advance(1);
    s.expect(ackTo(2)); // 40 ms after the first
  }

  @Test
  void established_oneFullSegment_stillDelayed() {
    s.established();
    s.recv(data(0, "a".repeat(MSS)));
    s.expectNothing(); // one full-sized segment is not "more than one"
    s.advance(40);
    s.expect(ackTo(MSS));
  }

  @Test
  void established_twoFullSegments_ackedAtOnce() {
    s.established();
    s.recv(data(0, "a".repeat(MSS)));
    s.expectNothing();
    s.recv(data(MSS, "b".repeat(MSS)));
    s.expect(ackTo(2 * MSS)); // RFC 5681 §4.2: at least every second full-sized segment
    s.advance(40);
    s.expectNothing(); // the timer went with the ACK
  }

  @Test
  void established_fullSegmentThenSmallOne_ackedAtOnce() {
    s.established();
    s.recv(data(0, "a".repeat(MSS)));
    s.recv(data(MSS, "b"));
    s.expect(ackTo(MSS + 1)); // more than one rcv_mss unacknowledged, as Linux counts it
  }

  @Test
  void established_outOfOrder_duplicateAckAtOnce() {
    s.established();
    s.recv(data(0, "abc"));
    s.expectNothing();
    s.recv(data(6, "ghi")); // "def" is missing
    s.expect(ackTo(3)); // RFC 5681 §4.2: an out-of-order segment is acknowledged immediately
    s.recv(data(3, "def")); // fills the hole
    s.expect(ackTo(9)); // so is one that fills a hole
    s.advance(40);
    s.expectNothing();
  }

  @Test
  void established_duplicateData_ackedAtOnce() {
    s.established();
    s.recv(data(0, "abc"));
    s.recv(data(0, "abc")); // a retransmission of what we have: our ACK may have been lost
    s.expect(ackTo(3));
  }

  @Test
  void established_quickAck_everySegmentAckedAtOnce() {
    s.established(SocketOptions.DEFAULTS.withQuickAck(true));
    s.recv(data(0, "a"));
    s.expect(ackTo(1));
    s.recv(data(1, "b"));
    s.expect(ackTo(2));
    s.advance(40);
    s.expectNothing();
  }

  @Test
  void established_replyBeforeTheTimer_carriesTheAck() {
    Connection c = s.established();
    s.recv(data(0, "ping"));
    s.advance(10);
    byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
    assertEquals(4, (int) s.call(n -> c.write(pong, 0, 4, n)));
    s.expect(seg(ACK | PSH).seq(ISS + 1).ack(IRS + 5).win(WINDOW - 4).data("pong"));
    s.advance(40);
    s.expectNothing(); // the piggybacked ACK cancelled the delayed one
  }
}
