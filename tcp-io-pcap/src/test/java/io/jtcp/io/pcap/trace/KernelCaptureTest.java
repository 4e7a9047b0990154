package io.jtcp.io.pcap.trace;

import static io.jtcp.io.pcap.trace.Capture.states;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.TcpFlags;
import io.jtcp.io.pcap.LinkType;
import io.jtcp.io.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Captures of the Linux kernel talking to itself, recorded with tcpdump inside network namespaces
 * (src/test/resources/trace/README.md says how), so that the trace is checked against a real TCP
 * and not only against jtcp's own.
 */
class KernelCaptureTest {
  static CaptureTrace load(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            KernelCaptureTest.class.getResourceAsStream("/trace/" + name), name)) {
      return CaptureAnalyzer.analyze(new PcapReader(in, name), name);
    }
  }

  /** Handshake, request, half-close, answer in CLOSE-WAIT, and the server's close. */
  static final List<String> HALF_CLOSE =
      List.of(
          "CLOSED/LISTEN",
          "SYN-SENT/SYN-RECEIVED",
          "ESTABLISHED/SYN-RECEIVED",
          "ESTABLISHED/ESTABLISHED",
          "ESTABLISHED/ESTABLISHED",
          "ESTABLISHED/ESTABLISHED",
          "FIN-WAIT-1/CLOSE-WAIT",
          "FIN-WAIT-2/CLOSE-WAIT",
          "FIN-WAIT-2/CLOSE-WAIT",
          "TIME-WAIT/LAST-ACK",
          "TIME-WAIT/CLOSED");

  @Test
  void veth_halfClose_ethernet() throws IOException {
    CaptureTrace t = load("kernel-half-close.pcap");
    assertEquals(LinkType.ETHERNET, t.linkType());
    assertEquals(1, t.connections().size());
    ConnectionTrace c = t.connections().getFirst();
    assertEquals("192.0.2.1", c.left().toString().split(":")[0]);
    assertEquals("192.0.2.2:7000", c.right().toString());
    assertEquals(HALF_CLOSE, states(c));
    assertEquals(10, c.leftWindowScale());
    assertTrue(c.windowsScaled());
    for (TracedSegment s : c.segments()) {
      assertEquals(Set.of(), s.marks(), "frame " + s.segment().frame());
    }
    // "Hello, Server!" and "Hello, Client!", 14 bytes each.
    assertEquals(14, c.segments().get(3).segment().payloadLength());
    assertEquals(1, c.segments().get(6).seq());
    assertEquals(16, c.segments().get(6).ack());
  }

  @Test
  void loopback_abortiveCloseResetsAnEstablishedConnection() throws IOException {
    CaptureTrace t = load("kernel-lo-reset.pcap");
    assertEquals(LinkType.ETHERNET, t.linkType());
    ConnectionTrace c = t.connections().getFirst();
    assertEquals("127.0.0.1", c.left().toString().split(":")[0]);
    TracedSegment last = c.segments().getLast();
    assertTrue(last.segment().has(TcpFlags.RST));
    assertEquals(Set.of(Mark.RST), last.marks());
    assertEquals("ESTABLISHED/ESTABLISHED", states(c).get(c.segments().size() - 1));
    assertEquals("CLOSED/CLOSED", states(c).getLast());
  }

  @Test
  void cookedV1_synToAClosedPortIsRefused() throws IOException {
    CaptureTrace t = load("kernel-refused-sll.pcap");
    assertEquals(LinkType.LINUX_SLL, t.linkType());
    ConnectionTrace c = t.connections().getFirst();
    assertEquals(List.of("CLOSED/CLOSED", "SYN-SENT/CLOSED", "CLOSED/CLOSED"), states(c));
    assertEquals(1, c.segments().getLast().ack());
  }

  @Test
  void cookedV2_httpGetWithCurl() throws IOException {
    CaptureTrace t = load("kernel-http-sll2.pcap");
    assertEquals(LinkType.LINUX_SLL2, t.linkType());
    assertEquals(1, t.connections().size());
    ConnectionTrace c = t.connections().getFirst();
    assertEquals("CLOSED/LISTEN", states(c).getFirst());
    assertEquals("TIME-WAIT/CLOSED", states(c).getLast());
    assertEquals(0, t.ignored() + t.skippedTotal());
  }

  @Test
  void zeroWindow_probedUntilTheReaderCatchesUp() throws IOException {
    CaptureTrace t = load("kernel-zero-window.pcap");
    ConnectionTrace c = t.connections().getFirst();
    List<Set<Mark>> marks = c.segments().stream().map(TracedSegment::marks).toList();
    assertTrue(marks.contains(Set.of(Mark.ZERO_WINDOW)), marks.toString());
    assertTrue(marks.contains(Set.of(Mark.ZERO_WINDOW_PROBE)), marks.toString());
    assertTrue(marks.contains(Set.of(Mark.WINDOW_UPDATE)), marks.toString());
    assertEquals(0, c.rightWindowScale());
    // tcpdump -s 80 kept the headers only; lengths come from the IPv4 header.
    TracedSegment data = c.segments().get(3);
    assertTrue(data.segment().payloadCut());
    assertTrue(data.segment().payloadLength() > 0);
    assertEquals("TIME-WAIT/CLOSED", states(c).getLast());
  }

  @Test
  void fullAcceptQueue_dropsSyns_whichAreRetransmitted() throws IOException {
    CaptureTrace t = load("kernel-syn-retransmit.pcap");
    assertEquals(2, t.connections().size());
    ConnectionTrace second = t.connections().get(1);
    assertEquals(2, second.number());
    List<TracedSegment> s = second.segments();
    assertEquals(Set.of(), s.get(0).marks());
    assertEquals(Set.of(Mark.RETRANSMISSION), s.get(1).marks());
    assertEquals(Set.of(Mark.RETRANSMISSION), s.get(2).marks());
    assertTrue(s.get(3).segment().has(TcpFlags.SYN | TcpFlags.ACK));
    assertEquals("TIME-WAIT/CLOSED", states(second).getLast());
    assertEquals("TIME-WAIT/CLOSED", states(t.connections().getFirst()).getLast());
  }
}
