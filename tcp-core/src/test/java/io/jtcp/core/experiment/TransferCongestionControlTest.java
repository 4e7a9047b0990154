package io.jtcp.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.CongestionControlFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TransferSpec#congestionControl()}: it selects what both stacks run, and it replays. */
class TransferCongestionControlTest {
  /** The core's reno plus {@link FixedWindow}, found as a plug-in is. */
  private static CongestionRegistry withFixedWindow(Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(CongestionControlFactory.class.getName()),
        FixedWindow.class.getName() + "\n");
    return CongestionRegistry.discover(
        new URLClassLoader(
            new URL[] {dir.toUri().toURL()}, TransferCongestionControlTest.class.getClassLoader()));
  }

  @Test
  void theDefault_isRenoTheEnginesOwn_andTheResultSaysSo() {
    assertEquals("reno", TransferSpec.of(1).congestionControl());
    TransferResult r = Transfer.run(TransferSpec.of(100_000));
    assertTrue(r.ok(), r.toString());
    assertEquals("reno", r.congestionControl());
    assertEquals("reno", r.sender().congestionControl());
  }

  @Test
  void theNamedAlgorithm_isTheOneThatRuns(@TempDir Path dir) throws IOException {
    CongestionRegistry registry = withFixedWindow(dir);
    TransferSpec spec = TransferSpec.of(1 << 20).withRttMillis(20);
    TransferResult fixed =
        Transfer.run(
            spec.withCongestionControl(FixedWindow.NAME), registry, Duration.ofMillis(100));
    TransferResult reno = Transfer.run(spec, registry, Duration.ofMillis(100));
    assertTrue(fixed.ok() && reno.ok(), fixed.failure() + " " + reno.failure());
    assertEquals(FixedWindow.NAME, fixed.congestionControl());
    assertEquals("reno", reno.congestionControl());
    long window = FixedWindow.SEGMENTS * 1448L;
    for (FlowSample s : fixed.samples()) {
      if (s.state() == TcpState.ESTABLISHED) {
        assertEquals(window, s.cwndBytes(), s.toString());
        assertTrue(s.inflightBytes() <= window, s.toString());
      }
    }
    assertTrue(reno.samples().stream().anyMatch(s -> s.cwndBytes() > 4 * window), "reno's grows");
    // Ten segments per 20 ms round trip is 5.8 Mbit/s; reno fills far more of 100 Mbit/s.
    assertTrue(fixed.goodputBps() < 6e6, fixed.toString());
    assertTrue(reno.goodputBps() > 3 * fixed.goodputBps(), reno.toString());
    assertEquals(fixed.sentSha256(), reno.sentSha256(), "the same bytes, however they went");
  }

  @Test
  void anUnknownName_failsBeforeTheRun_listingTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transfer.run(TransferSpec.of(1).withCongestionControl("vegas")));
    assertEquals("unknown congestion control 'vegas'; available: reno", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> TransferSpec.of(1).withCongestionControl("Reno!"));
  }

  @Test
  void theCommandLine_alwaysNamesTheAlgorithm_andTheSysctlGivesWay() {
    assertEquals(
        "jtcp sim transfer --bytes 1 --cc cubic --rtt 50 --rate 100 --seed 1",
        TransferSpec.of(1).withCongestionControl("cubic").commandLine());
    TransferSpec spec =
        TransferSpec.of(1)
            .withSysctls(Sysctls.LINUX.with("tcp_congestion_control", "newreno"))
            .withCongestionControl("reno");
    assertEquals(
        List.of("--bytes", "1", "--cc", "reno", "--rtt", "50", "--rate", "100", "--seed", "1"),
        spec.arguments(),
        "--cc carries the algorithm; a --sysctl would contradict it");
    assertEquals("reno", spec.stackSysctls(spec.clientSysctls()).congestionControl());
    assertEquals(
        spec.tunedFor(spec.clientSysctls()).rmemMax(),
        spec.stackSysctls(spec.clientSysctls()).rmemMax());
  }

  @Test
  void sampling_readsWithoutChangingTheRun() {
    TransferSpec spec = TransferSpec.of(2 << 20).withLoss(0.01).withSeed(5);
    TransferResult plain = Transfer.run(spec);
    TransferResult sampled =
        Transfer.run(spec, CongestionRegistry.builtIn(), Duration.ofMillis(10));
    assertTrue(plain.samples().isEmpty());
    assertEquals(plain.durationNanos(), sampled.durationNanos());
    assertEquals(plain.endNanos(), sampled.endNanos());
    assertEquals(plain.sender(), sampled.sender());
    assertEquals(plain.network(), sampled.network());

    List<FlowSample> s = sampled.samples();
    for (int i = 0; i < s.size() - 1; i++) {
      assertEquals(i * 10_000_000L, s.get(i).timeNanos(), "on the grid");
    }
    assertEquals(sampled.endNanos(), s.getLast().timeNanos(), "and once at the end");
    assertTrue(s.getLast().timeNanos() - s.get(s.size() - 2).timeNanos() <= 10_000_000L);
    assertEquals(TcpState.SYN_SENT, s.getFirst().state());
    assertEquals(2 << 20, s.getLast().deliveredBytes());
    for (int i = 1; i < s.size(); i++) {
      assertTrue(s.get(i).deliveredBytes() >= s.get(i - 1).deliveredBytes());
    }
    assertTrue(s.stream().anyMatch(x -> x.ssthreshBytes() > 0), "the losses set ssthresh");
    assertTrue(s.stream().anyMatch(x -> x.inflightBytes() > 0));
    assertFalse(s.stream().anyMatch(x -> x.inflightBytes() > 4L << 20), "no wrap-around");
  }

  @Test
  void aFailingTransfer_failsAlikeWhenSampled() {
    TransferSpec spec = TransferSpec.of(1000).withLoss(1);
    TransferResult sampled =
        Transfer.run(spec, CongestionRegistry.builtIn(), Duration.ofSeconds(1));
    assertEquals(Transfer.run(spec).failure(), sampled.failure());
    assertTrue(sampled.failure().contains("timed out"), sampled.failure());
  }
}
