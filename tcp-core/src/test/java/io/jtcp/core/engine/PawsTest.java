package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * PAWS (RFC 7323 §5): with timestamps on, a segment whose TSval is older than TS.Recent (compared
 * modulo 2<sup>32</sup>) is an old duplicate: it is dropped and acknowledged at once (§5.3 R1), and
 * counted in {@code pawsDrops}. TS.Recent follows the in-order segments (§4.3). The peer's TSval
 * was {@value Script#PEER_TS} in the handshake.
 */
class PawsTest {
  private final Script s = new Script(PLAIN.with("tcp_timestamps", "1"));
  private final Connection c;

  PawsTest() {
    s.peerTimestamps = true;
    c = s.established();
  }

  /** The peer's data at offset {@code offset} of its stream, stamped {@code tsVal}. */
  private Script.Seg data(int offset, String text, int tsVal) {
    return seg(ACK).seq(IRS + 1 + offset).ack(ISS + 1).data(text).ts(tsVal, s.tsNow());
  }

  /** Our ACK of the peer's first {@code offset} bytes, echoing {@code tsEcr}. */
  private Script.Seg ackTo(int offset, int tsEcr) {
    return seg(ACK).seq(ISS + 1).ack(IRS + 1 + offset).win(WINDOW - offset).ts(s.tsNow(), tsEcr);
  }

  @Test
  void established_olderTsVal_droppedAndAckedAtOnce() {
    s.advance(10);
    s.recv(data(0, "abc", 110));
    s.advance(40);
    s.expect(ackTo(3, 110)); // TS.Recent = 110
    s.advance(5);
    s.recv(data(3, "def", 109)); // new bytes, but an old timestamp: an old duplicate
    s.expect(ackTo(3, 110));
    assertEquals(3, c.available(), "the segment was dropped");
    assertEquals(1, c.info().pawsDrops());
    assertEquals(1, s.stack.counters().get("PAWS: timestamp older than TS.Recent"));
    s.recv(data(3, "def", 111)); // the same bytes, freshly stamped
    s.expectNothing(); // in order: the ACK is delayed
    s.advance(40);
    s.expect(ackTo(6, 111));
    assertEquals(6, c.available());
    assertEquals(1, c.info().pawsDrops());
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void established_equalTsVal_accepted() {
    s.recv(data(0, "abc", PEER_TS)); // the same millisecond as the handshake: not older
    s.expectNothing();
    assertEquals(3, c.available());
    assertEquals(0, c.info().pawsDrops());
  }

  @Test
  void established_tsValWraps_comparedModulo2To32() {
    // Each segment is acknowledged before the next, so that each one's TSval becomes TS.Recent
    // (RFC 7323 §4.3: only segments at or before Last.ACK.sent update it).
    s.recv(data(0, "a", 0x7000_0000));
    s.advance(40);
    s.expect(ackTo(1, 0x7000_0000));
    s.recv(data(1, "b", 0xE000_0000)); // 2^31 − 2^28 later: newer
    s.advance(40);
    s.expect(ackTo(2, 0xE000_0000));
    s.recv(data(2, "c", 0x0000_0010)); // wrapped past 2^32: still newer
    s.advance(40);
    s.expect(ackTo(3, 0x0000_0010));
    s.recv(data(3, "d", 0xFFFF_FFFF)); // 17 ticks before TS.Recent: older
    s.expect(ackTo(3, 0x0000_0010));
    assertEquals(3, c.available());
    assertEquals(1, c.info().pawsDrops());
  }

  @Test
  void established_reorderedDuplicateAck_notDropped() {
    s.advance(10);
    s.recv(data(0, "abc", 110));
    s.advance(40);
    s.expect(ackTo(3, 110));
    // A pure duplicate ACK stamped before TS.Recent by less than an RTO: the network reordered it
    // behind the data. Linux's tcp_disordered_ack lets it through PAWS (it is not answered).
    s.recv(seg(ACK).seq(IRS + 4).ack(ISS + 1).ts(109, s.tsNow()));
    s.expectNothing();
    assertEquals(0, c.info().pawsDrops());
    // Older than TS.Recent by more than the RTO (200 ms of the peer's millisecond clock): PAWS.
    s.recv(seg(ACK).seq(IRS + 4).ack(ISS + 1).ts(110 - 201, s.tsNow()));
    s.expect(ackTo(3, 110));
    assertEquals(1, c.info().pawsDrops());
  }

  @Test
  void established_olderTsValOnRst_stillResets() {
    // RFC 7323 §5.3 R1 applies to segments with the RST bit off; a RST is judged by its sequence
    // number alone.
    s.recv(seg(RST).seq(IRS + 1).ts(PEER_TS - 50, s.tsNow()));
    s.expectNothing();
    assertEquals(CLOSED, c.state());
    assertEquals(0, c.info().pawsDrops());
  }
}
