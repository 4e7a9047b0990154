package io.jtcp.core.experiment;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.api.TcpInfo;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import io.jtcp.testkit.Source;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's property: whole transfers between two engine stacks through a hostile simulated network
 * deliver exactly the bytes sent and close cleanly. Sizes run from 0 to 4 MiB, skewed small so that
 * a run stays fast (most under 64 KiB, one in twenty above 512 KiB); RTTs from 1 to 300 ms; rates
 * from 1 Mbit/s to unlimited; and each impairment, on or off independently, up to 20% loss (random
 * and bursty together), 10% reordering, 5% duplication and 1% corruption, on both directions.
 *
 * <p>Every failure names the {@code jtcp sim transfer} command line that replays it exactly (the
 * spec varies only what the command can say). {@code -Djtcp.tries=N} runs more or fewer transfers
 * than the default, {@code -Djtcp.seed=S} replays a run of the property.
 */
class TransferPropertiesTest {
  /**
   * Thousands, as issue 4 asks, and few enough for CI: the mean transfer is about 180 KiB and takes
   * a millisecond or two to simulate, so the default runs in about 10 s on two cores.
   */
  private static final int DEFAULT_TRIES = 5000;

  /**
   * Simulated time a transfer may take: a day. A correct TCP moving 4 MiB through 20% loss in
   * bursts, both ways, recovers mostly by timeouts with backoff and has been seen to need three
   * hours; such runs are cheap, because a backed-off sender sends little. A stuck transfer ends
   * sooner, when the network goes idle or the retries run out.
   */
  private static final Duration TIME_LIMIT = Duration.ofDays(1);

  /**
   * Linux's knobs with patience for a network this hostile: at 20% loss each way, 7 SYNs all fail
   * about once in 1300 connections and an orphan's FIN-WAIT-2 can outlast 60 s of lost FINs; a TCP
   * that gives up there is right, so the retry limits and the FIN-WAIT-2 timeout are raised until
   * only a bug can exhaust them. The command line carries them as {@code --sysctl}.
   */
  static final Sysctls PATIENT =
      Sysctls.LINUX
          .with("tcp_syn_retries", "30")
          .with("tcp_synack_retries", "30")
          .with("tcp_retries2", "30")
          .with("tcp_fin_timeout", "3600");

  /** Shrinking reruns transfers; a few dozen find a simpler case without stalling the build. */
  private static final int SHRINK_BUDGET = 40;

  static final Gen<Long> SIZES =
      Gens.frequency(
          Gens.weighted(40, Gens.longs(0, 16 * 1024)),
          Gens.weighted(35, Gens.longs(16 * 1024, 64 * 1024)),
          Gens.weighted(5, Gens.oneOf(0L, 1L, 1447L, 1448L, 1449L, 65535L, 65536L, 65537L)),
          Gens.weighted(15, Gens.longs(64 * 1024, 512 * 1024)),
          Gens.weighted(5, Gens.longs(512 * 1024, 4 * 1024 * 1024)));

  static final Gen<Double> RATES =
      Gens.frequency(
          Gens.weighted(3, Gens.constant(100.0)),
          Gens.weighted(2, Gens.constant(10.0)),
          Gens.weighted(2, Gens.constant(1000.0)),
          Gens.weighted(1, Gens.constant(1.0)),
          Gens.weighted(1, Gens.constant(0.0)));

  /** Every choice shrinks toward the default path without impairments. */
  static final Gen<TransferSpec> SPECS =
      src -> {
        int rtt = src.intIn(1, 300);
        TransferSpec spec =
            TransferSpec.of(SIZES.generate(src))
                .withRttMillis(rtt)
                .withRateMbps(RATES.generate(src))
                .withQueuePackets(src.bool(0.2) ? src.intIn(8, 200) : 0)
                .withTimeLimit(TIME_LIMIT)
                .withSysctls(PATIENT)
                .withSeed(src.longIn(0, Long.MAX_VALUE));
        // Losses in ten-thousandths, so that the command line shows short decimals.
        int loss = src.bool(0.5) ? src.intIn(1, 2000) : 0;
        spec = spec.withLoss(loss / 1e4);
        // Bursts of at most 2 packets on average. The Gilbert-Elliott chain steps per packet, not
        // per second, so while a backed-off sender sends one retransmission per timeout, and the
        // receiver one ACK, a burst of n packets lasts n timeouts: with a mean of 3 a series of
        // 30 timeouts (an hour) all lost happened about once in 50,000 transfers, which is the
        // model, not a bug.
        if (loss < 2000 && src.bool(0.25)) {
          spec = spec.withBurstLoss(src.intIn(1, 2000 - loss) / 1e4, src.intIn(1, 2));
        }
        return spec.withReorder(rate(src, 0.4, 1000))
            .withDuplicate(rate(src, 0.3, 500))
            .withCorrupt(rate(src, 0.3, 100))
            .withJitterMillis(src.bool(0.25) ? src.intIn(1, Math.max(1, rtt / 4)) : 0);
      };

  private static double rate(Source src, double pOn, int maxTenThousandths) {
    return src.bool(pOn) ? src.intIn(1, maxTenThousandths) / 1e4 : 0;
  }

  @Test
  void transfers_deliverTheExactBytesAndCloseCleanly() {
    Property.forAll(SPECS)
        .tries(tries())
        .shrinkBudget(SHRINK_BUDGET)
        .check(TransferPropertiesTest::deliversAndCloses);
  }

  static void deliversAndCloses(TransferSpec spec) {
    TransferResult r;
    try {
      r = Transfer.run(spec);
    } catch (RuntimeException e) {
      throw new AssertionError("the engine threw " + e + "\n  replay: " + spec.commandLine(), e);
    }
    if (!r.ok()) {
      throw new AssertionError(report(r));
    }
  }

  /** What went wrong, the command that replays it, and the counters that say how. */
  static String report(TransferResult r) {
    StringBuilder sb = new StringBuilder();
    if (r.failure() != null) {
      sb.append(r.failure());
    } else {
      sb.append("the server read ")
          .append(r.bytesReceived())
          .append(" bytes (sha256 ")
          .append(r.receivedSha256())
          .append(") but the client sent ")
          .append(r.bytes())
          .append(" (sha256 ")
          .append(r.sentSha256())
          .append(')');
    }
    sb.append("\n  replay:   ").append(r.spec().commandLine());
    sb.append(String.format(Locale.ROOT, "%n  after:    %.3f s simulated", r.endNanos() / 1e9));
    sb.append("\n  sender:   ").append(counters(r.sender()));
    if (r.receiver() != null) {
      sb.append("\n  receiver: ").append(counters(r.receiver()));
    }
    sb.append("\n  network:  ").append(r.network().frames());
    return sb.toString();
  }

  private static String counters(TcpInfo i) {
    return String.format(
        Locale.ROOT,
        "%s, %d segments out, %d in, %d retransmitted (fast %d, RTO %d), %d RTOs, %d out of"
            + " order, %d SACK blocks sent, %d received",
        i.state().rfcName(),
        i.segmentsOut(),
        i.segmentsIn(),
        i.retransmissions(),
        i.fastRetransmits(),
        i.rtoRetransmits(),
        i.rtoCount(),
        i.outOfOrderSegments(),
        i.sackBlocksSent(),
        i.sackBlocksReceived());
  }

  /** {@code -Djtcp.tries}, read here because a count set in code would win over it. */
  private static int tries() {
    String configured = System.getProperty(Property.TRIES_PROPERTY, "").strip().replace("_", "");
    return configured.isEmpty() ? DEFAULT_TRIES : Integer.parseInt(configured);
  }
}
