package io.jtcp.io.pcap.trace;

import static io.jtcp.io.pcap.trace.Capture.ACK;
import static io.jtcp.io.pcap.trace.Capture.SYN;
import static io.jtcp.io.pcap.trace.Capture.sack;
import static io.jtcp.io.pcap.trace.Capture.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The marks, window scaling and relative numbers of a trace. */
class MarksTest {
  /** A handshake with a 20 ms round trip at the capture point; ISNs 100 and 300. */
  private static Capture handshake() {
    return new Capture()
        .at(0)
        .client(SYN, 100, 0, ws(7))
        .at(10)
        .server(SYN | ACK, 300, 101, ws(7))
        .at(20)
        .client(ACK, 101, 301);
  }

  private static Set<Mark> marks(ConnectionTrace c, int segment) {
    return c.segments().get(segment).marks();
  }

  @Test
  void sameDataTwice_isARetransmission() {
    ConnectionTrace c =
        handshake()
            .at(21)
            .client(ACK, 101, 301, 512, 100)
            .at(300)
            .client(ACK, 101, 301, 512, 100)
            .connection();
    assertEquals(Set.of(), marks(c, 3));
    assertEquals(Set.of(Mark.RETRANSMISSION), marks(c, 4));
  }

  @Test
  void holeFilledWithinTheRoundTrip_isOutOfOrder_laterARetransmission() {
    ConnectionTrace c =
        handshake()
            .at(21)
            .client(ACK, 201, 301, 512, 100)
            .at(21.1)
            .client(ACK, 101, 301, 512, 50)
            .at(200)
            .client(ACK, 151, 301, 512, 50)
            .connection();
    assertEquals(Set.of(Mark.PREVIOUS_NOT_CAPTURED), marks(c, 3));
    assertEquals(Set.of(Mark.OUT_OF_ORDER), marks(c, 4));
    assertEquals(Set.of(Mark.RETRANSMISSION), marks(c, 5));
  }

  @Test
  void sameAckAndWindowWithDataOutstanding_areCountedDupAcks() {
    ConnectionTrace c =
        handshake()
            .at(21)
            .client(ACK, 101, 301, 512, 100)
            .client(ACK, 301, 301, 512, 100)
            .client(ACK, 401, 301, 512, 100)
            .at(30)
            .server(ACK, 301, 201, 512, 0, sack(301, 401))
            .server(ACK, 301, 201, 512, 0, sack(301, 501))
            .server(ACK, 301, 201, 512, 0, sack(301, 501))
            .server(ACK, 301, 501, 512, 0)
            .connection();
    assertEquals(Set.of(Mark.PREVIOUS_NOT_CAPTURED), marks(c, 4));
    assertEquals(Set.of(), marks(c, 6));
    assertEquals(Set.of(Mark.DUP_ACK), marks(c, 7));
    assertEquals(1, c.segments().get(7).dupAckCount());
    assertEquals(2, c.segments().get(8).dupAckCount());
    assertEquals(Set.of(), marks(c, 9));
    // SACK blocks in the client's space, relative to its ISN like the ACK number.
    assertEquals(List.of(new SeqRange(201, 301)), c.segments().get(6).sack());
    assertEquals(101, c.segments().get(6).ack());
  }

  @Test
  void sameAckWithNothingOutstanding_isNoDupAck() {
    ConnectionTrace c =
        handshake().at(30).server(ACK, 301, 101).at(40).server(ACK, 301, 101).connection();
    assertEquals(Set.of(), marks(c, 4));
  }

  @Test
  void zeroWindow_probe_andWindowUpdate() {
    ConnectionTrace c =
        handshake()
            .at(21)
            .client(ACK, 101, 301, 512, 100)
            .at(30)
            .server(ACK, 301, 201, 0, 0)
            .at(230)
            .client(ACK, 200, 301, 512, 0)
            .at(240)
            .server(ACK, 301, 201, 0, 0)
            .at(500)
            .server(ACK, 301, 201, 8, 0)
            .connection();
    assertEquals(Set.of(Mark.ZERO_WINDOW), marks(c, 4));
    assertEquals(Set.of(Mark.ZERO_WINDOW_PROBE), marks(c, 5));
    assertEquals(Set.of(Mark.ZERO_WINDOW), marks(c, 6));
    assertEquals(Set.of(Mark.WINDOW_UPDATE), marks(c, 7));
    assertEquals(8 << 7, c.segments().get(7).window());
  }

  @Test
  void oneByteAtTheNextNumberIntoAZeroWindow_isAProbe() {
    ConnectionTrace c =
        handshake()
            .at(21)
            .client(ACK, 101, 301, 512, 100)
            .at(30)
            .server(ACK, 301, 201, 0, 0)
            .at(230)
            .client(ACK, 201, 301, 512, 1)
            .connection();
    assertEquals(Set.of(Mark.ZERO_WINDOW_PROBE), marks(c, 5));
  }

  @Test
  void emptySegmentOneBelowTheNextNumber_isAKeepAlive() {
    ConnectionTrace c =
        handshake()
            .at(7_200_000)
            .client(ACK, 100, 301)
            .at(7_200_001)
            .server(ACK, 301, 101)
            .connection();
    assertEquals(Set.of(Mark.KEEP_ALIVE), marks(c, 3));
  }

  @Test
  void windowScale_appliesOnlyWhenBothSynsCarryIt_andNeverToASyn() {
    ConnectionTrace scaled = handshake().connection();
    assertEquals(65535, scaled.segments().get(1).window());
    assertEquals(65535L << 7, scaled.segments().get(2).window());
    assertEquals(true, scaled.windowsScaled());
    ConnectionTrace oneSided =
        new Capture()
            .client(SYN, 100, 0, ws(7))
            .server(SYN | ACK, 300, 101)
            .client(ACK, 101, 301)
            .connection();
    assertEquals(65535, oneSided.segments().get(2).window());
    assertEquals(false, oneSided.windowsScaled());
  }

  @Test
  void sequenceNumbers_keepCountingAcrossTheWrap() {
    int isn = 0xffff_ff00;
    ConnectionTrace c =
        new Capture()
            .client(SYN, isn, 0)
            .server(SYN | ACK, 300, isn + 1)
            .client(ACK, isn + 1, 301, 512, 1000)
            .client(ACK, isn + 1001, 301, 512, 1000)
            .server(ACK, 301, isn + 2001)
            .connection();
    assertEquals(1001, c.segments().get(3).seq());
    assertEquals(2001, c.segments().get(4).ack());
    assertEquals(Set.of(), marks(c, 3));
  }
}
