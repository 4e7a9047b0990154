package io.jtcp.cli;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects what two stacks saw of one conversation and draws it as the classic ladder diagram: one
 * line per segment with the time it left, an arrow, its flags, sequence and acknowledgment numbers,
 * window and length, and each side's state after it. A segment that never arrived ends in {@code
 * X}. State changes without a segment (TIME-WAIT expiring, say) get a line of their own.
 *
 * <p>Sequence numbers are relative to each side's ISN by default, as Wireshark shows them.
 */
public final class Ladder {
  private final String leftName;
  private final String rightName;
  private final List<Seg> segments = new ArrayList<>();
  private final List<Change> changes = new ArrayList<>();
  private final Side left = new Side();
  private final Side right = new Side();

  /** One segment as sent, and (once matched) as received. */
  private static final class Seg {
    boolean fromLeft;
    long sentAt;
    long receivedAt = -1;
    int flags;
    int seq;
    int ack;
    int window;
    int length;
    String options = "";
    TcpState senderState = TcpState.CLOSED;
    TcpState receiverState = TcpState.CLOSED;
  }

  private record Change(boolean left, long at, TcpState from, TcpState to) {}

  /** Per side: its ISN once seen (for relative numbers) and its state before anything happened. */
  private static final class Side {
    Integer isn;
    TcpState initial;
    int windowScale = -1;
  }

  public Ladder(String leftName, String rightName) {
    this.leftName = leftName;
    this.rightName = rightName;
  }

  /** The observer to install in the left-hand stack. */
  public PacketObserver left() {
    return observer(true);
  }

  /** The observer to install in the right-hand stack. */
  public PacketObserver right() {
    return observer(false);
  }

  private PacketObserver observer(boolean isLeft) {
    return new PacketObserver() {
      @Override
      public void onSegment(
          long now,
          Direction direction,
          int localAddress,
          int remoteAddress,
          TcpView seg,
          TcpState after) {
        if (direction == Direction.OUT) {
          sent(isLeft, now, seg, after);
        } else {
          received(isLeft, now, seg, after);
        }
      }

      @Override
      public void onStateChange(
          long now, int la, int lp, int ra, int rp, TcpState from, TcpState to) {
        Side s = isLeft ? left : right;
        if (s.initial == null) {
          s.initial = to == TcpState.LISTEN ? to : from; // a server's story starts in LISTEN
        }
        changes.add(new Change(isLeft, now, from, to));
      }
    };
  }

  private void sent(boolean fromLeft, long now, TcpView v, TcpState after) {
    Seg s = new Seg();
    s.fromLeft = fromLeft;
    s.sentAt = now;
    s.flags = v.flags();
    s.seq = v.sequenceNumber();
    s.ack = v.acknowledgmentNumber();
    s.window = v.window();
    s.length = v.payloadLength();
    s.senderState = after;
    if (v.has(TcpFlags.SYN)) {
      Side side = fromLeft ? left : right;
      if (side.isn == null) {
        side.isn = v.sequenceNumber();
        side.windowScale = v.windowScale();
      }
      s.options = LadderText.synOptions(v);
    }
    segments.add(s);
  }

  private void received(boolean atLeft, long now, TcpView v, TcpState after) {
    for (Seg s : segments) {
      if (s.fromLeft != atLeft
          && s.receivedAt < 0
          && s.seq == v.sequenceNumber()
          && s.ack == v.acknowledgmentNumber()
          && s.flags == v.flags()
          && s.length == v.payloadLength()) {
        s.receivedAt = now;
        s.receiverState = after;
        return;
      }
    }
  }

  /**
   * Every segment as a map for {@code --json}: when it left and arrived (ms, arrival null if lost),
   * direction, flags, seq/ack (relative unless {@code absolute}), window field, length, and both
   * states after it.
   */
  public java.util.List<java.util.Map<String, Object>> segments(boolean absolute) {
    java.util.List<java.util.Map<String, Object>> out = new ArrayList<>();
    for (Seg s : segments) {
      Side sender = s.fromLeft ? left : right;
      Side receiver = s.fromLeft ? right : left;
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("sent_ms", s.sentAt / 1e6);
      m.put("received_ms", s.receivedAt < 0 ? null : s.receivedAt / 1e6);
      m.put("from", s.fromLeft ? "left" : "right");
      m.put("flags", TcpFlags.toString(s.flags));
      m.put("seq", Long.parseLong(number(s.seq, sender.isn, absolute)));
      m.put(
          "ack",
          (s.flags & TcpFlags.ACK) != 0
              ? Long.parseLong(number(s.ack, receiver.isn, absolute))
              : null);
      m.put("window", s.window);
      m.put("length", s.length);
      m.put("sender_state", s.senderState.rfcName());
      m.put("receiver_state", s.receivedAt < 0 ? null : s.receiverState.rfcName());
      out.add(m);
    }
    return out;
  }

