package io.jtcp.cli;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.wire.SackBlock;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.io.pcap.TimestampResolution;
import io.jtcp.io.pcap.trace.CaptureTrace;
import io.jtcp.io.pcap.trace.ConnectionTrace;
import io.jtcp.io.pcap.trace.Mark;
import io.jtcp.io.pcap.trace.Opening;
import io.jtcp.io.pcap.trace.SegmentOptions;
import io.jtcp.io.pcap.trace.SeqRange;
import io.jtcp.io.pcap.trace.TracedSegment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The text of {@code jtcp trace}: per connection a header line and a ladder laid out as {@code jtcp
 * demo}'s, one line per captured segment with both sides' states after it and its marks in a last
 * column; then one summary line for the file.
 *
 * <p>Relative mode (the default) shows times in milliseconds since the file's first packet and
 * sequence numbers relative to each side's initial one, as Wireshark does; absolute mode shows the
 * capture clock (UTC) and the numbers as sent, as tcpdump -S does.
 */
final class TraceLadder {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final CaptureTrace trace;
  private final boolean absolute;

  TraceLadder(CaptureTrace trace, boolean absolute) {
    this.trace = trace;
    this.absolute = absolute;
  }

  /** The header line of a connection: number, endpoints, size, duration and start. */
  String header(ConnectionTrace c) {
    String roles = c.opening().clientOnLeft() ? " (client -> server)" : "";
    int n = c.segments().size();
    return String.format(
        Locale.ROOT,
        "connection %d: %s -> %s%s, %d segment%s in %s ms, from %s UTC",
        c.number(),
        c.left(),
        c.right(),
        roles,
        n,
        n == 1 ? "" : "s",
        LadderText.ms(c.endNanos() - c.startNanos()),
        dateTime(c.startNanos()));
  }

  /** A connection's header, notes and ladder, every line ending in a newline. */
  String render(ConnectionTrace c) {
    StringBuilder out = new StringBuilder(header(c)).append('\n');
    for (String note : notes(c)) {
      out.append("  ").append(note).append('\n');
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {timeHeading(), name(c, true), "", name(c, false), ""});
    rows.add(new String[] {"", state(c.leftInitial()), "", state(c.rightInitial()), ""});
    for (TracedSegment s : c.segments()) {
      rows.add(
          new String[] {
            time(s.segment().timestampNanos()),
            state(s.leftState()),
            LadderText.arrow(s.fromLeft(), " " + label(c, s) + " ", false),
            state(s.rightState()),
            marks(s, false)
          });
    }
    return out.append(LadderText.align(rows)).toString();
  }

  /** What a reader needs to know to read the numbers right. */
  List<String> notes(ConnectionTrace c) {
    List<String> notes = new ArrayList<>();
    switch (c.opening()) {
      case NOT_CAPTURED ->
          notes.add(
              "the capture starts after the handshake: states before the first segment are"
                  + " unknown (?), sequence numbers count from the first one seen");
      case SYN_ACK_FIRST -> notes.add("the capture starts at the SYN-ACK: the SYN is not in it");
      case SIMULTANEOUS_OPEN -> notes.add("simultaneous open: both sides sent a SYN");
      case SYN_SEEN -> {}
    }
    boolean synsMissing =
        c.opening() == Opening.NOT_CAPTURED || c.opening() == Opening.SYN_ACK_FIRST;
    if (!c.windowsScaled() && synsMissing) {
      notes.add("win= is the window field as sent: a scale would be in the SYNs, not all captured");
    }
    return notes;
  }

