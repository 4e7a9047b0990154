package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressTest {
  @Test
  void ipv4RoundTripsAndRejectsWithTheExpectedForm() {
    assertEquals("198.51.100.255", Ipv4Address.parse("198.51.100.255").toString());
    assertEquals(0xC0000201, Ipv4Address.parse("192.0.2.1").bits());
    for (String bad :
        new String[] {
          "192.0.2", "192.0.2.256", "a.b.c.d", "1..2.3", "192.0.2.1/24", "0001.0.0.0"
        }) {
      var e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(bad), bad);
      assertTrue(e.getMessage().contains("like 192.0.2.1"), e.getMessage());
    }
  }

  @Test
  void macRoundTripsAndRejectsWithTheExpectedForm() {
    assertEquals("02:00:5e:10:00:01", MacAddress.parse("02-00-5E-10-00-01").toString());
    assertTrue(MacAddress.BROADCAST.isMulticast());
    assertTrue(!MacAddress.parse("02:00:00:00:00:01").isMulticast());
    for (String bad : new String[] {"02:00:00:00:00", "02:00:00:00:00:0g", "2:0:0:0:0:1"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad), bad);
      assertTrue(e.getMessage().contains("six hex bytes"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new MacAddress(1L << 48));
  }

  @Test
  void recordConstructorsExplainMisuse() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TcpSegment(70000, 80, 0, 0, 0, 0, 0, java.util.List.of(), new byte[0]));
    assertEquals("sourcePort must be in [0, 65535]; got 70000", e.getMessage());
    var tooMany = java.util.Collections.nCopies(5, (TcpOption) new TcpOption.Timestamps(1, 2));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TcpSegment(1, 80, 0, 0, 0, 0, 0, tooMany, new byte[0]));
    assertTrue(
        e.getMessage().startsWith("TCP options take at most 40 bytes; these take 50"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new TcpOption.Unknown(TcpOptions.MSS, new byte[2]),
        "MSS-shaped unknown option would not round-trip");
  }
}
