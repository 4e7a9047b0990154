package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Only D-SACKs of retransmitted data make a recovery spurious (RFC 3708 §3), not network duplicates
 * of originals.
 */
class SpuriousDsackTest {
  @Test
  void networkDuplicatesOfSackedOriginals_doNotMakeTheRecoverySpurious() {
    LossRecoveryTest.Sender s = new LossRecoveryTest.Sender(1000, true).send(10_000);
    // Segments 0 and 3 are lost; 1, 2, 4 arrive.
    s.ack(0, 1000, 2000);
    s.ack(0, 1000, 3000);
    assertEquals("DUP_ACK|ENTER_RECOVERY|RETRANSMIT", s.ack(0, 4000, 5000, 1000, 3000));
    assertEquals("FAST_RETRANSMIT[0,1000)", s.sendNext(0));
    assertEquals("UNSACKED[3000,4000)", s.sendNext(0));
    // The network duplicates segments 1 and 2 (originals, never retransmitted): the receiver
    // D-SACKs them (RFC 2883 §4: D-SACK block, then the SACK block containing it).
    String e1 = s.ack(0, 1000, 2000, 1000, 3000, 4000, 5000);
    String e2 = s.ack(0, 2000, 3000, 1000, 3000, 4000, 5000);
    // Both retransmissions were needed (0 and 3 were really lost), yet:
    assertEquals(0, s.lr.spuriousEpisodes(), "events: " + e1 + " / " + e2);
    assertEquals(3, s.sb().dupThresh());
  }
}
