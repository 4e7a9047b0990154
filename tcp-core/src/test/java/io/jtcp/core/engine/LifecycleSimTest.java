package io.jtcp.core.engine;

import static io.jtcp.core.fsm.TcpState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jtcp.core.api.ConnectionRefusedException;
import org.junit.jupiter.api.Test;

/** Whole connections between two stacks on the simulated network, in virtual time. */
class LifecycleSimTest {

  @Test
  void handshakeRequestResponseAndFourWayClose() {
    SimPair p = new SimPair();
    Listener l = p.listen(80);
    Connection c = p.connect(80);
    assertEquals(SYN_SENT, c.state());
    p.run(15);
    assertEquals(SYN_SENT, c.state(), "the SYN-ACK is still on its way");
    p.run(10);
    assertEquals(ESTABLISHED, c.state());
    assertNull(l.accept(), "the server's child completes when the third segment arrives");
    p.run(10);
    Connection s = l.accept();
    assertNotNull(s);
    assertEquals(ESTABLISHED, s.state());

    p.at(now -> c.write(SimPair.bytes("GET /"), 0, 5, now));
    p.run(20);
    assertEquals("GET /", p.readAll(s));
    p.at(now -> s.write(SimPair.bytes("Hello, Client!"), 0, 14, now));
    p.run(20);
    assertEquals("Hello, Client!", p.readAll(c));

    p.at(
        now -> {
          c.close(now);
          return null;
        });
    assertEquals(FIN_WAIT_1, c.state());
    p.run(15);
    assertEquals(CLOSE_WAIT, s.state(), "the FIN arrived after one 10 ms hop");
    assertEquals(FIN_WAIT_1, c.state(), "its ACK is on the way back");
    p.run(10);
    assertEquals(FIN_WAIT_2, c.state());
    int eof = p.at(now -> s.read(new byte[10], 0, 10, now));
    assertEquals(-1, eof, "end of stream after the FIN");
    p.at(
        now -> {
          s.close(now);
          return null;
        });
    assertEquals(LAST_ACK, s.state());
    p.run(15);
    assertEquals(TIME_WAIT, c.state());
    p.run(10);
    assertEquals(CLOSED, s.state());
    assertEquals(0, p.server.connectionCount());
    assertEquals(1, p.client.connectionCount(), "the client holds TIME-WAIT");
    p.run(60_000);
    assertEquals(CLOSED, c.state(), "2MSL later");
    assertEquals(0, p.client.connectionCount());
    System.out.println(String.join("\n", p.log));
  }

  @Test
  void connectToAClosedPortIsRefused() {
    SimPair p = new SimPair();
    Connection c = p.connect(81);
    p.run(50);
    assertEquals(CLOSED, c.state());
    assertInstanceOf(ConnectionRefusedException.class, c.error());
    assertEquals("connection refused by 192.0.2.2:81", c.error().getMessage());
  }
}
