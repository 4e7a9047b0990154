package io.jtcp.core.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.StackConfig;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.ConnectionParams;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CongestionRegistryTest {

  /** A test algorithm with a name of the test's choosing. */
  public static final class Named implements CongestionControlFactory {
    private final String name;

    public Named() {
      this("fixed");
    }

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "a test algorithm";
    }

    @Override
    public CongestionControl create(ConnectionParams params) {
      return new Reno(params.smss());
    }
  }

  /** The same name as the core's own algorithm. */
  public static final class FakeReno implements CongestionControlFactory {
    @Override
    public String name() {
      return "reno";
    }

    @Override
    public String description() {
      return "an impostor";
    }

    @Override
    public CongestionControl create(ConnectionParams params) {
      return new Reno(params.smss());
    }
  }

  /** A class loader that sees a services file naming {@code classes}, as a plug-in jar would. */
  private static ClassLoader withServices(Path dir, Class<?>... classes) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder lines = new StringBuilder();
    for (Class<?> c : classes) {
      lines.append(c.getName()).append('\n');
    }
    Files.writeString(services.resolve(CongestionControlFactory.class.getName()), lines);
    return new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, CongestionRegistryTest.class.getClassLoader());
  }

  @Test
  void builtIn_isTheCoresReno_boundThroughDagger() {
    CongestionRegistry r = CongestionRegistry.builtIn();
    assertEquals(List.of("reno"), List.copyOf(r.names()));
    assertSame(Reno.FACTORY, r.resolve("reno"));
    assertEquals("built-in (tcp-core)", r.entries().get(0).source());
  }

  @Test
  void unknownName_listsWhatIsAvailable_andSaysWhereCubicLives() {
    CongestionRegistry r = CongestionRegistry.builtIn();
    var e = assertThrows(IllegalArgumentException.class, () -> r.resolve("vegas"));
    assertEquals("unknown congestion control 'vegas'; available: reno", e.getMessage());
    var cubic = assertThrows(IllegalArgumentException.class, () -> r.resolve("cubic"));
    assertTrue(cubic.getMessage().contains("add io.jtcp:tcp-congestion"), cubic.getMessage());
  }

  @Test
  void pluginOnTheClassPath_isFound_withItsSource(@TempDir Path dir) throws IOException {
    CongestionRegistry r = CongestionRegistry.discover(withServices(dir, Named.class));
    assertTrue(r.contains("fixed"));
    assertTrue(r.contains("reno"));
    var entry = r.entries().stream().filter(x -> x.name().equals("fixed")).findFirst().get();
    assertTrue(entry.source().startsWith("plug-in " + Named.class.getName()), entry.source());
    assertEquals("a test algorithm", entry.description());
  }

  @Test
  void twoAlgorithmsWithOneName_areAnError_namingBoth(@TempDir Path dir) throws IOException {
    ClassLoader loader = withServices(dir, FakeReno.class);
    var e = assertThrows(IllegalStateException.class, () -> CongestionRegistry.discover(loader));
    assertTrue(
        e.getMessage().startsWith("two congestion controls are named 'reno': built-in (tcp-core)"),
        e.getMessage());
  }

  @Test
  void stack_resolvesTheSysctl_andPerConnectionNames() throws IOException {
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
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> s.setCongestionRegistry(CongestionRegistry.builtIn()));
      assertTrue(e.getMessage().startsWith("unknown congestion control 'cubic'"), e.getMessage());

      var unknown =
          assertThrows(
              IllegalArgumentException.class,
              () -> s.listen(80, 1, SocketOptions.DEFAULTS.withCongestionControl("bbr"), 0));
      assertEquals("unknown congestion control 'bbr'; available: reno", unknown.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () ->
              s.connect(
                  Ipv4Address.parse("192.0.2.2"),
                  80,
                  SocketOptions.DEFAULTS.withCongestionControl("bbr"),
                  0));
      assertEquals(0, s.connectionCount(), "a refused connect leaves nothing behind");
      assertEquals(
          "reno",
          s.connect(
                  Ipv4Address.parse("192.0.2.2"),
                  80,
                  SocketOptions.DEFAULTS.withCongestionControl("reno"),
                  0)
              .info()
              .congestionControl());
    }
  }

  @Test
  void runtime_refusesASysctlNamingAnAbsentAlgorithm_withTheFix() {
    try (InMemoryLinkPair link = new InMemoryLinkPair()) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  io.jtcp.core.api.TcpStack.open(
                      StackConfig.of(Ipv4Address.parse("192.0.2.1")), link.a()));
      assertEquals(
          "unknown congestion control 'cubic' (cubic is in tcp-congestion: add"
              + " io.jtcp:tcp-congestion to the class path); available: reno",
          e.getMessage());
    }
  }
}
