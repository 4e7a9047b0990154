package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.PacketObserver.Direction;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --trace's live ladder: one line per segment, relative numbers, scaled windows, timer lines. */
class LiveLadderTest {
  private static final int JTCP = Ipv4Address.parse("192.0.2.2").bits();
  private static final int PEER = Ipv4Address.parse("192.0.2.1").bits();

  /** A segment with {@code options} bytes after the header (a multiple of 4). */
  private static TcpView segment(
      int src, int dst, int seq, int ack, int flags, int window, int payload, int... options) {
    int header = 20 + options.length;
    MemorySegment s = MemorySegment.ofArray(new byte[header + payload]);
    TcpView v =
        new TcpView()
            .writeTo(s, 0, header, header + payload)
            .sourcePort(src)
            .destinationPort(dst)
            .sequenceNumber(seq)
            .acknowledgmentNumber(ack)
            .flags(flags)
            .window(window);
    for (int i = 0; i < options.length; i++) {
      s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 20 + i, (byte) options[i]);
    }
    TcpView read = new TcpView();
    read.wrapUnverified(s, 0, header + payload);
    return read;
  }

  // MSS 1460, NOP, window scale 7, SACK permitted, NOP, NOP: 12 bytes.
  private static final int[] SYN_OPTIONS = {2, 4, 0x05, 0xB4, 1, 3, 3, 7, 4, 2, 1, 1};

  @Test
  void aConnectionReadsAsALadder() {
    StringWriter text = new StringWriter();
    LiveLadder l = new LiveLadder(new PrintWriter(text), false);
    try (l) {
      run(l);
    }
    List<String> lines = text.toString().lines().toList();
    assertEquals(
        List.of(
            "time (ms)  jtcp          segment                                        peer",
            "    0.000  SYN-SENT      -- SYN seq=0 win=65535 mss=1460 ws=7 sack -->  192.0.2.1:80",
            "    0.400  ESTABLISHED   <-- SYN,ACK seq=0 ack=1 win=65160 mss=1460 ws=7 sack -- "
                + " 192.0.2.1:80",
            "    0.400  ESTABLISHED   -- ACK seq=1 ack=1 win=131072 -->  192.0.2.1:80",
            "    1.000  ESTABLISHED   <-- ACK seq=1 ack=1 win=65152 len=14 --  192.0.2.1:80",
            "61000.000  CLOSED        (TIME-WAIT ended)  192.0.2.1:80"),
        lines);
  }

  /**
   * The stack reports a received segment after the answer it caused (the ACK of a SYN-ACK, at the
   * same instant): the ladder puts the cause first and numbers the answer with the ISN it taught.
   */
  private static void handshakeAndData(LiveLadder l) {
    long t = 5_000_000_000L;
    l.onSegment(
        t,
        Direction.OUT,
        JTCP,
        PEER,
        segment(40000, 80, 1000, 0, TcpFlags.SYN, 65535, 0, SYN_OPTIONS),
        TcpState.SYN_SENT);
    l.onSegment(
        t + 400_000,
        Direction.OUT,
        JTCP,
        PEER,
        segment(40000, 80, 1001, 7001, TcpFlags.ACK, 1024, 0),
        TcpState.ESTABLISHED);
    l.onSegment(
        t + 400_000,
        Direction.IN,
        JTCP,
        PEER,
        segment(80, 40000, 7000, 1001, TcpFlags.SYN | TcpFlags.ACK, 65160, 0, SYN_OPTIONS),
        TcpState.ESTABLISHED);
    l.onSegment(
        t + 1_000_000,
        Direction.IN,
        JTCP,
        PEER,
        segment(80, 40000, 7001, 1001, TcpFlags.ACK | TcpFlags.PSH, 509, 14),
        TcpState.ESTABLISHED);
  }

  private static void run(LiveLadder l) {
    handshakeAndData(l);
    l.onStateChange(
        5_000_000_000L + 61_000_000_000L,
        JTCP,
        40000,
        PEER,
        80,
        TcpState.TIME_WAIT,
        TcpState.CLOSED);
  }

  @Test
  void aSegmentThatAcknowledgesOneSentAtTheSameInstantFollowsIt() {
    StringWriter text = new StringWriter();
    try (LiveLadder l = new LiveLadder(new PrintWriter(text), false)) {
      handshakeAndData(l);
      long t = 9_000_000_000L;
      // jtcp closes; the kernel's ACK of the FIN comes back within the same loop iteration.
      l.onSegment(
          t,
          Direction.OUT,
          JTCP,
          PEER,
          segment(40000, 80, 1001, 7015, TcpFlags.FIN | TcpFlags.ACK, 1024, 0),
          TcpState.FIN_WAIT_1);
      l.onSegment(
          t,
          Direction.IN,
          JTCP,
          PEER,
          segment(80, 40000, 7015, 1002, TcpFlags.ACK, 509, 0),
          TcpState.FIN_WAIT_2);
    }
    List<String> lines = text.toString().lines().toList();
    assertEquals(
        List.of(
            " 4000.000  FIN-WAIT-1    -- FIN,ACK seq=1 ack=15 win=131072 -->  192.0.2.1:80",
            " 4000.000  FIN-WAIT-2    <-- ACK seq=15 ack=2 win=65152 --  192.0.2.1:80"),
        lines.subList(lines.size() - 2, lines.size()));
  }

  @Test
  void aSentSegmentNothingAnswersIsPrintedByTheTick() {
    StringWriter text = new StringWriter();
    try (LiveLadder l = new LiveLadder(new PrintWriter(text), false)) {
      l.onSegment(
          1,
          Direction.OUT,
          JTCP,
          PEER,
          segment(40000, 80, 1000, 0, TcpFlags.SYN, 65535, 0, SYN_OPTIONS),
          TcpState.SYN_SENT);
      l.tick(); // the loop may still report the segment's cause
      assertEquals("", text.toString());
      l.tick(); // it has moved on
      assertEquals(2, text.toString().lines().count(), text.toString());
    }
  }
}
