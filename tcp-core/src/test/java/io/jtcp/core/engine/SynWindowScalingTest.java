package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.wire.TcpOption;
import io.jtcp.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window in a SYN-ACK is never scaled (RFC 7323 §2.2), also on the active side. */
class SynWindowScalingTest {
  @Test
  void activeOpen_synAckWindowIsNotScaled() {
    Script s = new Script(Script.PLAIN.with("tcp_window_scaling", "1"));
    Connection c = s.call(n -> s.stack.connect(REMOTE, REMOTE_PORT, SocketOptions.DEFAULTS, n));
    s.ourPort = c.localPort();
    s.sent(); // our SYN (with a window-scale option)
    // The peer's SYN-ACK: window 1000 bytes (unscaled, as RFC 7323 §2.2 requires), shift 7.
    s.recv(
        seg(SYN | ACK)
            .seq(IRS)
            .ack(ISS + 1)
            .win(1000)
            .mss(MSS)
            .nop()
            .option(new TcpOption.WindowScale(7)));
    s.sent(); // our ACK
    long wnd = c.info().sendWindow();
    byte[] data = new byte[14600];
    s.call(n -> c.write(data, 0, data.length, n));
    List<TcpSegment> out = s.sent();
    int bytes = out.stream().mapToInt(t -> t.payload().length).sum();
    assertTrue(bytes <= 1000, "sent " + bytes + " bytes into a 1000-byte window; SND.WND=" + wnd);
  }
}
