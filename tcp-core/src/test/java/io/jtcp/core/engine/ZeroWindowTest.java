package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The persist timer (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17): while the peer advertises a zero
 * window and we have data queued, probe it with backoff, as Linux does with {@code <SEQ=SND.UNA-1>}
 * and no data, until the window opens.
 */
class ZeroWindowTest {
  private final Script s = new Script();
  private final Connection c = s.established();

  private static Script.Seg probe() {
    return seg(ACK).seq(ISS).ack(IRS + 1);
  }

  private void write(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(b.length, (int) s.call(n -> c.write(b, 0, b.length, n)));
  }

  @Test
  void established_zeroWindow_persistProbesWithBackoffUntilWindowOpens() {
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(0));
    s.expectNothing();
    write("hello");
    s.expectNothing(); // the window is closed
    s.advance(200 - 1); // the RTO: the handshake measured ~0, so Linux's floor of 200 ms
    s.expectNothing();
    s.advance(1);
    s.expect(probe());
    s.advance(400 - 1);
    s.expectNothing();
    s.advance(1);
    s.expect(probe());
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(0)); // still closed
    s.expectNothing();
    s.advance(800);
    s.expect(probe());
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(1000)); // open
    s.expect(seg(ACK | PSH).seq(ISS + 1).ack(IRS + 1).data("hello"));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 6));
    s.advance(60_000);
    s.expectNothing();
    assertEquals(ESTABLISHED, c.state());
  }

  @Test
  void established_zeroWindowNothingQueued_noProbes() {
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(0));
    s.advance(60_000);
    s.expectNothing();
  }

  @Test
  void established_windowShrinksToZeroMidWrite_restProbedThenSent() {
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1).win(3));
    write("abcdef");
    // RFC 9293 §3.8.6.2.1: three bytes are less than half the peer's largest window, so they wait
    // for the override (the persist timer), as Linux's tcp_snd_wnd_test waits for tcp_write_wakeup.
    s.expectNothing();
    s.advance(200);
    s.expect(seg(ACK).seq(ISS + 1).ack(IRS + 1).data("abc"));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 4).win(0));
    s.expectNothing();
    s.advance(200);
    s.expect(seg(ACK).seq(ISS + 3).ack(IRS + 1));
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 4).win(100));
    s.expect(seg(ACK | PSH).seq(ISS + 4).ack(IRS + 1).data("def"));
  }
}
