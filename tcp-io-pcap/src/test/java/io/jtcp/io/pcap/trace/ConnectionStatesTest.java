package io.jtcp.io.pcap.trace;

import static io.jtcp.io.pcap.trace.Capture.ACK;
import static io.jtcp.io.pcap.trace.Capture.FIN;
import static io.jtcp.io.pcap.trace.Capture.PSH;
import static io.jtcp.io.pcap.trace.Capture.RST;
import static io.jtcp.io.pcap.trace.Capture.SYN;
import static io.jtcp.io.pcap.trace.Capture.mss;
import static io.jtcp.io.pcap.trace.Capture.sackPermitted;
import static io.jtcp.io.pcap.trace.Capture.states;
import static io.jtcp.io.pcap.trace.Capture.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The states a trace infers, one conversation per test, with the textbook's initial sequence
 * numbers: the client starts at 100 and the server at 300.
 */
class ConnectionStatesTest {
  /** Client and server through the three-way handshake, at 0, 10 and 20 ms. */
  private static Capture handshake() {
    return new Capture()
        .at(0)
        .client(SYN, 100, 0, mss(1460), ws(7), sackPermitted())
        .at(10)
        .server(SYN | ACK, 300, 101, mss(1460), ws(7), sackPermitted())
        .at(20)
        .client(ACK, 101, 301);
  }

  @Test
  void handshake_dataAndFourWayClose_walkRfc9293sStates() {
    ConnectionTrace c =
        handshake()
            .at(20)
            .client(ACK | PSH, 101, 301, 512, 14)
            .at(30)
            .server(ACK, 301, 115)
            .at(40)
            .client(FIN | ACK, 115, 301)
            .at(50)
            .server(ACK, 301, 116)
            .at(50)
            .server(FIN | ACK, 301, 116)
            .at(60)
            .client(ACK, 116, 302)
            .connection();
    assertEquals(
        List.of(
            "CLOSED/LISTEN",
            "SYN-SENT/SYN-RECEIVED",
            "ESTABLISHED/SYN-RECEIVED",
            "ESTABLISHED/ESTABLISHED",
            "ESTABLISHED/ESTABLISHED",
            "ESTABLISHED/ESTABLISHED",
            "FIN-WAIT-1/CLOSE-WAIT",
            "FIN-WAIT-2/CLOSE-WAIT",
            "TIME-WAIT/LAST-ACK",
            "TIME-WAIT/CLOSED"),
        states(c));
    assertEquals(Opening.SYN_SEEN, c.opening());
    assertEquals(Capture.CLIENT.bits(), c.left().address());
    assertEquals(Capture.SERVER_PORT, c.right().port());
  }

  @Test
  void handshake_relativeNumbersStartAtZeroForTheSyns() {
    ConnectionTrace c = handshake().at(20).client(ACK, 101, 301, 512, 14).connection();
    List<TracedSegment> s = c.segments();
    assertEquals(0, s.get(0).seq());
    assertEquals(0, s.get(1).seq());
    assertEquals(1, s.get(1).ack());
    assertEquals(1, s.get(2).seq());
    assertEquals(1, s.get(2).ack());
    assertEquals(1, s.get(3).seq());
  }

  @Test
  void halfClose_serverKeepsSendingInCloseWait() {
    ConnectionTrace c =
        handshake()
            .at(30)
            .client(FIN | ACK, 101, 301)
            .at(40)
            .server(ACK, 301, 102, 512, 14)
            .at(50)
            .client(ACK, 102, 315)
            .at(60)
            .server(FIN | ACK, 315, 102)
            .at(70)
            .client(ACK, 102, 316)
            .connection();
    assertEquals(
        List.of(
            "FIN-WAIT-1/CLOSE-WAIT",
            "FIN-WAIT-2/CLOSE-WAIT",
            "FIN-WAIT-2/CLOSE-WAIT",
            "TIME-WAIT/LAST-ACK",
            "TIME-WAIT/CLOSED"),
        states(c).subList(4, 9));
  }

  @Test
  void simultaneousOpen_crossingSynsGiveSynReceivedOnBothSides() {
    ConnectionTrace c =
        new Capture()
            .at(0)
            .client(SYN, 100, 0)
            .at(1)
            .server(SYN, 300, 0)
            .at(10)
            .client(SYN | ACK, 100, 301)
            .at(11)
            .server(SYN | ACK, 300, 101)
            .connection();
    assertEquals(Opening.SIMULTANEOUS_OPEN, c.opening());
    assertEquals(
        List.of(
            "CLOSED/CLOSED",
            "SYN-SENT/CLOSED",
            "SYN-RECEIVED/SYN-RECEIVED",
            "SYN-RECEIVED/ESTABLISHED",
            "ESTABLISHED/ESTABLISHED"),
        states(c));
  }

