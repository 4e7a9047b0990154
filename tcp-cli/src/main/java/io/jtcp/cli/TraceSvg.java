package io.jtcp.cli;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.io.pcap.trace.ConnectionTrace;
import io.jtcp.io.pcap.trace.Mark;
import io.jtcp.io.pcap.trace.TracedSegment;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The picture of {@code jtcp trace --svg}: per connection two vertical lifelines, one slanted arrow
 * per segment from its sender to its receiver labelled as the text ladder labels it, a box with the
 * new state wherever a side's state changes, the time on the left and the marks on the right in
 * colour. Rows are evenly spaced in capture order rather than drawn to a time scale: a handshake
 * takes microseconds and a TIME-WAIT a minute, and both must stay readable. Plain SVG 1.1, as
 * {@link SvgPlot}, with its Okabe–Ito colours.
 */
final class TraceSvg {
  static final int WIDTH = 1240;

  private static final int TIME_X = 78;
  private static final int LEFT_STATE_X = 168;
  private static final int LEFT_LINE = 250;
  private static final int RIGHT_LINE = 850;
  private static final int RIGHT_STATE_X = 932;
  private static final int MARK_X = 1012;
  private static final int ROW = 36;
  private static final int SLANT = 18;
  private static final int STATE_BOX_WIDTH = 104;
  private static final int HEAD = 92;
  private static final int TAIL = 30;

  private static final String INK = "#333333";
  private static final String VERMILLION = "#D55E00";
  private static final String ORANGE = "#E69F00";
  private static final String PURPLE = "#CC79A7";
  private static final String BLUE = "#0072B2";
  private static final List<String> COLORS = List.of(INK, VERMILLION, ORANGE, PURPLE, BLUE);

  private TraceSvg() {}

