package io.jtcp.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Socket options set by their C names, as {@code jtcp --option NAME=VALUE} does. */
class SocketOptionsByNameTest {
  private static final SocketOptions D = SocketOptions.DEFAULTS;

  @Test
  void everyNameSetsItsOption() {
    assertTrue(D.with("TCP_NODELAY", "1").noDelay());
    assertTrue(D.with("tcp_quickack", "true").quickAck());
    assertTrue(D.with("SO_KEEPALIVE", "on").keepAlive());
    assertTrue(D.with("SO_REUSEADDR", "1").reuseAddress());
    assertEquals(0, D.with("SO_LINGER", "0").lingerSeconds());
    assertEquals(65536, D.with("SO_RCVBUF", "65536").receiveBuffer());
    assertEquals(4096, D.with("SO_SNDBUF", "4096").sendBuffer());
    assertEquals(Duration.ofMillis(1500), D.with("SO_RCVTIMEO", "1.5").receiveTimeout());
    assertEquals(Duration.ofSeconds(2), D.with("SO_SNDTIMEO", "2").sendTimeout());
    assertEquals(Duration.ofSeconds(3), D.with("CONNECT_TIMEOUT", "3").connectTimeout());
    assertEquals(12, D.with("IP_TTL", "12").ttl());
    assertEquals("reno", D.with("TCP_CONGESTION", "reno").congestionControl());
    assertEquals(false, D.with("TCP_NODELAY", "1").with("TCP_NODELAY", "0").noDelay());
  }

  @Test
  void namesListsEveryOptionWithKnows() {
    for (String name : SocketOptions.NAMES) {
      String value = name.equals("TCP_CONGESTION") ? "reno" : "1";
      D.with(name, value); // no exception: each listed name is known
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> D.with("SO_BROADCAST", "1"));
    assertEquals(
        "unknown socket option 'SO_BROADCAST'; known: " + String.join(", ", SocketOptions.NAMES),
        e.getMessage());
  }

  @Test
  void badValuesSayWhatTheOptionTakes() {
    assertEquals(
        "TCP_NODELAY takes 1 or 0; got 'yes'",
        assertThrows(IllegalArgumentException.class, () -> D.with("TCP_NODELAY", "yes"))
            .getMessage());
    assertEquals(
        "SO_RCVBUF takes a number; got 'big'",
        assertThrows(IllegalArgumentException.class, () -> D.with("SO_RCVBUF", "big"))
            .getMessage());
    assertEquals(
        "IP_TTL must be in [1, 255]; got 0",
        assertThrows(IllegalArgumentException.class, () -> D.with("IP_TTL", "0")).getMessage());
  }
}
