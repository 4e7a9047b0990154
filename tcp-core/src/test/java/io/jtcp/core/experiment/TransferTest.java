package io.jtcp.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.fsm.TcpState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferTest {
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void cleanPath_deliversEveryByteAndClosesBothEnds() {
    int size = 2 * Payload.BLOCK + 1000; // the writes cross payload blocks
    TransferResult r = Transfer.run(TransferSpec.of(size));
    assertNull(r.failure());
    assertTrue(r.match(), r.toString());
    assertTrue(r.ok());
    assertEquals(size, r.bytesReceived());
    assertEquals(r.sentSha256(), r.receivedSha256());
    assertEquals(TcpState.TIME_WAIT, r.sender().state());
    assertNotNull(r.receiver());
    assertEquals(TcpState.CLOSED, r.receiver().state());
    assertTrue(r.sackNegotiated());
    assertTrue(r.segmentsSent() >= size / 1460, r.toString());
    // A handshake and a few windows at 50 ms each: more than one RTT, well under a second.
    assertTrue(r.simSeconds() > 0.1 && r.simSeconds() < 1, r.toString());
    assertEquals(r.bytes() * 8 / r.simSeconds(), r.goodputBps(), 1e-6);
  }

  @Test
  void sameSpec_sameResult() {
    TransferSpec spec = TransferSpec.of(20_000).withRttMillis(30).withJitterMillis(3).withSeed(9);
    assertEquals(Transfer.run(spec), Transfer.run(spec));
  }

  @Test
  void seed_choosesThePayload() {
    TransferResult one = Transfer.run(TransferSpec.of(1000).withSeed(1));
    TransferResult two = Transfer.run(TransferSpec.of(1000).withSeed(2));
    assertNotEquals(one.sentSha256(), two.sentSha256());
  }

  @Test
  void zeroBytes_isAHandshakeAndAClose() {
    TransferResult r = Transfer.run(TransferSpec.of(0));
    assertTrue(r.ok(), String.valueOf(r.failure()));
    assertEquals(EMPTY_SHA256, r.sentSha256());
    assertEquals(EMPTY_SHA256, r.receivedSha256());
    assertEquals(0, r.goodputBps(), 0);
  }

  @Test
  void deadPath_failsWithTheClientsErrorAndHowFarItGot() {
    TransferResult r = Transfer.run(TransferSpec.of(1000).withLoss(1));
    assertFalse(r.ok());
    assertFalse(r.match());
    assertNotNull(r.failure());
    assertTrue(
        r.failure().startsWith("the client's connection failed: "), String.valueOf(r.failure()));
    assertTrue(
        r.failure()
            .endsWith(
                "the client wrote 0 of 1000 bytes and is CLOSED; the server accepted no"
                    + " connection"),
        r.failure());
    assertNull(r.receiver());
    assertEquals(EMPTY_SHA256, r.receivedSha256());
  }

  @Test
  void timeLimit_endsAnUnfinishedTransferWithAFailure() {
    TransferResult r =
        Transfer.run(TransferSpec.of(1000).withLoss(1).withTimeLimit(Duration.ofSeconds(10)));
    assertEquals(
        "the transfer did not finish within 10 s of simulated time; the client wrote 0 of 1000"
            + " bytes and is SYN-SENT; the server accepted no connection",
        r.failure());
    assertEquals(10_000_000_000L, r.endNanos());
  }

  @Test
  void commandLine_namesTheSizePathSeedAndEveryImpairmentThatIsOn() {
    assertEquals(
        "jtcp sim transfer --bytes 1048576 --cc reno --rtt 50 --rate 100 --seed 1",
        TransferSpec.of(1 << 20).commandLine());
    TransferSpec spec =
        TransferSpec.of(123)
            .withRttMillis(12.5)
            .withRateMbps(0)
            .withQueuePackets(40)
            .withLoss(0.02)
            .withBurstLoss(0.01, 3)
            .withReorder(0.1)
            .withDuplicate(0.05)
            .withCorrupt(0.0001)
            .withJitterMillis(2)
            .withTimeLimit(Duration.ofMillis(1500))
            .withSeed(-7);
    assertEquals(
        "jtcp sim transfer --bytes 123 --cc reno --rtt 12.5 --rate 0 --queue 40 --loss 0.02"
            + " --burst-loss 0.01,3 --reorder 0.1 --duplicate 0.05 --corrupt 0.0001 --jitter 2"
            + " --time-limit 1.5 --seed -7",
        spec.commandLine());
  }

  @Test
  void commandLine_namesTheSysctlsBothEndsChangeAndQuotesWhatTheShellWouldSplit() {
    Sysctls s = Sysctls.LINUX.with("tcp_sack", "0").with("ip_local_port_range", "1000 2000");
    assertEquals(
        "jtcp sim transfer --bytes 1 --cc reno --rtt 50 --rate 100 --sysctl tcp_sack=0 --sysctl"
            + " 'ip_local_port_range=1000 2000' --seed 1",
        TransferSpec.of(1).withSysctls(s).commandLine());
    assertEquals(
        List.of("--bytes", "1", "--cc", "reno", "--rtt", "50", "--rate", "100", "--seed", "1"),
        TransferSpec.of(1).withSysctls(s, Sysctls.LINUX).arguments());
  }

  @Test
  void sysctls_reachTheStacks() {
    TransferResult r =
        Transfer.run(TransferSpec.of(1000).withSysctls(Sysctls.LINUX.with("tcp_sack", "0")));
    assertTrue(r.ok(), String.valueOf(r.failure()));
    assertFalse(r.sackNegotiated());
  }

  @Test
  void plain_isTheShortestDecimalThatParsesBack() {
    for (double d : new double[] {0, 1, 50, 0.02, 1e-7, 0.1 + 0.2, 123456.789, 3e9}) {
      String s = TransferSpec.plain(d);
      assertFalse(s.contains("E"), s);
      assertEquals(d, Double.parseDouble(s), s);
    }
  }

  @Test
  void queueAndBufferMaxima_followTheBandwidthDelayProduct() {
    TransferSpec spec = TransferSpec.of(1).withRttMillis(400); // 100 Mbit/s x 400 ms = 5 MB
    assertEquals(5_000_000, spec.bdpBytes());
    assertEquals(3334, spec.queueLimitPackets());
    Sysctls tuned = spec.tunedFor(Sysctls.LINUX);
    assertEquals(10_000_000, tuned.rmemMax());
    assertEquals(10_000_000, tuned.wmemMax());
    assertEquals(Sysctls.LINUX.rmemDefault(), tuned.rmemDefault());
    TransferSpec lan = spec.withRttMillis(1); // 12500 bytes: Linux's maxima are plenty
    assertEquals(TransferSpec.MIN_AUTO_QUEUE_PACKETS, lan.queueLimitPackets());
    assertEquals(Sysctls.LINUX, lan.tunedFor(Sysctls.LINUX));
    TransferSpec unlimited = spec.withRateMbps(0);
    assertEquals(0, unlimited.queueLimitPackets());
    assertEquals(Sysctls.LINUX, unlimited.tunedFor(Sysctls.LINUX));
    Sysctls huge = spec.withRateMbps(100_000).withRttMillis(1000).tunedFor(Sysctls.LINUX);
    assertEquals(TransferSpec.MAX_TUNED_BUFFER, huge.rmemMax());
  }

  @Test
  void invalidSpecs_nameWhatIsWrong() {
    TransferSpec spec = TransferSpec.of(1);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> spec.withLoss(1.5))
            .getMessage()
            .startsWith("loss must be in [0, 1]"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> spec.withBytes(-1))
            .getMessage()
            .startsWith("bytes must be >= 0"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> spec.withBurstLoss(0.9, 1))
            .getMessage()
            .contains("cannot come in bursts of 1.0 packets"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> spec.withRttMillis(Double.NaN))
            .getMessage()
            .startsWith("rttMillis must be in [0, 3600000]"));
  }
}
