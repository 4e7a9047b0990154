package io.jtcp.core.engine;

import static io.jtcp.core.engine.Script.*;
import static io.jtcp.core.fsm.TcpState.*;
import static io.jtcp.core.wire.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jtcp.core.api.PortInUseException;
import io.jtcp.core.api.SocketOptions;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Binding ports: SO_REUSEADDR against TIME-WAIT, and ephemeral ports (ip_local_port_range). */
class PortsTest {
  private final Script s = new Script();

  /** Port 80's listener is closed; its last connection holds TIME-WAIT. */
  private Connection timeWaitOnPort80() throws Exception {
    Connection c = s.timeWait();
    Listener old = Objects.requireNonNull(c.parent);
    s.run(old::close);
    assertEquals(TIME_WAIT, c.state());
    assertEquals(0, s.stack.listenerCount());
    return c;
  }

  @Test
  void listen_portHeldByTimeWait_portInUseWithoutReuseAddress() throws Exception {
    timeWaitOnPort80();
    PortInUseException e =
        assertThrows(
            PortInUseException.class,
            () -> s.run(n -> s.stack.listen(LOCAL_PORT, 8, SocketOptions.DEFAULTS, n)));
    assertEquals(
        "port 80 is in use by connections in TIME-WAIT: set SO_REUSEADDR to bind it",
        e.getMessage());
  }

  @Test
  void listen_portHeldByTimeWait_boundWithReuseAddress() throws Exception {
    Connection old = timeWaitOnPort80();
    SocketOptions reuse = SocketOptions.DEFAULTS.withReuseAddress(true);
    Listener l = s.call(n -> s.stack.listen(LOCAL_PORT, 8, reuse, n));
    assertEquals(TIME_WAIT, old.state(), "binding does not disturb TIME-WAIT");
    s.peerPort = REMOTE_PORT + 1; // a new client
    s.synReceived(l);
    s.recv(seg(ACK).seq(IRS + 1).ack(ISS + 1));
    assertEquals(ESTABLISHED, Objects.requireNonNull(l.accept()).state());
  }

  @Test
  void listen_portHeldByTimeWait_freeAfterTwoMsl() throws Exception {
    timeWaitOnPort80();
    s.advance(60_000);
    assertEquals(0, s.stack.connectionCount());
    s.call(n -> s.stack.listen(LOCAL_PORT, 8, SocketOptions.DEFAULTS, n));
    assertEquals(1, s.stack.listenerCount());
  }

  @Test
  void listen_portHeldByLiveConnection_portInUse() throws Exception {
    Connection c = s.established();
    s.run(Objects.requireNonNull(c.parent)::close);
    PortInUseException e =
        assertThrows(
            PortInUseException.class,
            () ->
                s.run(
                    n ->
                        s.stack.listen(
                            LOCAL_PORT, 8, SocketOptions.DEFAULTS.withReuseAddress(true), n)));
    assertEquals("port 80 is in use", e.getMessage());
  }

  @Test
  void listen_portWithListener_portInUse() {
    s.listening();
    assertThrows(
        PortInUseException.class,
        () ->
            s.run(
                n ->
                    s.stack.listen(
                        LOCAL_PORT, 8, SocketOptions.DEFAULTS.withReuseAddress(true), n)));
  }

  /**
   * With three ephemeral ports, one held by a connection in TIME-WAIT and one by a listener, a new
   * connection gets the third, and then there is none.
   */
  @Test
  void connect_ephemeralPorts_skipPortsInUseAndTimeWait() throws Exception {
    Script p = new Script(PLAIN.with("ip_local_port_range", "40000 40002"));
    Connection first = p.activeEstablished();
    int timeWaitPort = first.localPort();
    p.close(first);
    p.expect(seg(ACK | FIN).seq(ISS + 1).ack(IRS + 1));
    p.recv(seg(ACK | FIN).seq(IRS + 1).ack(ISS + 2));
    p.expect(seg(ACK).seq(ISS + 2).ack(IRS + 2));
    assertEquals(TIME_WAIT, first.state());
    int listenPort = 40000 + (timeWaitPort - 40000 + 1) % 3;
    p.call(n -> p.stack.listen(listenPort, 8, SocketOptions.DEFAULTS, n));

    Connection second = p.synSent();
    Set<Integer> used = new HashSet<>(Set.of(timeWaitPort, listenPort, second.localPort()));
    assertEquals(Set.of(40000, 40001, 40002), used, "the new connection took the free port");

    PortInUseException e =
        assertThrows(
            PortInUseException.class,
            () -> p.run(n -> p.stack.connect(REMOTE, REMOTE_PORT, SocketOptions.DEFAULTS, n)));
    assertEquals(
        "no free local port in ip_local_port_range 40000-40002 to reach 192.0.2.2:40000",
        e.getMessage());

    p.advance(60_000); // TIME-WAIT ends; the second connection is still resending its SYN
    Connection third = p.call(n -> p.stack.connect(REMOTE, REMOTE_PORT, SocketOptions.DEFAULTS, n));
    assertEquals(timeWaitPort, third.localPort(), "the port is free again after 2MSL");
  }

  @Test
  void connect_ephemeralPort_servesEveryDestinationOnce() throws Exception {
    // One port in the range: Linux's connect() shares it among destinations, since a connection
    // is its four-tuple; a second connection to the same destination finds none.
    Script p = new Script(PLAIN.with("ip_local_port_range", "40000 40000"));
    Connection a = p.call(n -> p.stack.connect(REMOTE, 80, SocketOptions.DEFAULTS, n));
    Connection b = p.call(n -> p.stack.connect(REMOTE, 81, SocketOptions.DEFAULTS, n));
    Connection c =
        p.call(
            n ->
                p.stack.connect(
                    io.jtcp.core.wire.Ipv4Address.parse("192.0.2.77"),
                    80,
                    SocketOptions.DEFAULTS,
                    n));
    assertEquals(40000, a.localPort());
    assertEquals(40000, b.localPort());
    assertEquals(40000, c.localPort());
    PortInUseException e =
        assertThrows(
            PortInUseException.class,
            () -> p.run(n -> p.stack.connect(REMOTE, 80, SocketOptions.DEFAULTS, n)));
    assertEquals(
        "no free local port in ip_local_port_range 40000-40000 to reach 192.0.2.2:80",
        e.getMessage());
  }
}
