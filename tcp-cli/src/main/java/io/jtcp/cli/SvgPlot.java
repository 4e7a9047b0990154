package io.jtcp.cli;

import io.jtcp.core.experiment.FlowSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figure of {@code --plot}: two stacked panels over one time axis, the congestion window (KB)
 * and the goodput per sample interval (Mbit/s) of each flow, with a title, a legend naming each
 * flow's number, algorithm and RTT, and a dashed line at the bottleneck's rate. Plain SVG 1.1 with
 * no script and no external resource, so browsers, Inkscape and LaTeX converters take it as it is.
 *
 * <p>Colours are the Okabe–Ito palette without its yellow, which is too pale on white; it stays
 * readable with colour-vision deficiencies. Past seven flows the colours repeat with a dash
 * pattern. A series with more points than two per pixel keeps the first, lowest, highest and last
 * of each pixel column, so spikes survive and the file stays small however fine the sampling.
 */
final class SvgPlot {
  static final int WIDTH = 1000;
  static final int HEIGHT = 620;

  /** Okabe & Ito (2008), "Color Universal Design", yellow left out. */
  static final List<String> COLORS =
      List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000");

  private static final List<String> DASHES = List.of("", "8 4", "2 3");

  private static final int LEFT = 78;
  private static final int RIGHT = 730;
  private static final int LEGEND_X = 752;
  private static final int PANEL_HEIGHT = 210;
  private static final int CWND_TOP = 82;
  private static final int GOODPUT_TOP = CWND_TOP + PANEL_HEIGHT + 48;

  private SvgPlot() {}

