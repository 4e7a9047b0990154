package io.jtcp.cli;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --trace}: the ladder of this stack's connections, one line per segment as it happens, on
 * standard error. jtcp is the left column, with its state after each segment; the arrow points
 * right for a segment sent and left for one received; the peer closes the line. Numbers are
 * relative to each side's ISN, windows in bytes once both SYNs set a scale, as in {@code jtcp demo}
 * and {@code jtcp trace}. The end of TIME-WAIT or of an orphaned FIN-WAIT-2, which no segment
 * marks, gets a line of its own.
 *
 * <p>The stack reports a received segment once it has processed it, so the segments it sent in
 * answer are reported first. A sent segment is therefore held back while the loop may still report
 * the segment that caused it: until a segment of the same connection and instant arrives (it then
 * follows that one, numbered with what it taught, such as the peer's ISN, unless that one
 * acknowledges it and so came after it), until something of a later instant happens, or until
 * {@link #tick} finds it still waiting, which the printer thread does every 20 ms.
 *
 * <p>Thread-safe: the event loop reports, the printer thread ticks.
 */
final class LiveLadder implements PacketObserver, AutoCloseable {
  /** The widest state name, SYN-RECEIVED, so that arrows line up. */
  private static final int STATE_WIDTH = 12;

  private static final long TICK_MILLIS = 20;

  private final PrintWriter err;
  private final Map<Long, Flow> flows = new HashMap<>();
  private final List<Held> held = new ArrayList<>();
  private long heldAt;
  private boolean heldSeenByTick;
  private long start = Long.MIN_VALUE;
  private final @org.jspecify.annotations.Nullable Thread printer;

  /** What relative numbers and scaled windows need, per connection. */
  private static final class Flow {
    int localIsn;
    int remoteIsn;
    boolean localIsnKnown;
    boolean remoteIsnKnown;
    int localScale = -1;
    int remoteScale = -1;
  }

  /** A segment's fields, kept beyond the call that lent its view. */
  private record Held(
      long now,
      boolean out,
      long key,
      int flags,
      int seq,
      int ack,
      int window,
      int length,
      String synOptions,
      TcpState state,
      String peer) {}

  /** A ladder on {@code err} whose printer thread ticks every 20 ms. */
  LiveLadder(PrintWriter err) {
    this(err, true);
  }

  /** Without a printer thread, {@link #tick} is left to the caller (the tests). */
  LiveLadder(PrintWriter err, boolean printerThread) {
    this.err = err;
    this.printer =
        printerThread
            ? Thread.ofVirtual()
                .name("jtcp-trace")
                .start(
                    () -> {
                      try {
                        while (true) {
                          Thread.sleep(TICK_MILLIS);
                          tick();
                        }
                      } catch (InterruptedException e) {
                        tick();
                      }
                    })
            : null;
  }

  private static long key(int remoteAddress, int remotePort, int localPort) {
    return (Integer.toUnsignedLong(remoteAddress) << 32) | ((long) remotePort << 16) | localPort;
  }

  @Override
  public synchronized void onSegment(
      long now,
      Direction direction,
      int localAddress,
      int remoteAddress,
      TcpView seg,
      TcpState stateAfter) {
    boolean out = direction == Direction.OUT;
    int localPort = out ? seg.sourcePort() : seg.destinationPort();
    int remotePort = out ? seg.destinationPort() : seg.sourcePort();
    long key = key(remoteAddress, remotePort, localPort);
    int flags = seg.flags();
    if ((flags & TcpFlags.SYN) != 0) {
      learn(key, out, seg);
    }
    Held h =
        new Held(
            now,
            out,
            key,
            flags,
            seg.sequenceNumber(),
            seg.acknowledgmentNumber(),
            seg.window(),
            seg.payloadLength(),
            (flags & TcpFlags.SYN) != 0 ? LadderText.synOptions(seg) : "",
            stateAfter,
            Ipv4Address.toString(remoteAddress) + ":" + remotePort);
    if (!held.isEmpty() && now != heldAt) {
      release();
    }
    if (out) {
      held.add(h);
      heldAt = now;
      return;
    }
    // What this segment acknowledges was sent before it arrived; what else this connection sent
    // at this instant it sent in answer.
    List<Held> answers = new ArrayList<>();
    for (Held o : held) {
      if (o.key == key && !acknowledges(h, o)) {
        answers.add(o);
      } else {
        print(o);
      }
    }
    held.clear();
    print(h);
    for (Held o : answers) {
      print(o);
    }
    heldSeenByTick = false;
    if (stateAfter == TcpState.CLOSED) {
      flows.remove(key);
    }
  }

  private void learn(long key, boolean out, TcpView seg) {
    Flow f = flows.computeIfAbsent(key, k -> new Flow());
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

  @Override
  public synchronized void onStateChange(
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
      release();
      line(
          now,
          to,
          "(" + from.rfcName() + " ended)",
          Ipv4Address.toString(remoteAddress) + ":" + remotePort);
      flows.remove(key(remoteAddress, remotePort, localPort));
    }
  }

  /** Prints what has waited since the previous tick: the loop has moved on. */
  synchronized void tick() {
    if (held.isEmpty()) {
      heldSeenByTick = false;
    } else if (heldSeenByTick) {
      release();
    } else {
      heldSeenByTick = true;
    }
  }

  /** Prints what is held and stops the printer. */
  @Override
  public void close() {
    Thread p = printer;
    if (p != null) {
      p.interrupt();
    }
    synchronized (this) {
      release();
      err.flush();
    }
  }

  /** Whether {@code in} acknowledges sequence space {@code sent} occupies (RFC 9293 §3.4). */
  private static boolean acknowledges(Held in, Held sent) {
    int space =
        sent.length
            + ((sent.flags & TcpFlags.SYN) != 0 ? 1 : 0)
            + ((sent.flags & TcpFlags.FIN) != 0 ? 1 : 0);
    return space > 0 && (in.flags & TcpFlags.ACK) != 0 && in.ack - (sent.seq + space) >= 0;
  }

  private void release() {
    for (Held h : held) {
      print(h);
    }
    held.clear();
    heldSeenByTick = false;
  }

  private void print(Held h) {
    Flow f = flows.get(h.key);
    boolean senderKnown = f != null && (h.out ? f.localIsnKnown : f.remoteIsnKnown);
    boolean receiverKnown = f != null && (h.out ? f.remoteIsnKnown : f.localIsnKnown);
    int senderIsn = f == null ? 0 : h.out ? f.localIsn : f.remoteIsn;
    int receiverIsn = f == null ? 0 : h.out ? f.remoteIsn : f.localIsn;
    StringBuilder label = new StringBuilder(" ");
    label.append(TcpFlags.toString(h.flags & ~TcpFlags.PSH));
    label.append(" seq=").append(relative(h.seq, senderIsn, senderKnown));
    if ((h.flags & TcpFlags.ACK) != 0) {
      label.append(" ack=").append(relative(h.ack, receiverIsn, receiverKnown));
    }
    // RFC 7323 §2.3: windows outside SYNs are shifted once both sides offered a scale.
    boolean scaled =
        (h.flags & TcpFlags.SYN) == 0 && f != null && f.localScale >= 0 && f.remoteScale >= 0;
    int shift = f == null ? 0 : h.out ? f.localScale : f.remoteScale;
    label.append(" win=").append(scaled ? (long) h.window << Math.min(shift, 14) : h.window);
    if (h.length > 0) {
      label.append(" len=").append(h.length);
    }
    label.append(h.synOptions).append(' ');
    line(h.now, h.state, LadderText.arrow(h.out, label.toString(), false), h.peer);
  }

  private void line(long now, TcpState state, String middle, String peer) {
    if (start == Long.MIN_VALUE) {
      start = now;
      err.println("time (ms)  jtcp          segment                                        peer");
    }
    String t = LadderText.ms(now - start);
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
