package io.jtcp.core.engine;

import static io.jtcp.core.engine.HundredByteSegments.ackTo;
import static io.jtcp.core.engine.HundredByteSegments.at;
import static io.jtcp.core.engine.HundredByteSegments.ours;
import static io.jtcp.core.engine.HundredByteSegments.text;
import static io.jtcp.core.engine.Script.MS;
import static io.jtcp.core.engine.Script.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.Sysctls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delivery-rate sample and the retransmission flag of each ACK, worked out by hand on segment
 * scripts (draft-cheng-iccrg-delivery-rate-estimation-02, Linux's tcp_rate.c): the peer announces
 * an MSS of 100 and acknowledges exactly when the script says, so every rate below is {@code
 * (delivered − prior delivered) / max(send phase, ACK phase)} with numbers one can check.
 */
class DeliveryRateScriptTest {
  private final List<PacedWindow> created = new ArrayList<>();
  private Script s;
  private Connection c;
  private PacedWindow w;

  /** A passive connection whose algorithm is a fixed window of {@code segments}, unpaced. */
  private void open(Sysctls sysctls, boolean sack, int segments) {
    s = new Script(sysctls);
    s.peerSack = sack;
    s.peerMss = HundredByteSegments.SIZE;
    s.stack.setCongestionControl(PacedWindow.factory(segments, 0, created));
    c = s.established();
    w = created.getFirst();
  }

  /** Queues segments [from, to) of the numbering. */
  private void write(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      b.append(text(i));
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(bytes.length, (int) s.call(now -> c.write(bytes, 0, bytes.length, now)));
  }

  private void assertSample(long delivered, long prior, long intervalMs, long rate) {
    int i = w.last();
    String d = w.describe(i);
    assertEquals(delivered, w.delivered[i], "delivered: " + d);
    assertEquals(prior, w.priorDelivered[i], "prior delivered: " + d);
    assertEquals(intervalMs * MS, w.interval[i], "interval: " + d);
    assertEquals(rate, w.deliveryRate[i], "rate: " + d);
  }

  @Test
  void established_ackPhaseLongerThanSendPhase_rateOverTheAckPhase() {
    open(PLAIN, false, 10);
    write(0, 2);
    s.expect(ours(0), ours(1, true));
    s.advance(100);
    // Both went at 0 with nothing in flight before: the send phase is 0, the ACK phase 100 ms.
    s.recv(ackTo(1));
    assertSample(100, 0, 100, 1000);
    s.advance(50);
    // Segment 1's snapshot is segment 0's: delivered 0 at time 0, so 200 bytes over 150 ms.
    s.recv(ackTo(2));
    assertSample(200, 0, 150, 1333);
  }

  @Test
  void established_ackCompression_rateOverTheLongerSendPhase() {
    open(PLAIN, false, 10);
    write(0, 2);
    s.expect(ours(0), ours(1, true));
    s.advance(100);
    s.recv(ackTo(1));
    write(2, 3); // sent at 100 ms: delivered 100 at 100 ms, the last delivered segment sent at 0
    s.expect(ours(2, true));
    s.advance(60);
    // One ACK for 1 and 2 at 160 ms. Segment 2, sent last, gives the sample: its send phase is
    // 100 − 0 = 100 ms, its ACK phase 160 − 100 = 60 ms; the longer one bounds the rate, else the
    // compressed ACKs would claim 200 bytes in 60 ms.
    s.recv(ackTo(3));
    assertSample(300, 100, 100, 2000);
  }

  @Test
  void established_sendAfterIdle_restartsTheSamplingInterval() {
    open(PLAIN, false, 10);
    write(0, 2);
    s.advance(100);
    s.recv(ackTo(1));
    s.advance(50);
    s.recv(ackTo(2));
    s.expect(ours(0), ours(1, true));
    s.advance(850); // idle until 1 s
    write(2, 3);
    s.expect(ours(2, true));
    s.advance(30);
    // Nothing was in flight when segment 2 went: its interval starts at its own send (draft
    // and tcp_rate_skb_sent), not at the ACK 850 ms earlier.
    s.recv(ackTo(3));
    assertSample(300, 200, 30, 3333);
  }

  @Test
  void established_applicationShortOfData_samplesAppLimitedUntilTheBubbleIsDelivered() {
    open(PLAIN, false, 4);
    // The application writes into an empty pipe: it, not cwnd, limits the sender, until what is
    // in flight now (nothing) has been delivered — so the four segments of this write are marked.
    write(0, 12);
    s.expect(ours(0), ours(1), ours(2), ours(3));
    s.advance(100);
    s.recv(ackTo(1));
    assertTrue(w.appLimited[w.last()], w.describe(w.last()));
    s.expect(ours(4)); // sent after the bubble was delivered: not marked
    for (int k = 2; k <= 4; k++) {
      s.recv(ackTo(k));
      assertTrue(w.appLimited[w.last()], w.describe(w.last()));
    }
    s.expect(ours(5), ours(6), ours(7));
    // More data while plenty is unsent: the application is keeping up, nothing is marked.
    write(12, 14);
    s.advance(100);
    for (int k = 5; k <= 8; k++) {
      s.recv(ackTo(k));
      assertFalse(w.appLimited[w.last()], w.describe(w.last()));
    }
  }

  @Test
  void established_sackRecovery_retransmissionAckedOnlyOnTheAckThatCoversIt() {
    open(PLAIN.with("tcp_sack", "1"), true, 10);
    write(0, 10);
    s.sent(); // segments 0..9
    s.advance(10);
    // Segment 0 is lost; the third SACK starts recovery and fast retransmits it (RFC 6675 §5).
    s.recv(ackTo(0).sack(at(1), at(2)));
    s.recv(ackTo(0).sack(at(1), at(3)));
    s.recv(ackTo(0).sack(at(1), at(4)));
    s.expect(ours(0));
    assertEquals(300, w.delivered[w.last()], "SACKed bytes are delivered");
    s.advance(10);
    s.recv(ackTo(10));
    int last = w.last();
    for (int i = 0; i < last; i++) {
      assertFalse(w.retransmissionAcked[i], w.describe(i));
    }
    assertTrue(w.retransmissionAcked[last], w.describe(last));
    // The sample rests on the retransmission, the segment sent last: 300 bytes had been delivered
    // when it went at 10 ms, the last of them at 10 ms, after segments sent at 0.
    assertSample(1000, 300, 10, 70_000);
  }

  @Test
  void established_newRenoRecovery_retransmissionAckedOnTheFullAck() {
    open(PLAIN, false, 10);
    write(0, 10);
    s.sent();
    s.advance(10);
    for (int k = 0; k < 3; k++) {
      s.recv(ackTo(0)); // RFC 5681 §3.2: the third duplicate ACK fast retransmits
    }
    s.expect(ours(0));
    for (int i = 0; i <= w.last(); i++) {
      // Without SACK a duplicate ACK delivers nothing the engine can name: no sample.
      assertEquals(-1, w.priorDelivered[i], w.describe(i));
      assertEquals(0, w.deliveryRate[i], w.describe(i));
      assertEquals(0, w.interval[i], w.describe(i));
      assertFalse(w.retransmissionAcked[i], w.describe(i));
    }
    s.advance(10);
    s.recv(ackTo(10));
    assertTrue(w.retransmissionAcked[w.last()], w.describe(w.last()));
    assertEquals(1000, w.delivered[w.last()]);
  }

  @Test
  void established_timeout_retransmissionAckedAfterIt() {
    open(PLAIN, false, 10);
    write(0, 1);
    s.expect(ours(0, true));
    s.advance(200); // RTO (tcp_rto_min): the segment goes again
    s.expect(ours(0, true));
    s.recv(ackTo(1));
    assertTrue(w.retransmissionAcked[w.last()], w.describe(w.last()));
    write(1, 2);
    s.expect(ours(1, true));
    s.advance(10);
    s.recv(ackTo(2));
    assertFalse(w.retransmissionAcked[w.last()], "an original: " + w.describe(w.last()));
  }
}
