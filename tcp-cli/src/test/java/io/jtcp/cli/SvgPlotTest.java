package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.experiment.FlowSample;
import io.jtcp.core.fsm.TcpState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgPlotTest {
  /** {@code n} samples every 100 ms at {@code mbps} with a cwnd of {@code cwnd} bytes. */
  private static List<FlowSample> steady(int n, double mbps, long cwnd) {
    List<FlowSample> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long delivered = Math.round(mbps * 1e6 / 8 * i / 10);
      s.add(
          new FlowSample(
              i * 100_000_000L, cwnd, -1, cwnd, 50_000, delivered, TcpState.ESTABLISHED));
    }
    return s;
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newDefaultInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<double[]> points(Document doc, String panel, int flow) {
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("id").equals(panel)) {
        NodeList lines = g.getElementsByTagName("polyline");
        Element line = (Element) lines.item(flow - 1);
        List<double[]> p = new ArrayList<>();
        for (String xy : line.getAttribute("points").split(" ")) {
          String[] v = xy.split(",");
          p.add(new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1])});
        }
        return p;
      }
    }
    throw new AssertionError(panel);
  }

  @Test
  void valuesLandWhereTheAxesSay() throws Exception {
    // 10 Mbit/s against a 20 Mbit/s reference: the goodput axis runs to 20, so the line sits at
    // half the panel's height; a 100 kB window on an axis to 100 KB sits at the top.
    Document doc =
        parse(
            SvgPlot.render(
                "t", "s", List.of(new FlowTrace(1, "reno", 50, steady(11, 10, 100_000))), 1, 20));
    List<double[]> goodput = points(doc, "goodput-panel", 1);
    assertEquals(10, goodput.size(), "one value per interval");
    double top = 82 + 210 + 48;
    for (double[] p : goodput) {
      assertEquals(top + 105, p[1], 0.05);
    }
    assertEquals(
        78 + (730 - 78) * 0.1, goodput.getFirst()[0], 0.05, "the first interval ends at 0.1 s");
    assertEquals(730, goodput.getLast()[0], 0.05);
    for (double[] p : points(doc, "cwnd-panel", 1)) {
      assertEquals(82, p[1], 0.05);
    }
  }

  @Test
  void textIsEscaped_andTheDocumentStaysWellFormed() throws Exception {
    Document doc = parse(SvgPlot.render("a < b & \"c\"", "x > y", List.of(), 10, 0));
    assertEquals("a < b & \"c\"", doc.getElementsByTagName("title").item(0).getTextContent());
  }

  @Test
  void fineSampling_isThinnedPerPixelColumn_keepingTheExtremes() throws Exception {
    List<FlowSample> s = new ArrayList<>();
    for (int i = 0; i <= 100_000; i++) {
      long cwnd = i == 50_000 ? 1_000_000 : 10_000 + i % 7;
      s.add(new FlowSample(i * 1_000_000L, cwnd, -1, 0, 0, 0, TcpState.ESTABLISHED));
    }
    Document doc = parse(SvgPlot.render("t", "s", List.of(new FlowTrace(1, "reno", 1, s)), 100, 0));
    List<double[]> cwnd = points(doc, "cwnd-panel", 1);
    assertTrue(cwnd.size() <= 4 * (730 - 78 + 1), "thinned: " + cwnd.size());
    assertTrue(cwnd.size() >= 2 * (730 - 78), "still one point or more per pixel: " + cwnd.size());
    double highest = cwnd.stream().mapToDouble(p -> p[1]).min().orElseThrow();
    assertEquals(82, highest, 0.05, "the one spike survives and sets the axis");
  }

  @Test
  void colours_areDistinctForSevenFlows_thenDashed() {
    assertEquals(7, SvgPlot.COLORS.stream().distinct().count());
    List<FlowTrace> flows = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      flows.add(new FlowTrace(i, "reno", 10, steady(3, 1, 1000)));
    }
    String svg = SvgPlot.render("t", "s", flows, 1, 0);
    assertTrue(svg.contains("data-flow=\"8\" fill=\"none\" stroke=\"#0072B2\""), svg);
    assertTrue(svg.contains("stroke-dasharray=\"8 4\" points="), "the eighth is dashed");
  }

  @Test
  void axes_stepByOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(new SvgPlot.Axis(30, 5), SvgPlot.Axis.of(30, 8));
    assertEquals(new SvgPlot.Axis(100, 20), SvgPlot.Axis.of(95.05, 5));
    assertEquals(new SvgPlot.Axis(1, 0.2), SvgPlot.Axis.of(0, 5), "an empty axis still has ticks");
    assertEquals(7, SvgPlot.Axis.of(30, 8).ticks().size(), "0, 5, ..., 30");
    assertEquals("0.4", SvgPlot.Axis.label(0.4, 0.2));
    assertEquals("25", SvgPlot.Axis.label(25, 5));
  }
}
