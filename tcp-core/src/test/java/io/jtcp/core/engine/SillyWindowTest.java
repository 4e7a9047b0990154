package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.api.SocketOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Silly-window-syndrome avoidance (RFC 9293 §3.8.6.2, RFC 1122 §4.2.3.3-4). The sender sends a
 * segment shorter than the MSS only if it carries everything queued and Nagle allows it, or if it
 * fills at least half the largest window the peer offered; otherwise it waits for an ACK, or for
 * the persist timer (the override) when nothing is in flight. The receiver moves the right edge of
 * its window only by at least min(one MSS, half its buffer).
 */
class SillyWindowTest {
  private final Script s = new Script();

  private static int written(Connection c, Script s, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return s.call(n -> c.write(b, 0, b.length, n));
  }

  private static Script.Seg ours(int offset, int len, boolean push) {
    return seg(ACK | (push ? PSH : 0)).seq(ISS + 1 + offset).ack(IRS + 1).data("x".repeat(len));
  }

  /** The peer's ACK of our first {@code offset} bytes, offering {@code window}. */
  private static Script.Seg peerAck(int offset, int window) {
    return seg(ACK).seq(IRS + 1).ack(ISS + 1 + offset).win(window);
  }

  // ---- The sender

  @Test
  void established_subMssWindowLeft_tailWaitsForTheWindowToOpen() {
    Connection c = s.established();
    s.recv(peerAck(0, 2000)); // the peer's buffer filled up; its largest window was 65535
    assertEquals(4000, written(c, s, "x".repeat(4000)));
    // One full segment; the 540 bytes the window has left are less than an MSS, less than what is
    // queued and less than half the largest window: they wait.
    s.expect(ours(0, MSS, false));
    s.advance(10);
    s.recv(peerAck(MSS, 2000)); // the right edge moves by an MSS
    s.expect(ours(MSS, MSS, false));
    s.advance(10);
    s.recv(peerAck(2 * MSS, 2000));
    s.expect(ours(2 * MSS, 4000 - 2 * MSS, true)); // the rest fits: it goes with PSH
  }

  @Test
  void established_subMssWindowAndNothingInFlight_persistTimerOverrides() {
    Connection c = s.established();
    s.recv(peerAck(0, 2000));
    written(c, s, "x".repeat(4000));
    s.expect(ours(0, MSS, false));
    s.advance(10);
    s.recv(peerAck(MSS, 540)); // acknowledged, but the right edge did not move
    s.expectNothing();
    s.advance(200 - 1);
    s.expectNothing();
    s.advance(1); // the persist timer (one RTO): RFC 9293 §3.8.6.2.1's override, 0.1-1 s
    s.expect(ours(MSS, 540, false));
    s.recv(peerAck(2000, 2000));
    s.expect(ours(2000, 1460, false), ours(3460, 540, true));
  }

  @Test
  void established_halfTheLargestWindow_sentAtOnce() {
    s.peerWindow = 1000; // a peer with a small buffer
    Connection c = s.established();
    written(c, s, "x".repeat(3000));
    // 1000 bytes: less than an MSS, but the whole window the peer ever offered.
    s.expect(ours(0, 1000, false));
    s.recv(peerAck(400, 1000)); // 400 bytes of room: less than half of 1000, wait
    s.expectNothing();
    s.recv(peerAck(600, 1000)); // 600: at least half the largest window, send
    s.expect(ours(1000, 600, false));
    s.recv(peerAck(1600, 1000));
    s.expect(ours(1600, 1000, false));
    s.recv(peerAck(2600, 1000)); // the last 400 bytes: all that is queued
    s.expect(ours(2600, 400, true));
  }

