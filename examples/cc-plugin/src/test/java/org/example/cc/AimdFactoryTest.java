package org.example.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@link AimdFactory} reads β, and that the services file makes it discoverable. The settings
 * are passed in rather than set with {@link System#setProperty}, so the tests share no global
 * state.
 */
class AimdFactoryTest {
  private static final ConnectionParams PARAMS = new ConnectionParams(1460, true, true, 0);

  @Test
  void betaDefaultsToRenos() {
    AimdFactory f = new AimdFactory(AimdFactory.Setting.read(null, null));
    assertEquals(0.5, f.beta());
    assertTrue(f.description().endsWith("beta=0.5 (default; set $AIMD_BETA to change)"));
  }

  @Test
  void theEnvironmentVariableSetsBeta() {
    AimdFactory f = new AimdFactory(AimdFactory.Setting.read(null, "0.7"));
    assertEquals(0.7, f.beta());
    assertTrue(f.description().endsWith("beta=0.7 (from $AIMD_BETA)"), f.description());
    assertEquals(0.7, ((Aimd) f.create(PARAMS)).beta());
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironment() {
    AimdFactory f = new AimdFactory(AimdFactory.Setting.read(" 0.8 ", "0.7"));
    assertEquals(0.8, f.beta());
    assertTrue(f.description().endsWith("(from -Daimd.beta)"), f.description());
  }

  @Test
  void blankCountsAsUnset() {
    assertEquals(0.7, new AimdFactory(AimdFactory.Setting.read("", "0.7")).beta());
    assertEquals(0.5, new AimdFactory(AimdFactory.Setting.read(" ", "")).beta());
  }

  @ParameterizedTest(name = "AIMD_BETA=''{0}''")
  @ValueSource(strings = {"0,7", "half", "0", "1", "1.5", "-0.5", "NaN", "Infinity"})
  void aBadValueFailsWhenThePlugInLoads(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AimdFactory.Setting.read(null, value));
    assertEquals(
        "$AIMD_BETA must be a number strictly between 0 and 1 (e.g. 0.7), got '" + value + "'",
        e.getMessage());
  }

  @Test
  void aFixedBetaIgnoresTheEnvironment() {
    AimdFactory f = new AimdFactory(0.6);
    assertEquals(0.6, f.beta());
    assertTrue(f.description().endsWith("beta=0.6 (fixed)"), f.description());
    assertThrows(IllegalArgumentException.class, () -> new AimdFactory(1.0));
  }

  @Test
  void createsAFreshAlgorithmPerConnectionWithItsSmss() {
    AimdFactory f = new AimdFactory(0.5);
    Aimd a = (Aimd) f.create(new ConnectionParams(9000, true, true, 0));
    Aimd b = (Aimd) f.create(new ConnectionParams(536, false, false, 0));
    assertEquals(18000, a.cwnd());
    assertEquals(5360, b.cwnd());
    a.onCongestionEvent(CongestionEvent.RTO, 0, 90000, 90000);
    assertEquals(5360, b.cwnd(), "connections share no state");
  }

  @Test
  void theServicesFileRegistersTheFactory() {
    List<CongestionControlFactory> found =
        ServiceLoader.load(CongestionControlFactory.class, getClass().getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals(AimdFactory.NAME))
            .toList();
    assertEquals(1, found.size(), "providers named aimd: " + found);
    assertInstanceOf(AimdFactory.class, found.getFirst());
  }

  @Test
  void theCoresRegistryAcceptsTheName() {
    CongestionRegistry r = CongestionRegistry.discover(getClass().getClassLoader());
    assertInstanceOf(AimdFactory.class, r.resolve("aimd"));
    CongestionRegistry.Entry e =
        r.entries().stream().filter(x -> x.name().equals("aimd")).findFirst().orElseThrow();
    assertTrue(e.source().startsWith("plug-in org.example.cc.AimdFactory from "), e.source());
    assertTrue(r.contains("reno"), "the plug-in joins the built-ins: " + r.names());
  }
}