  @Test
  void simultaneousClose_crossingFinsGiveClosingThenTimeWaitOnBothSides() {
    ConnectionTrace c =
        handshake()
            .at(30)
            .client(FIN | ACK, 101, 301)
            .at(31)
            .server(FIN | ACK, 301, 101)
            .at(40)
            .client(ACK, 102, 302)
            .at(41)
            .server(ACK, 302, 102)
            .connection();
    assertEquals(
        List.of(
            "FIN-WAIT-1/ESTABLISHED",
            "CLOSING/CLOSING",
            "CLOSING/TIME-WAIT",
            "TIME-WAIT/TIME-WAIT"),
        states(c).subList(4, 8));
  }

  @Test
  void established_rstClosesBothSides() {
    ConnectionTrace c = handshake().at(30).server(RST | ACK, 301, 101).connection();
    assertEquals("CLOSED/CLOSED", states(c).getLast());
    assertEquals(java.util.Set.of(Mark.RST), c.segments().getLast().marks());
  }

  @Test
  void closedPort_synAnsweredWithRst_bothClosed() {
    ConnectionTrace c =
        new Capture().at(0).client(SYN, 100, 0).at(1).server(RST | ACK, 0, 101).connection();
    assertEquals(List.of("CLOSED/CLOSED", "SYN-SENT/CLOSED", "CLOSED/CLOSED"), states(c));
  }

  @Test
  void synSent_rstNotAcknowledgingTheSyn_isIgnored() {
    ConnectionTrace c =
        new Capture().at(0).client(SYN, 100, 0).at(1).server(RST | ACK, 0, 999).connection();
    // RFC 9293 §3.10.7.3: an unacceptable RST in SYN-SENT is dropped; the receiver keeps waiting.
    assertEquals("SYN-SENT/CLOSED", states(c).getLast());
  }

  @Test
  void synWithoutAnswer_listenerUnknown() {
    ConnectionTrace c =
        new Capture().at(0).client(SYN, 100, 0).at(1000).client(SYN, 100, 0).connection();
    assertEquals(List.of("CLOSED/?", "SYN-SENT/?", "SYN-SENT/?"), states(c));
    assertEquals(java.util.Set.of(Mark.RETRANSMISSION), c.segments().get(1).marks());
  }

  @Test
  void midConnection_statesUnknownBeforeAndEstablishedFromTheFirstSegment() {
    ConnectionTrace c =
        new Capture()
            .at(0)
            .client(ACK, 5000, 9000, 512, 100)
            .at(1)
            .server(ACK, 9000, 5100)
            .at(2)
            .server(FIN | ACK, 9000, 5100)
            .connection();
    assertEquals(Opening.NOT_CAPTURED, c.opening());
    assertEquals(
        List.of(
            "?/?", "ESTABLISHED/ESTABLISHED", "ESTABLISHED/ESTABLISHED", "CLOSE-WAIT/FIN-WAIT-1"),
        states(c));
    assertEquals(1, c.segments().get(0).seq());
    assertEquals(1, c.segments().get(0).ack());
    assertEquals(101, c.segments().get(1).ack());
    // No SYN, no scale: windows are the field as sent.
    assertEquals(512, c.segments().get(0).window());
  }

  @Test
  void synAckFirst_theUncapturedSynsSenderIsTheClientOnTheLeft() {
    ConnectionTrace c =
        new Capture().at(0).server(SYN | ACK, 300, 101).at(1).client(ACK, 101, 301).connection();
    assertEquals(Opening.SYN_ACK_FIRST, c.opening());
    assertEquals(Capture.CLIENT.bits(), c.left().address());
    assertEquals(
        List.of("SYN-SENT/SYN-RECEIVED", "ESTABLISHED/SYN-RECEIVED", "ESTABLISHED/ESTABLISHED"),
        states(c));
    assertEquals(1, c.segments().get(0).ack());
  }

  @Test
  void portReuse_newSynAfterBothFins_isANewConnection() {
    CaptureTrace t =
        handshake()
            .at(30)
            .client(FIN | ACK, 101, 301)
            .server(FIN | ACK, 301, 102)
            .client(ACK, 102, 302)
            .at(100)
            .client(SYN, 5000, 0)
            .server(SYN | ACK, 7000, 5001)
            .trace();
    assertEquals(2, t.connections().size());
    assertEquals(6, t.connections().get(0).segments().size());
    ConnectionTrace second = t.connections().get(1);
    assertEquals(2, second.number());
    assertEquals(
        List.of("CLOSED/LISTEN", "SYN-SENT/SYN-RECEIVED", "ESTABLISHED/SYN-RECEIVED"),
        states(second));
  }

  @Test
  void twoClients_numberedInOrderOfFirstAppearance() {
    CaptureTrace t =
        new Capture()
            .clientPort(50001)
            .client(SYN, 100, 0)
            .clientPort(50002)
            .client(SYN, 900, 0)
            .clientPort(50001)
            .server(SYN | ACK, 300, 101)
            .trace();
    assertEquals(2, t.connections().size());
    assertEquals(50001, t.connections().get(0).left().port());
    assertEquals(2, t.connections().get(0).segments().size());
    assertEquals(50002, t.connections().get(1).left().port());
  }
}
