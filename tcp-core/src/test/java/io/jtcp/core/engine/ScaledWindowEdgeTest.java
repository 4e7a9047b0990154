package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.wire.TcpOption;
import io.jtcp.core.wire.TcpSegment;
import org.junit.jupiter.api.Test;

/**
 * With window scaling the right edge we announce (SEG.ACK + SEG.WND << shift) never moves left (RFC
 * 9293 SHLD-14), and every byte up to it is taken even though the field was rounded up.
 */
class ScaledWindowEdgeTest {
  @Test
  void scaledWindow_rightEdgeNeverRetracts() {
    Script s = new Script(Script.PLAIN.with("tcp_window_scaling", "1"));
    Listener l = s.listening(SocketOptions.DEFAULTS);
    s.recv(seg(SYN).seq(IRS).win(65535).mss(MSS).nop().option(new TcpOption.WindowScale(7)));
    TcpSegment synAck = s.sent().getFirst();
    int shift = -1;
    for (TcpOption o : synAck.options()) {
      if (o instanceof TcpOption.WindowScale w) {
        shift = w.shift();
      }
    }
    assertTrue(shift > 0, "we scale our window");
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(1000));
    Connection c = l.accept();
    long lastEdge = Integer.toUnsignedLong(IRS + 1 + synAck.window());
    int seq = IRS + 1;
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      s.recv(seg(ACK | PSH).seq(seq).ack(ISS + 1).win(1000).data("x".repeat(100)));
      seq += 100;
      s.advance(50); // the delayed ACK goes out
      for (TcpSegment a : s.sent()) {
        long edge = Integer.toUnsignedLong(a.acknowledgmentNumber()) + ((long) a.window() << shift);
        log.append(" ack=")
            .append(a.acknowledgmentNumber() - IRS)
            .append(" edge=")
            .append(edge - IRS);
        if (edge < lastEdge) log.append(" <-- RETRACTED");
        lastEdge = edge;
      }
    }
    assertTrue(
        !log.toString().contains("RETRACTED"),
        "SYN-ACK edge=" + (Integer.toUnsignedLong(IRS + 1 + synAck.window()) - IRS) + log);
  }

  @Test
  void scaledWindow_everyAnnouncedByteIsTaken() {
    Script s = new Script(Script.PLAIN.with("tcp_window_scaling", "1"));
    Listener l = s.listening(SocketOptions.DEFAULTS);
    s.recv(seg(SYN).seq(IRS).win(65535).mss(MSS).nop().option(new TcpOption.WindowScale(7)));
    TcpSegment synAck = s.sent().getFirst();
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(1000));
    Connection c = l.accept();
    int shift = c.info().windowScaleReceive();
    assertTrue(shift > 0, "we scale our window");
    long edge = Integer.toUnsignedLong(IRS + 1 + synAck.window());
    long next = Integer.toUnsignedLong(IRS + 1);
    // The application never reads; the peer fills every byte it is offered, 777 at a time so the
    // segments never line up with the scale's granularity.
    for (int round = 0; round < 2000 && next < edge; round++) {
      int len = (int) Math.min(777, edge - next);
      s.recv(seg(ACK).seq((int) next).ack(ISS + 1).win(1000).data("y".repeat(len)));
      next += len;
      s.advance(50);
      for (TcpSegment a : s.sent()) {
        long e = Integer.toUnsignedLong(a.acknowledgmentNumber()) + ((long) a.window() << shift);
        assertTrue(e >= edge, "the edge moved left: " + e + " < " + edge);
        edge = e;
        assertEquals(next, Integer.toUnsignedLong(a.acknowledgmentNumber()), "all taken: " + a);
      }
    }
    assertEquals(next - Integer.toUnsignedLong(IRS + 1), c.available(), "every byte is held");
    assertTrue(next >= edge, "the peer filled the window");
  }
}
