package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lost retransmission found by later SACKs goes out once more, not over and over (review
 * finding).
 */
class LostRetransmissionTest {
  @Test
  void lostRetransmission_whoseStartIsThenAcked_isResentOnceNotOverAndOver() {
    int base = 1000;
    LossRecoveryTest.Sender s = new LossRecoveryTest.Sender(base, true);
    // Two short segments [0,500) and [500,1000) (Nagle/PSH-sized), then full ones up to 10000.
    s.lr.onTransmit(base, 500);
    s.lr.onTransmit(base + 500, 500);
    s.send(10_000);
    // [0,500) is delayed, [500,1000) lost; 1..3 arrive.
    s.ack(0, 1000, 2000);
    s.ack(0, 1000, 3000);
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0, 1000, 4000));
    assertEquals("FAST_RETRANSMIT[0,1000)", s.sendNext(0)); // one range over both short originals
    assertEquals("NEW_DATA[10000,11000)", s.sendNext(1000));
    // The retransmission is lost; the new data sent after it is SACKed: it is marked lost.
    s.ack(0, 10_000, 11_000, 1000, 4000);
    assertEquals(1, s.lr.lostRetransmissions());
    // The delayed original [0,500) arrives: the cumulative ACK lands inside the lost
    // retransmission.
    s.ack(500, 10_000, 11_000, 1000, 4000);
    // One transmission opportunity with room for a few segments.
    List<String> out = s.transmit(5 * LossRecoveryTest.SMSS + s.lr.pipe(), 0);
    long copies = out.stream().filter("LOST[500,1000)"::equals).count();
    assertEquals(
        1,
        copies,
        "copies of [500,1000) sent in one opportunity; then: "
            + s.next(0)
            + ", pipe="
            + s.lr.pipe()
            + ", out.size="
            + out.size());
  }
}