  /** The SVG document of {@code connections}, stacked top to bottom. */
  static String render(String title, List<ConnectionTrace> connections, TraceLadder text) {
    int height = 50;
    for (ConnectionTrace c : connections) {
      height += blockHeight(c);
    }
    StringBuilder sb = new StringBuilder(32 * 1024);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\""
                    + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial,"
                    + " sans-serif\">%n",
                WIDTH,
                height,
                WIDTH,
                height));
    sb.append("<title>").append(SvgPlot.escape(title)).append("</title>\n");
    sb.append("<defs>\n");
    for (String color : COLORS) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<marker id=\"head-%s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
                  + " markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5"
                  + " L0,10 z\" fill=\"%s\"/></marker>%n",
              color.substring(1),
              color));
    }
    sb.append("</defs>\n");
    sb.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
    text(sb, 20, 30, 16, "start", "bold", INK, title);
    int top = 50;
    for (ConnectionTrace c : connections) {
      connection(sb, c, top, text);
      top += blockHeight(c);
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static int blockHeight(ConnectionTrace c) {
    return HEAD + c.segments().size() * ROW + TAIL;
  }

  private static void connection(StringBuilder sb, ConnectionTrace c, int top, TraceLadder text) {
    sb.append(
        String.format(Locale.ROOT, "<g class=\"connection\" data-number=\"%d\">%n", c.number()));
    text(sb, 20, top + 18, 13, "start", "bold", INK, text.header(c));
    List<String> notes = text.notes(c);
    if (!notes.isEmpty()) {
      text(sb, 20, top + 34, 11, "start", "normal", "#555555", String.join("; ", notes));
    }
    String leftName = (c.opening().clientOnLeft() ? "client " : "") + c.left();
    String rightName = (c.opening().clientOnLeft() ? "server " : "") + c.right();
    text(sb, LEFT_LINE, top + 54, 13, "middle", "bold", INK, leftName);
    text(sb, RIGHT_LINE, top + 54, 13, "middle", "bold", INK, rightName);
    int first = top + HEAD;
    int bottom = first + c.segments().size() * ROW;
    line(sb, LEFT_LINE, top + 60, LEFT_LINE, bottom, "#999999", 1.5, "", "lifeline", null);
    line(sb, RIGHT_LINE, top + 60, RIGHT_LINE, bottom, "#999999", 1.5, "", "lifeline", null);
    text(sb, TIME_X, top + 76, 11, "end", "normal", "#555555", text.timeHeading());
    stateBox(sb, LEFT_STATE_X, top + 72, c.leftInitial());
    stateBox(sb, RIGHT_STATE_X, top + 72, c.rightInitial());
    TcpState left = c.leftInitial();
    TcpState right = c.rightInitial();
    for (int i = 0; i < c.segments().size(); i++) {
      TracedSegment s = c.segments().get(i);
      int y = first + i * ROW;
      int from = s.fromLeft() ? LEFT_LINE : RIGHT_LINE;
      int to = s.fromLeft() ? RIGHT_LINE : LEFT_LINE;
      String color = color(s);
      String dash = s.marks().contains(Mark.RETRANSMISSION) ? "6 3" : "";
      double width = s.marks().contains(Mark.RST) ? 2.5 : 1.4;
      sb.append(
          String.format(
              Locale.ROOT, "<g class=\"segment\" data-frame=\"%d\">%n", s.segment().frame()));
      text(
          sb,
          TIME_X,
          y + 4,
          11,
          "end",
          "normal",
          "#555555",
          text.time(s.segment().timestampNanos()));
      line(sb, from, y, to, y + SLANT, color, width, dash, "arrow", color);
      // Above the arrow's highest point, so the slanted line never crosses the text.
      label(sb, (LEFT_LINE + RIGHT_LINE) / 2.0, y - 3, color, text.label(c, s));
      String marks = TraceLadder.marks(s, true);
      if (!marks.isEmpty()) {
        text(sb, MARK_X, y + SLANT / 2.0 + 4, 11, "start", "bold", color, marks);
      }
      // The sender changes state as the segment leaves, the receiver as it arrives.
      int leftY = s.fromLeft() ? y : y + SLANT;
      int rightY = s.fromLeft() ? y + SLANT : y;
      if (!Objects.equals(left, s.leftState())) {
        stateBox(sb, LEFT_STATE_X, leftY, s.leftState());
        left = s.leftState();
      }
      if (!Objects.equals(right, s.rightState())) {
        stateBox(sb, RIGHT_STATE_X, rightY, s.rightState());
        right = s.rightState();
      }
      sb.append("</g>\n");
    }
    sb.append("</g>\n");
  }

  /** The colour of a segment's first mark, in {@link Mark}'s order; ink for none. */
  private static String color(TracedSegment s) {
    for (Mark m : Mark.values()) {
      if (s.marks().contains(m)) {
        return switch (m) {
          case RETRANSMISSION, RST -> VERMILLION;
          case OUT_OF_ORDER, PREVIOUS_NOT_CAPTURED, DUP_ACK -> ORANGE;
          case ZERO_WINDOW, ZERO_WINDOW_PROBE -> PURPLE;
          case KEEP_ALIVE, WINDOW_UPDATE -> BLUE;
        };
      }
    }
    return INK;
  }

  private static void stateBox(StringBuilder sb, double cx, double cy, @Nullable TcpState state) {
    String fill =
        state == TcpState.ESTABLISHED
            ? "#e3f2ea"
            : state == TcpState.CLOSED || state == null ? "#eeeeee" : "#fdf0dc";
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"state\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"15\" rx=\"3\""
                + " fill=\"%s\" stroke=\"#888888\" stroke-width=\"0.8\"/>%n",
            cx - STATE_BOX_WIDTH / 2.0,
            cy - 7.5,
            STATE_BOX_WIDTH,
            fill));
    text(sb, cx, cy + 4, 10.5, "middle", "normal", INK, TraceLadder.state(state));
  }

  private static void label(StringBuilder sb, double cx, double y, String color, String label) {
    double room = RIGHT_LINE - LEFT_LINE - 20;
    // About 0.56 em per character in Helvetica at this size: squeeze only what would not fit.
    double estimate = label.length() * 11 * 0.56;
    String fit =
        estimate > room
            ? String.format(
                Locale.ROOT, " textLength=\"%.0f\" lengthAdjust=\"spacingAndGlyphs\"", room)
            : "";
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"%s\"%s>%s"
                + "</text>%n",
            cx,
            y,
            color,
            fit,
            SvgPlot.escape(label)));
  }

  private static void line(
      StringBuilder sb,
      double x1,
      double y1,
      double x2,
      double y2,
      String color,
      double width,
      String dash,
      String cls,
      @Nullable String head) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"%.1f\"",
            cls,
            x1,
            y1,
            x2,
            y2,
            color,
            width));
    if (!dash.isEmpty()) {
      sb.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    if (head != null) {
      sb.append(" marker-end=\"url(#head-").append(head.substring(1)).append(")\"");
    }
    sb.append("/>\n");
  }

  private static void text(
      StringBuilder sb,
      double x,
      double y,
      double size,
      String anchor,
      String weight,
      String color,
      String text) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%s\" text-anchor=\"%s\" font-weight=\"%s\""
                + " fill=\"%s\">%s</text>%n",
            x,
            y,
            size == Math.rint(size) ? String.valueOf((int) size) : String.valueOf(size),
            anchor,
            weight,
            color,
            SvgPlot.escape(text)));
  }
}
