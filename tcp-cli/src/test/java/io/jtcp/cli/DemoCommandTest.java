package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void demo_drawsHandshakeExchangeAndFourWayCloseWithTextbookNumbers() {
    assertEquals(0, run("demo", "--isn", "100:300"), err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(1).matches("\\s+CLOSED\\s+LISTEN"), lines.get(1));
    assertTrue(
        lines
            .get(2)
            .matches(
                "\\s+0\\.000\\s+SYN-SENT\\s+-- SYN seq=100 win=65535"
                    + " mss=1460.*-->\\s+SYN-RECEIVED"),
        lines.get(2));
    assertTrue(
        lines
            .get(3)
            .matches(
                "\\s+10\\.000\\s+ESTABLISHED\\s+<-- SYN,ACK seq=300 ack=101 .*--\\s+SYN-RECEIVED"),
        lines.get(3));
    assertTrue(
        lines
            .get(4)
            .matches("\\s+20\\.000\\s+ESTABLISHED\\s+-- ACK seq=101 ack=301 .*-->\\s+ESTABLISHED"),
        lines.get(4));
    String text = out.toString();
    String[] order = {"FIN-WAIT-1", "CLOSE-WAIT", "FIN-WAIT-2", "LAST-ACK", "TIME-WAIT", "CLOSED"};
    int at = 0;
    for (String state : order) {
      int next = text.indexOf(state, at);
      assertTrue(next > 0, state + " after position " + at + " in\n" + text);
      at = next;
    }
    assertTrue(text.contains("server read \"Hello, Server!\""), text);
    assertTrue(text.contains("server answered \"Hello, Client!\""), text);
    assertTrue(text.contains("both ends CLOSED at 60.060 s"), text);
  }

  @Test
  void demo_relativeNumbersByDefault() {
    assertEquals(0, run("demo"), err.toString());
    assertTrue(out.toString().contains("-- SYN seq=0 "), out.toString());
    assertTrue(out.toString().contains("<-- SYN,ACK seq=0 ack=1 "), out.toString());
  }

  @Test
  void demo_badIsnIsAUsageError() {
    assertEquals(2, run("demo", "--isn", "100"));
    assertTrue(err.toString().contains("--isn takes CLIENT:SERVER"), err.toString());
  }

  @Test
  void fsm_printsTheTableAndFilters() {
    assertEquals(0, run("fsm", "--state", "time-wait", "--event", "RST"));
    String text = out.toString();
    assertTrue(text.startsWith("STATE"), text);
    assertTrue(text.contains("TIME-WAIT  RST"), text);
    assertTrue(text.contains("1337"), text);
    assertEquals(2, text.lines().count(), text);
  }

  @Test
  void fsm_unknownStateNamesTheValidOnes() {
    assertEquals(2, run("fsm", "--state", "NAPPING"));
    assertTrue(err.toString().contains("valid: CLOSED, LISTEN, SYN_SENT"), err.toString());
  }

  @Test
  void demo_json_isOneObjectWithEverySegment() {
    assertEquals(0, run("demo", "--json", "--isn", "100:300"), err.toString());
    String text = out.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(
        text.startsWith("{\"client\":\"192.0.2.1\",\"server\":\"192.0.2.2:80\",\"segments\":[{"),
        text);
    assertTrue(text.contains("\"flags\":\"SYN\",\"seq\":100,\"ack\":null"), text);
    assertTrue(
        text.contains("\"sender_state\":\"SYN-SENT\",\"receiver_state\":\"SYN-RECEIVED\""), text);
    assertTrue(text.endsWith("\"closed_at_s\":60.06,\"ok\":true}"), text);
  }
}
