package io.jtcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.congestion.Reno;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module's algorithms reach the core's registry from the class path alone. */
class BuiltinCatalogTest {
  @Test
  void registryOnTheClassPath_listsTheCoresAndThisModulesAlgorithms() {
    CongestionRegistry r = CongestionRegistry.discover();
    assertTrue(r.names().containsAll(java.util.List.of("cubic", "newreno", "reno")), r.toString());
    Map<String, String> sources = new java.util.TreeMap<>();
    r.entries().forEach(e -> sources.put(e.name(), e.source()));
    assertEquals("built-in (tcp-congestion)", sources.get("cubic"));
    assertEquals("built-in (tcp-congestion)", sources.get("newreno"));
    assertEquals("built-in (tcp-core)", sources.get("reno"));
    assertSame(Cubic.FACTORY, r.resolve("cubic"));
  }

  @Test
  void catalogKeys_areTheFactoriesNames() {
    new BuiltinCatalog().factories().forEach((k, f) -> assertEquals(k, f.name()));
  }

  @Test
  void linuxDefaults_giveCubic_andAConnectionMayAskForAnother() throws IOException {
    try (InMemoryLinkPair link = new InMemoryLinkPair()) {
      Stack s =
          new Stack(
              Ipv4Address.parse("192.0.2.1"),
              link.a(),
              Sysctls.LINUX,
              IsnGenerator.fixed(1),
              new SynCookies(1, 2),
              PacketObserver.NONE,
              0);
      s.setCongestionRegistry(CongestionRegistry.discover());
      assertSame(Cubic.FACTORY, s.congestionControl());
      var c =
          s.connect(
              Ipv4Address.parse("192.0.2.2"),
              80,
              SocketOptions.DEFAULTS.withCongestionControl("newreno"),
              0);
      assertEquals("newreno", c.info().congestionControl());
      assertSame(NewReno.FACTORY, s.congestionRegistry().resolve("newreno"));
      assertTrue(
          NewReno.FACTORY.create(new io.jtcp.core.spi.ConnectionParams(1448, true, true, 0))
              instanceof Reno);
    }
  }
}