  /**
   * The SVG document.
   *
   * @param title what the figure shows, in a few words
   * @param subtitle the scenario's parameters
   * @param flows the flows, each drawn in its own colour
   * @param endSeconds where the time axis ends (the run's duration)
   * @param referenceMbps the bottleneck's rate, drawn as a dashed line; 0 or less for none
   */
  static String render(
      String title,
      String subtitle,
      List<FlowTrace> flows,
      double endSeconds,
      double referenceMbps) {
    List<double[][]> cwnd = new ArrayList<>();
    List<double[][]> goodput = new ArrayList<>();
    double maxCwnd = 0;
    double maxGoodput = Math.max(0, referenceMbps);
    double lastTime = 0;
    for (FlowTrace f : flows) {
      List<FlowSample> s = f.samples();
      double[][] c = new double[2][s.size()];
      for (int i = 0; i < s.size(); i++) {
        c[0][i] = s.get(i).timeSeconds();
        c[1][i] = s.get(i).cwndBytes() / 1e3;
        maxCwnd = Math.max(maxCwnd, c[1][i]);
        lastTime = Math.max(lastTime, c[0][i]);
      }
      cwnd.add(c);
      int n = Math.max(0, s.size() - 1);
      double[][] g = new double[2][n];
      for (int i = 0; i < n; i++) {
        FlowSample a = s.get(i);
        FlowSample b = s.get(i + 1);
        long dt = b.timeNanos() - a.timeNanos();
        g[0][i] = b.timeSeconds();
        g[1][i] = dt <= 0 ? 0 : (b.deliveredBytes() - a.deliveredBytes()) * 8e3 / dt;
        maxGoodput = Math.max(maxGoodput, g[1][i]);
      }
      goodput.add(g);
    }
    Axis x = Axis.of(endSeconds > 0 ? endSeconds : lastTime, 8);
    Axis yCwnd = Axis.of(maxCwnd, 5);
    Axis yGoodput = Axis.of(maxGoodput, 5);

    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
    sb.append("<title>").append(escape(title)).append("</title>\n");
    sb.append("<rect width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT);
    sb.append("\" fill=\"#ffffff\"/>\n");
    text(sb, LEFT, 30, 18, "start", "bold", title);
    text(sb, LEFT, 52, 13, "start", "normal", subtitle);

    panel(sb, "cwnd-panel", "cwnd (KB)", CWND_TOP, x, yCwnd, cwnd, false, 0);
    panel(
        sb,
        "goodput-panel",
        "goodput (Mbit/s)",
        GOODPUT_TOP,
        x,
        yGoodput,
        goodput,
        true,
        referenceMbps);
    text(
        sb,
        (LEFT + RIGHT) / 2.0,
        GOODPUT_TOP + PANEL_HEIGHT + 40,
        13,
        "middle",
        "normal",
        "time (s)");
    legend(sb, flows);
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static void panel(
      StringBuilder sb,
      String id,
      String yLabel,
      int top,
      Axis x,
      Axis y,
      List<double[][]> series,
      boolean timeLabels,
      double referenceMbps) {
    int bottom = top + PANEL_HEIGHT;
    sb.append("<g id=\"").append(id).append("\">\n");
    // Grid first, so the data draws over it.
    for (double v : y.ticks()) {
      double py = py(v, y, top);
      line(sb, LEFT, py, RIGHT, py, "#e3e3e3", 1, "");
      text(sb, LEFT - 8, py + 4, 11, "end", "normal", Axis.label(v, y.step()));
    }
    for (double t : x.ticks()) {
      double px = px(t, x);
      line(sb, px, top, px, bottom, "#e3e3e3", 1, "");
      line(sb, px, bottom, px, bottom + 5, "#333333", 1, "");
      if (timeLabels) {
        text(sb, px, bottom + 18, 11, "middle", "normal", Axis.label(t, x.step()));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333333\"/>%n",
            LEFT,
            top,
            RIGHT - LEFT,
            PANEL_HEIGHT));
    double cy = top + PANEL_HEIGHT / 2.0;
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n",
            LEFT - 50.0,
            cy,
            LEFT - 50.0,
            cy,
            escape(yLabel)));
    if (referenceMbps > 0) {
      double py = py(referenceMbps, y, top);
      line(sb, LEFT, py, RIGHT, py, "#777777", 1, "5 4");
    }
    for (int i = 0; i < series.size(); i++) {
      double[][] s = series.get(i);
      sb.append("<polyline data-flow=\"")
          .append(i + 1)
          .append("\" fill=\"none\" stroke=\"")
          .append(color(i))
          .append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\"");
      if (!dash(i).isEmpty()) {
        sb.append(" stroke-dasharray=\"").append(dash(i)).append('"');
      }
      sb.append(" points=\"");
      points(sb, s[0], s[1], x, y, top);
      sb.append("\"/>\n");
    }
    if (referenceMbps > 0) {
      // Over the data, with a white halo, so that neither hides the other.
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#555555\" stroke=\"#ffffff\""
                  + " stroke-width=\"3\" paint-order=\"stroke\">bottleneck %s Mbit/s</text>%n",
              LEFT + 6,
              py(referenceMbps, y, top) - 5,
              TraceCsv.plain(referenceMbps)));
    }
    sb.append("</g>\n");
  }

  /**
   * The points of one series in pixels; with more than two per pixel column, each column's first,
   * lowest, highest and last in time order.
   */
  private static void points(StringBuilder sb, double[] t, double[] v, Axis x, Axis y, int top) {
    int n = t.length;
    boolean decimate = n > 2 * (RIGHT - LEFT);
    int i = 0;
    while (i < n) {
      int column = (int) Math.floor(px(t[i], x));
      int j = i;
      while (decimate && j + 1 < n && (int) Math.floor(px(t[j + 1], x)) == column) {
        j++;
      }
      int lo = i;
      int hi = i;
      for (int k = i; k <= j; k++) {
        if (v[k] < v[lo]) {
          lo = k;
        }
        if (v[k] > v[hi]) {
          hi = k;
        }
      }
      int[] keep = {i, Math.min(lo, hi), Math.max(lo, hi), j};
      int last = -1;
      for (int k : keep) {
        if (k != last) {
          sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(t[k], x), py(v[k], y, top)));
          last = k;
        }
      }
      i = j + 1;
    }
    if (n > 0) {
      sb.setLength(sb.length() - 1);
    }
  }

  private static void legend(StringBuilder sb, List<FlowTrace> flows) {
    sb.append("<g id=\"legend\">\n");
    int span = GOODPUT_TOP + PANEL_HEIGHT - CWND_TOP;
    double step = flows.isEmpty() ? 20 : Math.min(22, span / (double) flows.size());
    for (int i = 0; i < flows.size(); i++) {
      double y = CWND_TOP + 8 + i * step;
      sb.append("<g class=\"legend-entry\" data-flow=\"").append(i + 1).append("\">");
      line(sb, LEGEND_X, y, LEGEND_X + 26, y, color(i), 2.5, dash(i));
      text(sb, LEGEND_X + 32, y + 4, 12, "start", "normal", flows.get(i).label());
      sb.append("</g>\n");
    }
    sb.append("</g>\n");
  }

  static String color(int index) {
    return COLORS.get(index % COLORS.size());
  }

  private static String dash(int index) {
    return DASHES.get(index / COLORS.size() % DASHES.size());
  }

  private static double px(double t, Axis x) {
    return LEFT + t / x.max() * (RIGHT - LEFT);
  }

  private static double py(double v, Axis y, int top) {
    return top + PANEL_HEIGHT - v / y.max() * PANEL_HEIGHT;
  }

  private static void line(
      StringBuilder sb,
      double x1,
      double y1,
      double x2,
      double y2,
      String stroke,
      double width,
      String dash) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"%s\"%s/>",
            x1,
            y1,
            x2,
            y2,
            stroke,
            TraceCsv.plain(width),
            dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
    sb.append('\n');
  }

  private static void text(
      StringBuilder sb, double x, double y, int size, String anchor, String weight, String s) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>%n",
            x,
            y,
            size,
            anchor,
            weight.equals("normal") ? "" : " font-weight=\"" + weight + "\"",
            escape(s)));
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * An axis from 0 to a round maximum, with ticks at a round step (1, 2 or 5 times a power of ten)
   * chosen for about {@code target} intervals.
   */
  record Axis(double max, double step) {
    static Axis of(double dataMax, int target) {
      if (!(dataMax > 0) || Double.isInfinite(dataMax)) {
        return new Axis(1, 0.2);
      }
      double raw = dataMax / target;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double norm = raw / magnitude;
      double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
      // The small tolerance keeps 30.000000001 from opening one more, empty interval.
      double max = Math.ceil(dataMax / step - 1e-9) * step;
      return new Axis(max, step);
    }

    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      int n = (int) Math.round(max / step);
      for (int i = 0; i <= n; i++) {
        t.add(i * step);
      }
      return t;
    }

    /** A tick's label with as many decimals as the step needs, none for whole steps. */
    static String label(double v, double step) {
      int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
      return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
  }
}