  /** The file's summary: what was read, traced, ignored and skipped. */
  String summary() {
    int n = trace.connections().size();
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: %d packet%s, %d TCP segment%s in %d connection%s",
                trace.source(),
                trace.records(),
                trace.records() == 1 ? "" : "s",
                trace.tcpSegments(),
                trace.tcpSegments() == 1 ? "" : "s",
                n,
                n == 1 ? "" : "s"));
    if (trace.ignored() > 0) {
      sb.append(", ").append(trace.ignored()).append(" other packets ignored");
    }
    if (trace.skippedTotal() > 0) {
      StringJoiner why = new StringJoiner(", ", " (", ")");
      trace.skipped().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> why.add(e.getKey().description() + ": " + e.getValue()));
      sb.append(", ").append(trace.skippedTotal()).append(" skipped").append(why);
    }
    return sb.toString();
  }

  private static String name(ConnectionTrace c, boolean left) {
    String endpoint = (left ? c.left() : c.right()).toString();
    if (!c.opening().clientOnLeft()) {
      return endpoint;
    }
    return (left ? "client " : "server ") + endpoint;
  }

  String timeHeading() {
    return absolute ? "time (UTC)" : "time (ms)";
  }

  /** The time column of a segment captured at {@code nanos}. */
  String time(long nanos) {
    if (!absolute) {
      return LadderText.ms(nanos - trace.firstTimestampNanos());
    }
    String clock = CLOCK.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)));
    long fraction = Math.floorMod(nanos, 1_000_000_000L);
    return trace.resolution() == TimestampResolution.NANOSECONDS
        ? String.format(Locale.ROOT, "%s.%09d", clock, fraction)
        : String.format(Locale.ROOT, "%s.%06d", clock, fraction / 1000);
  }

  private String dateTime(long nanos) {
    String date = DATE.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)));
    long fraction = Math.floorMod(nanos, 1_000_000_000L);
    return trace.resolution() == TimestampResolution.NANOSECONDS
        ? String.format(Locale.ROOT, "%s.%09d", date, fraction)
        : String.format(Locale.ROOT, "%s.%06d", date, fraction / 1000);
  }

  /** The arrow's text: flags, numbers, window, length and options in short form. */
  String label(ConnectionTrace c, TracedSegment t) {
    var s = t.segment();
    // PSH says nothing about the conversation's shape; the demo's ladder leaves it out too.
    StringBuilder sb = new StringBuilder(TcpFlags.toString(s.flags() & ~TcpFlags.PSH));
    sb.append(" seq=").append(absolute ? Integer.toUnsignedString(s.seq()) : t.seq());
    if (s.has(TcpFlags.ACK)) {
      sb.append(" ack=").append(absolute ? Integer.toUnsignedString(s.ack()) : t.ack());
    }
    sb.append(" win=").append(t.window());
    if (s.payloadLength() > 0) {
      sb.append(" len=").append(s.payloadLength());
    }
    options(sb, s.options(), t);
    return sb.toString();
  }

  private void options(StringBuilder sb, SegmentOptions o, TracedSegment t) {
    if (o.mss() >= 0) {
      sb.append(" mss=").append(o.mss());
    }
    if (o.windowScale() >= 0) {
      sb.append(" ws=").append(o.windowScale());
    }
    if (o.sackPermitted()) {
      sb.append(" sack_perm");
    }
    if (o.timestamps()) {
      sb.append(" ts=")
          .append(Integer.toUnsignedString(o.tsValue()))
          .append('/')
          .append(Integer.toUnsignedString(o.tsEchoReply()));
    }
    if (!o.sackBlocks().isEmpty()) {
      StringJoiner blocks = new StringJoiner(",", " sack=", "");
      if (absolute) {
        for (SackBlock b : o.sackBlocks()) {
          blocks.add(
              Integer.toUnsignedString(b.left()) + "-" + Integer.toUnsignedString(b.right()));
        }
      } else {
        for (SeqRange r : t.sack()) {
          blocks.add(r.toString());
        }
      }
      sb.append(blocks);
    }
    for (int kind : o.otherKinds()) {
      sb.append(" opt").append(kind);
    }
  }

  /**
   * The marks of a segment as words, in {@link Mark}'s order; {@code withReset} names a RST too,
   * which the text leaves to the arrow's flags.
   */
  static String marks(TracedSegment s, boolean withReset) {
    StringJoiner j = new StringJoiner(", ");
    for (Mark m : Mark.values()) {
      if ((withReset || m != Mark.RST) && s.marks().contains(m)) {
        j.add(m == Mark.DUP_ACK ? m.label() + " #" + s.dupAckCount() : m.label());
      }
    }
    return j.toString();
  }

  static String state(@Nullable TcpState s) {
    return s == null ? "?" : s.rfcName();
  }
}
