package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code jtcp sim compare}. Runs are short and slow (10 Mbit/s, a few seconds of simulated time),
 * so each costs a fraction of a second; the fairness itself is {@code ComparisonTest}'s.
 */
class SimCompareCommandTest {
  private static final String[] SMALL = {"--rate", "10", "--rtt", "20", "--duration", "5"};

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** {@code sim compare} with {@code args}, and {@link #SMALL}'s options where they have none. */
  private int compare(String... args) {
    List<String> all = new ArrayList<>(List.of("sim", "compare"));
    List<String> given = List.of(args);
    for (int i = 0; i < SMALL.length; i += 2) {
      if (!given.contains(SMALL[i])) {
        all.add(SMALL[i]);
        all.add(SMALL[i + 1]);
      }
    }
    all.addAll(given);
    return run(all.toArray(String[]::new));
  }

  private static final Pattern FLOW =
      Pattern.compile(
          "\\{\"flow\":(\\d+),\"cc\":\"([a-z0-9_-]+)\",\"rtt_ms\":([0-9.]+),\"goodput_bps\":(\\d+),"
              + "\"retransmissions\":(\\d+),\"srtt_mean_ms\":([0-9.]+),\"srtt_p99_ms\":([0-9.]+)\\}");

  @Test
  void json_hasTheFlowsFairnessDurationAndBottleneck() {
    assertEquals(0, compare("--cc", "reno,newreno", "--json"), err.toString());
    String json = out.toString().strip();
    assertEquals(1, json.lines().count(), json);
    Matcher whole =
        Pattern.compile(
                "\\{\"flows\":\\[(.*)\\],\"jain_fairness\":([0-9.]+),\"duration_s\":5\\.0,"
                    + "\"bottleneck_bps\":10000000\\}")
            .matcher(json);
    assertTrue(whole.matches(), json);
    Matcher flow = FLOW.matcher(whole.group(1));
    List<String> ccs = new ArrayList<>();
    List<Double> goodputs = new ArrayList<>();
    while (flow.find()) {
      assertEquals(ccs.size() + 1, Integer.parseInt(flow.group(1)));
      ccs.add(flow.group(2));
      assertEquals("20.0", flow.group(3));
      goodputs.add(Double.parseDouble(flow.group(4)));
      double mean = Double.parseDouble(flow.group(6));
      double p99 = Double.parseDouble(flow.group(7));
      assertTrue(mean >= 20 && p99 >= mean, json);
    }
    assertEquals(List.of("reno", "newreno"), ccs, json);
    double sum = goodputs.get(0) + goodputs.get(1);
    double squares = goodputs.get(0) * goodputs.get(0) + goodputs.get(1) * goodputs.get(1);
    assertEquals(sum * sum / (2 * squares), Double.parseDouble(whole.group(2)), 1e-5);
    assertEquals("", err.toString());
  }

  @Test
  void flows_countsPerAlgorithm_numberedRoundRobin() {
    assertEquals(
        0,
        compare("--cc", "reno,newreno", "--flows", "2", "--duration", "2", "--json"),
        err.toString());
    Matcher flow = FLOW.matcher(out.toString());
    List<String> ccs = new ArrayList<>();
    while (flow.find()) {
      ccs.add(flow.group(2));
    }
    assertEquals(List.of("reno", "newreno", "reno", "newreno"), ccs);
  }

  @Test
  void rtt_takesOnePerFlow_inFlowOrder() {
    assertEquals(
        0,
        compare(
            "--cc",
            "reno,newreno",
            "--flows",
            "2",
            "--rtt",
            "10,20,30,40",
            "--duration",
            "2",
            "--json"),
        err.toString());
    Matcher flow = FLOW.matcher(out.toString());
    List<String> flows = new ArrayList<>();
    while (flow.find()) {
      flows.add(flow.group(2) + " " + flow.group(3));
    }
    assertEquals(List.of("reno 10.0", "newreno 20.0", "reno 30.0", "newreno 40.0"), flows);
  }

  @Test
  void human_printsATableRowPerFlowAndTheFairness() {
    assertEquals(0, compare("--cc", "reno,newreno", "--stagger", "1"), err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(
        "compare       reno vs newreno: 2 flows over a 10 Mbit/s bottleneck for 5 s, seed 1",
        lines.get(0));
    assertEquals(
        "bottleneck    10 Mbit/s, queue 100 packets (one BDP at 20 ms), no random loss",
        lines.get(1));
    assertTrue(
        lines.get(3).matches("flow +cc +rtt ms +start s +goodput Mbit/s +share.*"), lines.get(3));
    assertTrue(
        lines.get(4).matches(" +1 +reno +20 +0 +\\d+\\.\\d{3} +\\d+\\.\\d% .*"), lines.get(4));
    assertTrue(
        lines.get(5).matches(" +2 +newreno +20 +1 +\\d+\\.\\d{3} +\\d+\\.\\d% .*"), lines.get(5));
    assertTrue(lines.get(6).matches("total +\\d+\\.\\d{3} +\\d+\\.\\d%"), lines.get(6));
    assertTrue(
        lines.get(8).matches("fairness      Jain's index 0\\.\\d{3} over 2 flows' goodputs .*")
            || lines.get(8).startsWith("fairness      Jain's index 1.000"),
        lines.get(8));
  }

  @Test
  void unknownCc_isAUsageErrorListingTheAvailableOnes() {
    assertEquals(2, compare("--cc", "reno,vegas"));
    String e = err.toString();
    assertTrue(e.contains("--cc: unknown congestion control 'vegas'; available: "), e);
    assertTrue(e.contains("newreno, reno"), e);
    assertEquals("", out.toString());
  }

  @Test
  void badInput_isAUsageErrorNamingTheOption() {
    assertUsage(
        "--rtt takes one value for every flow or one per flow (2 flows); got 3",
        "--cc",
        "reno,newreno",
        "--rtt",
        "10,20,30");
    assertUsage(
        "--flows takes a number of flows per algorithm from 1 to 50",
        "--cc",
        "reno,newreno",
        "--flows",
        "0");
    assertUsage("--flows takes", "--cc", "reno", "--flows", "101");
    assertUsage(
        "--duration takes seconds of simulated time from just above 0 to 86400; got 0",
        "--cc",
        "reno",
        "--duration",
        "0");
    assertUsage("--rate takes Mbit/s", "--cc", "reno", "--rate", "0");
    assertUsage("--queue takes a number of packets >= 1", "--cc", "reno", "--queue", "0");
    assertUsage(
        "--stagger 3 starts flow 2 at 3 s, not before the end of --duration 2",
        "--cc",
        "reno,reno",
        "--duration",
        "2",
        "--stagger",
        "3");
    assertUsage(
        "--interval 0.001 ms takes more than 1000000 samples",
        "--cc",
        "reno",
        "--interval",
        "0.001");
    assertUsage("--cc takes algorithm names separated by commas", "--cc", "reno,,newreno");
    assertUsage("--loss", "--cc", "reno", "--loss", "2");
  }

  private void assertUsage(String message, String... args) {
    err.getBuffer().setLength(0);
    assertEquals(2, compare(args), String.join(" ", args));
    assertTrue(err.toString().contains(message), err.toString());
  }

  @Test
  void pcap_holdsEverySendersFrames_inTimeOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cmp.pcap");
    assertEquals(0, compare("--cc", "reno,cubic", "--duration", "2", "--pcap", file.toString()));
    java.util.Set<Integer> senders = new java.util.HashSet<>();
    long last = -1;
    int records = 0;
    try (io.jtcp.io.pcap.PcapReader r = io.jtcp.io.pcap.PcapReader.open(file)) {
      assertEquals(io.jtcp.io.pcap.LinkType.IPV4, r.linkType());
      io.jtcp.io.pcap.PcapRecord rec;
      while ((rec = r.next()) != null) {
        records++;
        assertTrue(rec.timestampNanos() >= last, "time order at record " + records);
        last = rec.timestampNanos();
        byte[] d = rec.data();
        senders.add(d[12] == (byte) 192 ? d[15] & 0xFF : d[19] & 0xFF); // 192.0.2.N's N
      }
    }
    assertEquals(java.util.Set.of(1, 2), senders, "both flows' senders");
    assertTrue(records > 1000, "two flows for 2 s at 10 Mbit/s: " + records);
  }

  @Test
  void traceCsv_hasTheColumns_andTimeNeverGoesBack(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("trace.csv");
    assertEquals(
        0,
        compare(
            "--cc",
            "reno,newreno",
            "--stagger",
            "1",
            "--interval",
            "250",
            "--trace-csv",
            csv.toString()),
        err.toString());
    List<String> rows = Files.readAllLines(csv);
    assertEquals(
        "time_s,flow,cc,cwnd_bytes,ssthresh_bytes,inflight_bytes,srtt_ms,delivered_bytes,state",
        rows.getFirst());
    // Flow 1 from 0 to 5 s, flow 2 from 1 s, every 250 ms.
    assertEquals(21 + 17, rows.size() - 1);
    double lastTime = -1;
    int lastFlow = 0;
    long[] delivered = new long[3];
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",", -1);
      assertEquals(9, f.length, row);
      double t = Double.parseDouble(f[0]);
      int flow = Integer.parseInt(f[1]);
      assertTrue(t > lastTime || (t == lastTime && flow > lastFlow), "in order: " + row);
      assertEquals(0, Math.round(t * 1000) % 250, "on the grid: " + row);
      assertEquals(flow == 1 ? "reno" : "newreno", f[2]);
      Long.parseLong(f[3]);
      assertTrue(f[4].isEmpty() || Long.parseLong(f[4]) > 0, row);
      Long.parseLong(f[5]);
      assertTrue(f[6].isEmpty() || Double.parseDouble(f[6]) >= 20, row);
      long d = Long.parseLong(f[7]);
      assertTrue(d >= delivered[flow], "delivered never shrinks: " + row);
      delivered[flow] = d;
      assertTrue(f[8].equals("ESTABLISHED") || f[8].equals("SYN-SENT"), row);
      lastTime = t;
      lastFlow = flow;
    }
    assertTrue(rows.get(1).startsWith("0,1,reno,"), rows.get(1));
    assertTrue(rows.stream().anyMatch(r -> r.startsWith("1,2,newreno,")), "flow 2 from 1 s");
    assertTrue(out.toString().contains("trace csv     " + csv + " (38 rows)"), out.toString());
  }

  @Test
  void plot_isWellFormedSvg_withALinePerFlowPerPanelAndALegend(@TempDir Path dir) throws Exception {
    Path svg = dir.resolve("plot.svg");
    assertEquals(
        0,
        compare("--cc", "reno,newreno", "--flows", "2", "--plot", svg.toString(), "--json"),
        err.toString());
    assertTrue(out.toString().startsWith("{\"flows\""), "--json prints only JSON: " + out);
    Document doc =
        DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(svg.toFile());
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getTagName());
    assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
    for (String panel : List.of("cwnd-panel", "goodput-panel")) {
      Element g = byId(doc, panel);
      NodeList lines = g.getElementsByTagName("polyline");
      assertEquals(4, lines.getLength(), panel);
      List<String> colours = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Element line = (Element) lines.item(i);
        assertEquals(Integer.toString(i + 1), line.getAttribute("data-flow"));
        assertTrue(line.getAttribute("points").split(" ").length > 10, panel);
        colours.add(line.getAttribute("stroke"));
      }
      assertEquals(4, colours.stream().distinct().count(), "distinct colours: " + colours);
    }
    NodeList entries = byId(doc, "legend").getElementsByTagName("text");
    List<String> legend = new ArrayList<>();
    for (int i = 0; i < entries.getLength(); i++) {
      legend.add(entries.item(i).getTextContent());
    }
    assertEquals(
        List.of(
            "flow 1: reno, RTT 20 ms",
            "flow 2: newreno, RTT 20 ms",
            "flow 3: reno, RTT 20 ms",
            "flow 4: newreno, RTT 20 ms"),
        legend);
    String text = root.getTextContent();
    assertTrue(text.contains("reno vs newreno: 4 flows over a 10 Mbit/s bottleneck"), text);
    assertTrue(text.contains("cwnd (KB)") && text.contains("goodput (Mbit/s)"), text);
    assertTrue(text.contains("time (s)"), text);
  }

  private static Element byId(Document doc, String id) {
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("id").equals(id)) {
        return g;
      }
    }
    throw new AssertionError("no <g id=\"" + id + "\">");
  }

  @Test
  void aFailedFlow_exitsOneWithASentence() {
    assertEquals(1, compare("--cc", "reno", "--loss", "100%", "--duration", "200"));
    assertTrue(
        err.toString().startsWith("jtcp sim compare: flow 1's sender connection failed at"),
        err.toString());
    assertTrue(out.toString().contains("failure       flow 1's sender"), out.toString());
  }

  @Test
  void help_explainsWhatFlowsCounts() {
    assertEquals(0, run("sim", "compare", "--help"));
    assertTrue(
        out.toString().contains("--flows N gives N flows of each algorithm"), out.toString());
    assertTrue(out.toString().contains("--cc=NAME[,NAME...]"), out.toString());
  }
}
