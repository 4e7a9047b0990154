package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.IRS;
import static io.jtcp.core.engine.Script.ISS;
import static io.jtcp.core.engine.Script.seg;
import static io.jtcp.core.wire.TcpFlags.ACK;
import static io.jtcp.core.wire.TcpFlags.PSH;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

/**
 * The sender-side scripts' numbering: the peer announces an MSS of 100, so our initial window (RFC
 * 6928) is ten segments; "segment i" is our bytes [100·i, 100·i + 100), {@link #at} the sequence
 * number it starts at, and its text a letter repeated, so a misplaced byte shows.
 */
final class HundredByteSegments {
  static final int SIZE = 100;

  private HundredByteSegments() {}

  static int at(int segment) {
    return ISS + 1 + SIZE * segment;
  }

  static String text(int segment) {
    return String.valueOf((char) ('a' + segment % 26)).repeat(SIZE);
  }

  /** Queues segments {@code [0, n)} on {@code c}; all of them must fit the send buffer. */
  static void write(Script s, Connection c, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(text(i));
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(bytes.length, (int) s.call(now -> c.write(bytes, 0, bytes.length, now)));
  }

  /** Our segment {@code i}; {@code last} marks the end of what is queued (PSH). */
  static Script.Seg ours(int i, boolean last) {
    return seg(ACK | (last ? PSH : 0)).seq(at(i)).ack(IRS + 1).data(text(i));
  }

  static Script.Seg ours(int i) {
    return ours(i, false);
  }

  /** The peer's ACK of everything before segment {@code i}. */
  static Script.Seg ackTo(int i) {
    return seg(ACK).seq(IRS + 1).ack(at(i));
  }

  /** Segments {@code [0, 10)}, the initial window, of {@code queued} written. */
  static Script.Seg[] firstTen(int queued) {
    Script.Seg[] ten = new Script.Seg[10];
    for (int i = 0; i < 10; i++) {
      ten[i] = ours(i, i == queued - 1);
    }
    return ten;
  }
}