  @Test
  void established_nagle_smallSegmentWaitsForTheAckOfTheLast() {
    Connection c = s.established();
    written(c, s, "a");
    s.expect(seg(ACK | PSH).seq(ISS + 1).ack(IRS + 1).data("a"));
    written(c, s, "b");
    written(c, s, "c");
    s.expectNothing(); // RFC 896: a small segment is unacknowledged
    s.advance(10);
    s.recv(peerAck(1, WINDOW));
    s.expect(seg(ACK | PSH).seq(ISS + 2).ack(IRS + 1).data("bc"));
  }

  @Test
  void established_noDelay_smallSegmentsGoAtOnce() {
    Connection c = s.established(SocketOptions.DEFAULTS.toBuilder().noDelay(true).build());
    written(c, s, "a");
    s.expect(seg(ACK | PSH).seq(ISS + 1).ack(IRS + 1).data("a"));
    written(c, s, "b");
    s.expect(seg(ACK | PSH).seq(ISS + 2).ack(IRS + 1).data("b"));
  }

  // ---- The receiver

  // A 4000-byte buffer and 1000-byte segments: the threshold is min(1000, 4000 / 2) = 1000.

  private Connection smallBuffer() {
    return s.established(SocketOptions.DEFAULTS.withBuffers(4000, 0));
  }

  private static Script.Seg peerData(int offset, char letter) {
    return seg(ACK).seq(IRS + 1 + offset).ack(ISS + 1).data(String.valueOf(letter).repeat(1000));
  }

  private static Script.Seg ourAck(int offset, int window) {
    return seg(ACK).seq(ISS + 1).ack(IRS + 1 + offset).win(window);
  }

  @Test
  void established_receiver_smallOpeningNotAnnounced() {
    Connection c = smallBuffer();
    s.recv(peerData(0, 'a'));
    s.recv(peerData(1000, 'b'));
    s.expect(ourAck(2000, 2000));
    read(c, 300); // 300 bytes of room more: not worth announcing
    s.expectNothing();
    s.recv(peerData(2000, 'c'));
    s.advance(40);
    // The right edge stays at 4000 (RCV.NXT 3000 + 1000), not 4300.
    s.expect(ourAck(3000, 1000));
  }

  @Test
  void established_receiver_windowFilledToLessThanThreshold_announcesZero() {
    Connection c = smallBuffer();
    s.recv(peerData(0, 'a'));
    s.recv(peerData(1000, 'b'));
    s.expect(ourAck(2000, 2000));
    read(c, 300);
    s.recv(peerData(2000, 'c'));
    s.advance(40);
    s.expect(ourAck(3000, 1000));
    s.recv(peerData(3000, 'd'));
    s.advance(40);
    // The peer filled the window we announced. 300 bytes are free, but RFC 9293 §3.8.6.2.2 keeps
    // the right edge at 4000 until at least min(MSS, buffer / 2) can be added, so the window is 0;
    // Linux's __tcp_select_window also answers 0 while the free space is below one rcv_mss.
    s.expect(ourAck(4000, 0));
  }

  @Test
  void established_receiver_zeroWindowReopensOnlyByThreshold() {
    Connection c = smallBuffer();
    s.recv(peerData(0, 'a'));
    s.recv(peerData(1000, 'b'));
    s.expect(ourAck(2000, 2000));
    s.recv(peerData(2000, 'c'));
    s.recv(peerData(3000, 'd'));
    s.expect(ourAck(4000, 0)); // the buffer is full
    // The application reads 500 bytes: the window may not open by less than the threshold (RFC
    // 9293 §3.8.6.2.2), so there is no update to send, and Linux (tcp_cleanup_rbuf) sends none.
    read(c, 500);
    s.expectNothing();
    s.recv(seg(ACK).seq(IRS + 4000).ack(ISS + 1)); // the peer's zero-window probe
    s.expect(ourAck(4000, 0));
    read(c, 500); // 1000 free: the window opens, and the update goes at once
    s.expect(ourAck(4000, 1000));
  }

  private void read(Connection c, int n) {
    byte[] b = new byte[n];
    assertEquals(n, (int) s.call(now -> c.read(b, 0, n, now)));
  }
}
