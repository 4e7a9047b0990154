package io.jtcp.cli;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --trace}: the ladder of this stack's connections, one line per segment as it happens, on
 * standard error. jtcp is the left column, with its state after each segment; the arrow points
 * right for a segment sent and left for one received; the peer closes the line. Numbers are
 * relative to each side's ISN, windows in bytes once both SYNs set a scale, as in {@code jtcp demo}
 * and {@code jtcp trace}. State changes without a segment (TIME-WAIT ending, say) get a line of
 * their own.
 *
 * <p>Called on the event loop's thread; a line is written and flushed at once, which is what a
 * person watching wants and costs a system call per segment (a debugging flag, not a fast path).
 */
final class LiveLadder implements PacketObserver {
  /** The widest state name, SYN-RECEIVED, so that arrows line up. */
  private static final int STATE_WIDTH = 12;

  private final PrintWriter err;
  private final Map<Long, Flow> flows = new HashMap<>();
  private long start = Long.MIN_VALUE;

  /** What relative numbers and scaled windows need, per connection. */
  private static final class Flow {
    int localIsn;
    int remoteIsn;
    boolean localIsnKnown;
    boolean remoteIsnKnown;
    int localScale = -1;
    int remoteScale = -1;
  }

  LiveLadder(PrintWriter err) {
    this.err = err;
  }

  private static long key(int remoteAddress, int remotePort, int localPort) {
    return (Integer.toUnsignedLong(remoteAddress) << 32) | ((long) remotePort << 16) | localPort;
  }

  private long elapsed(long now) {
    if (start == Long.MIN_VALUE) {
      start = now;
      err.println("time (ms)  jtcp          segment                                        peer");
    }
    return now - start;
  }

  @Override
  public void onSegment(
      long now,
      Direction direction,
      int localAddress,
      int remoteAddress,
      TcpView seg,
      TcpState stateAfter) {
    boolean out = direction == Direction.OUT;
    int localPort = out ? seg.sourcePort() : seg.destinationPort();
    int remotePort = out ? seg.destinationPort() : seg.sourcePort();
    Flow f = flows.computeIfAbsent(key(remoteAddress, remotePort, localPort), k -> new Flow());
    int flags = seg.flags();
    if ((flags & TcpFlags.SYN) != 0) {
      if (out && !f.localIsnKnown) {
        f.localIsn = seg.sequenceNumber();
        f.localIsnKnown = true;
        f.localScale = seg.windowScale();
      } else if (!out && !f.remoteIsnKnown) {
        f.remoteIsn = seg.sequenceNumber();
        f.remoteIsnKnown = true;
        f.remoteScale = seg.windowScale();
      }
    }
    int senderIsn = out ? f.localIsn : f.remoteIsn;
    boolean senderKnown = out ? f.localIsnKnown : f.remoteIsnKnown;
    int receiverIsn = out ? f.remoteIsn : f.localIsn;
    boolean receiverKnown = out ? f.remoteIsnKnown : f.localIsnKnown;
    StringBuilder label = new StringBuilder(" ");
    label.append(TcpFlags.toString(flags & ~TcpFlags.PSH));
    label.append(" seq=").append(relative(seg.sequenceNumber(), senderIsn, senderKnown));
    if ((flags & TcpFlags.ACK) != 0) {
      label
          .append(" ack=")
          .append(relative(seg.acknowledgmentNumber(), receiverIsn, receiverKnown));
    }
    // RFC 7323 §2.3: windows outside SYNs are shifted once both sides offered a scale.
    int senderScale = out ? f.localScale : f.remoteScale;
    boolean scaled = (flags & TcpFlags.SYN) == 0 && f.localScale >= 0 && f.remoteScale >= 0;
    label
        .append(" win=")
        .append(scaled ? (long) seg.window() << Math.min(senderScale, 14) : seg.window());
    if (seg.payloadLength() > 0) {
      label.append(" len=").append(seg.payloadLength());
    }
    if ((flags & TcpFlags.SYN) != 0) {
      if (seg.mss() >= 0) {
        label.append(" mss=").append(seg.mss());
      }
      if (seg.windowScale() >= 0) {
        label.append(" ws=").append(seg.windowScale());
      }
      label.append(seg.sackPermitted() ? " sack" : "").append(seg.hasTimestamps() ? " ts" : "");
    }
    label.append(' ');
    line(
        now,
        stateAfter,
        LadderText.arrow(out, label.toString(), false),
        Ipv4Address.toString(remoteAddress) + ":" + remotePort);
  }

  @Override
  public void onStateChange(
      long now,
      int localAddress,
      int localPort,
      int remoteAddress,
      int remotePort,
      TcpState from,
      TcpState to) {
    // Changes a segment brings are on its line; those a timer brings have none: the end of
    // TIME-WAIT (2MSL) and of an orphaned FIN-WAIT-2 (tcp_fin_timeout).
    if (to == TcpState.CLOSED && (from == TcpState.TIME_WAIT || from == TcpState.FIN_WAIT_2)) {
      line(
          now,
          to,
          "(" + from.rfcName() + " ended)",
          Ipv4Address.toString(remoteAddress) + ":" + remotePort);
    }
    if (to == TcpState.CLOSED) {
      flows.remove(key(remoteAddress, remotePort, localPort));
    }
  }

  private void line(long now, TcpState state, String middle, String peer) {
    String t = LadderText.ms(elapsed(now));
    String s = state.rfcName();
    err.println(
        " ".repeat(Math.max(0, 9 - t.length()))
            + t
            + "  "
            + s
            + " ".repeat(Math.max(1, STATE_WIDTH + 2 - s.length()))
            + middle
            + "  "
            + peer);
    err.flush();
  }

  private static String relative(int value, int isn, boolean known) {
    return Integer.toUnsignedString(known ? value - isn : value);
  }
}
