package io.jtcp.core.fsm;

import static io.jtcp.core.fsm.Action.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransitionTableTest {
  private final TransitionTable table = TransitionTable.rfc9293();

  @Test
  void everyStateEventPairEndsInAnUnconditionalRow() {
    for (TcpState s : TcpState.values()) {
      for (TcpEvent e : TcpEvent.values()) {
        List<Transition> rows = table.rows(s, e);
        assertFalse(rows.isEmpty(), s + " x " + e + " has no row");
        assertEquals(Guard.ALWAYS, rows.getLast().guard(), s + " x " + e + " has no fallback row");
        Set<Guard> seen = new HashSet<>();
        for (Transition t : rows) {
          assertTrue(seen.add(t.guard()), s + " x " + e + " repeats guard " + t.guard());
          assertEquals(s, t.state());
          assertEquals(e, t.event());
        }
      }
    }
  }

  @Test
  void userCallsNeverDiscardAndSegmentsNeverFailACall() {
    for (Transition t : table.all()) {
      if (t.event().kind() == TcpEvent.Kind.SEGMENT) {
        assertFalse(t.has(FAIL_CALL), t.toString());
      } else {
        assertFalse(t.has(DISCARD), t.toString());
      }
    }
  }

  @Test
  void everyRowThatDeletesTheTcbEndsInClosed() {
    for (Transition t : table.all()) {
      if (t.has(DELETE_TCB)) {
        assertEquals(TcpState.CLOSED, t.next(), t.toString());
      }
    }
  }

  @Test
  void theClassicPathsReadAsTheRfcSays() {
    assertEquals(
        TcpState.SYN_SENT, table.lookup(TcpState.CLOSED, TcpEvent.OPEN_ACTIVE, g -> false).next());
    Transition synAck =
        table.lookup(TcpState.SYN_SENT, TcpEvent.SYN_ACK, g -> g == Guard.ACK_ACCEPTABLE);
    assertEquals(TcpState.ESTABLISHED, synAck.next());
    assertTrue(synAck.has(SEND_ACK));
    Transition badSynAck = table.lookup(TcpState.SYN_SENT, TcpEvent.SYN_ACK, g -> false);
    assertEquals(List.of(SEND_RST, DISCARD), badSynAck.actions());
    assertEquals(
        TcpState.CLOSING, table.lookup(TcpState.FIN_WAIT_1, TcpEvent.FIN, g -> false).next());
    assertEquals(
        TcpState.FIN_WAIT_2,
        table.lookup(TcpState.FIN_WAIT_1, TcpEvent.ACK, g -> g == Guard.FIN_ACKED).next());
    assertEquals(
        TcpState.TIME_WAIT, table.lookup(TcpState.FIN_WAIT_2, TcpEvent.FIN, g -> false).next());
    assertEquals(
        TcpState.TIME_WAIT,
        table.lookup(TcpState.TIME_WAIT, TcpEvent.RST, g -> g == Guard.RST_EXACT).next(),
        "RFC 1337: RST does not end TIME-WAIT");
    assertEquals(
        List.of(SEND_CHALLENGE_ACK, DISCARD),
        table.lookup(TcpState.ESTABLISHED, TcpEvent.RST, g -> g == Guard.RST_IN_WINDOW).actions());
    assertEquals(
        List.of(SEND_CHALLENGE_ACK, DISCARD),
        table.lookup(TcpState.ESTABLISHED, TcpEvent.SYN, g -> false).actions());
    assertEquals(
        "connection closing", table.lookup(TcpState.FIN_WAIT_2, TcpEvent.SEND, g -> false).error());
  }

  @Test
  void renderingShowsEveryRow() {
    String text = TableFormat.render(table.all());
    assertTrue(text.startsWith("STATE"));
    assertEquals(table.all().size() + 1 + TcpState.values().length - 1, text.lines().count());
    assertTrue(text.contains("SYN-SENT"), text);
    assertTrue(text.contains("9293 §3.10.7.3"), text);
  }
}