  /**
   * Draws the diagram; {@code absolute} shows raw sequence numbers instead of ones relative to each
   * ISN.
   */
  public String render(boolean absolute) {
    List<Line> lines = new ArrayList<>();
    for (Seg s : segments) {
      lines.add(new Line(s.sentAt, s, null));
    }
    for (Change c : changes) {
      if (!explained(c)) {
        lines.add(new Line(c.at, null, c));
      }
    }
    lines.sort(Comparator.comparingLong(Line::at));

    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"time (ms)", leftName, "", rightName});
    rows.add(new String[] {"", name(left.initial), "", name(right.initial)});
    for (Line line : lines) {
      rows.add(line.seg != null ? segmentRow(line.seg, absolute) : changeRow(line.change));
    }
    return LadderText.align(rows);
  }

  private record Line(long at, Seg seg, Change change) {}

  /**
   * A state change that a segment line already shows (same side, same instant) needs no line of its
   * own.
   */
  private boolean explained(Change c) {
    for (Seg s : segments) {
      boolean sender = s.fromLeft == c.left && s.sentAt == c.at;
      boolean receiver = s.fromLeft != c.left && s.receivedAt == c.at;
      if (sender || receiver) {
        return true;
      }
    }
    // A listener opening is the first row; its closing is not part of any connection's story.
    return c.from == TcpState.CLOSED && c.to == TcpState.LISTEN
        || c.from == TcpState.LISTEN && c.to == TcpState.CLOSED;
  }

  private String[] segmentRow(Seg s, boolean absolute) {
    String label = label(s, absolute);
    boolean lost = s.receivedAt < 0;
    String arrow = LadderText.arrow(s.fromLeft, label, lost);
    String senderState = s.senderState.rfcName();
    String receiverState = lost ? "" : s.receiverState.rfcName();
    return s.fromLeft
        ? new String[] {ms(s.sentAt), senderState, arrow, receiverState}
        : new String[] {ms(s.sentAt), receiverState, arrow, senderState};
  }

  private String[] changeRow(Change c) {
    String text = c.to.rfcName();
    return c.left ? new String[] {ms(c.at), text, "", ""} : new String[] {ms(c.at), "", "", text};
  }

  private String label(Seg s, boolean absolute) {
    Side sender = s.fromLeft ? left : right;
    Side receiver = s.fromLeft ? right : left;
    StringBuilder sb = new StringBuilder(" ").append(TcpFlags.toString(s.flags & ~TcpFlags.PSH));
    sb.append(" seq=").append(number(s.seq, sender.isn, absolute));
    if ((s.flags & TcpFlags.ACK) != 0) {
      sb.append(" ack=").append(number(s.ack, receiver.isn, absolute));
    }
    // RFC 7323: once both SYNs carried window scale, windows outside SYNs are shifted; show bytes.
    boolean scaled =
        (s.flags & TcpFlags.SYN) == 0 && sender.windowScale >= 0 && receiver.windowScale >= 0;
    sb.append(" win=")
        .append(scaled ? (long) s.window << Math.min(sender.windowScale, 14) : s.window);
    if (s.length > 0) {
      sb.append(" len=").append(s.length);
    }
    sb.append(s.options).append(' ');
    return sb.toString();
  }

  private static String number(int value, Integer isn, boolean absolute) {
    if (absolute || isn == null) {
      return Integer.toUnsignedString(value);
    }
    return Integer.toUnsignedString(value - isn);
  }

  private static String ms(long nanos) {
    return LadderText.ms(nanos);
  }

  private static String name(TcpState s) {
    return s == null ? "CLOSED" : s.rfcName();
  }
}
