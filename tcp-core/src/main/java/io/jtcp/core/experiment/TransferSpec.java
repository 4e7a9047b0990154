package io.jtcp.core.experiment;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.sim.GilbertElliott;
import io.jtcp.core.sim.LinkParams;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One bulk transfer to run on the simulator: how many bytes, the path between the two stacks, the
 * impairments, the seed, and each end's knobs. The path is symmetric: each host's uplink carries
 * the same model (half the RTT of delay, the rate, the queue and every impairment), so data and
 * ACKs meet the same hostile network, as with netem on both ends of a link.
 *
 * <p>Build one from {@link #of(long)} with the withers, which validate like the constructor:
 *
 * <pre>{@code
 * TransferSpec spec = TransferSpec.of(4 << 20).withRttMillis(80).withLoss(0.01).withSeed(7);
 * TransferResult r = Transfer.run(spec);
 * }</pre>
 *
 * <p>{@link #commandLine()} renders the spec as the {@code jtcp sim transfer} command that runs it
 * again. Sysctls both ends share become {@code --sysctl NAME=VALUE} where they differ from Linux's
 * (for the knobs {@link Sysctls#byName()} names); sysctls that differ between the ends and socket
 * options have no command-line form and are left out.
 *
 * <p>Both stacks run {@link #congestionControl()}: it replaces the {@code tcp_congestion_control}
 * of both ends' sysctls, so the algorithm has one source, and the command line always names it with
 * {@code --cc}, because the command's default (cubic, as Linux's) is not this record's (reno, the
 * engine's own, which needs no module beside tcp-core).
 *
 * @param bytes how many bytes the client sends, >= 0
 * @param rttMillis the round-trip propagation delay in milliseconds; each direction gets half
 * @param rateMbps each direction's serialization rate in Mbit/s; 0 means unlimited
 * @param queuePackets the drop-tail queue in front of each direction's serializer, in packets of
 *     the MTU (the limit is in bytes, so it holds more ACKs than full segments); 0 means
 *     {@linkplain #queueLimitPackets() about one bandwidth-delay product}
 * @param loss probability in [0, 1] that a packet is lost, independently of the others
 * @param burstLoss long-run fraction in [0, 1) of packets lost in Gilbert–Elliott bursts ({@link
 *     GilbertElliott#ofBurstLoss}); 0 for none
 * @param burstLength the mean burst length in packets, >= 1
 * @param reorder probability in [0, 1] that a packet arrives {@value #REORDER_DEPTH} places late
 * @param duplicate probability in [0, 1] that a packet is duplicated
 * @param corrupt probability in [0, 1] that a packet has bits flipped (its receiver's checksum
 *     drops it)
 * @param jitterMillis uniform jitter of each packet's delay, ± milliseconds (never reorders)
 * @param seed the seed of the links, the ISN and SYN-cookie keys and the payload
 * @param timeLimit the simulated time after which an unfinished transfer fails
 * @param clientSysctls the sender's stack-wide knobs, {@linkplain #tunedFor tuned for the path}
 * @param serverSysctls the receiver's stack-wide knobs, likewise
 * @param clientOptions the sender's socket options
 * @param serverOptions the receiver's socket options
 * @param congestionControl the congestion-control algorithm of both stacks, by its registry name
 *     ({@link io.jtcp.core.congestion.CongestionRegistry}), checked when the transfer runs
 */
public record TransferSpec(
    long bytes,
    double rttMillis,
    double rateMbps,
    int queuePackets,
    double loss,
    double burstLoss,
    double burstLength,
    double reorder,
    double duplicate,
    double corrupt,
    double jitterMillis,
    long seed,
    Duration timeLimit,
    Sysctls clientSysctls,
    Sysctls serverSysctls,
    SocketOptions clientOptions,
    SocketOptions serverOptions,
    String congestionControl) {

  /** How many places late a reordered packet arrives. */
  public static final int REORDER_DEPTH = 3;

  public static final double DEFAULT_RTT_MILLIS = 50;
  public static final double DEFAULT_RATE_MBPS = 100;
  public static final long DEFAULT_SEED = 1;

  /** The engine's own algorithm, the one a bare tcp-core has. */
  public static final String DEFAULT_CONGESTION_CONTROL = "reno";

  /** Linux's rule for algorithm names (TCP_CA_NAME_MAX is 16), as the registry checks them. */
  private static final Pattern CC_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,15}");

  /** Generous: a few megabytes at a kilobit per second still fit. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(600);

  /**
   * {@link #tunedFor} raises buffer maxima this far at most: a long fat path costs bounded memory.
   */
  public static final int MAX_TUNED_BUFFER = 64 << 20;

  /** The smallest auto-sized queue: short paths still absorb a slow-start burst. */
  public static final int MIN_AUTO_QUEUE_PACKETS = 100;

  /** Delays and jitter beyond an hour are typos, and would overflow nanoseconds when summed. */
  private static final double MAX_MILLIS = 3_600_000;

  /** A terabit per second. */
  private static final double MAX_RATE_MBPS = 1_000_000;

  private static final int MTU = LinkParams.DEFAULT_MTU;

  /**
   * @throws IllegalArgumentException naming the component and its valid range
   */
  public TransferSpec {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0; got " + bytes);
    }
    range(rttMillis, 0, MAX_MILLIS, "rttMillis");
    range(rateMbps, 0, MAX_RATE_MBPS, "rateMbps (0 means unlimited)");
    if (queuePackets < 0) {
      throw new IllegalArgumentException(
          "queuePackets must be >= 0 (0 means about one bandwidth-delay product); got "
              + queuePackets);
    }
    range(loss, 0, 1, "loss");
    range(reorder, 0, 1, "reorder");
    range(duplicate, 0, 1, "duplicate");
    range(corrupt, 0, 1, "corrupt");
    range(jitterMillis, 0, MAX_MILLIS, "jitterMillis");
    GilbertElliott.ofBurstLoss(burstLoss, burstLength); // validates the pair
    Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero() || timeLimit.toSeconds() > 100L * 86400) {
      throw new IllegalArgumentException(
          "timeLimit must be positive and at most 100 days of simulated time; got " + timeLimit);
    }
    Objects.requireNonNull(clientSysctls, "clientSysctls");
    Objects.requireNonNull(serverSysctls, "serverSysctls");
    Objects.requireNonNull(clientOptions, "clientOptions");
    Objects.requireNonNull(serverOptions, "serverOptions");
    Objects.requireNonNull(congestionControl, "congestionControl");
    if (!CC_NAME.matcher(congestionControl).matches()) {
      throw new IllegalArgumentException(
          "congestionControl must be an algorithm's name, 1-16 characters of a-z, 0-9, '_' and"
              + " '-'; got '"
              + congestionControl
              + "'");
    }
  }

  private static void range(double v, double lo, double hi, String name) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(
          name + " must be in [" + plain(lo) + ", " + plain(hi) + "]; got " + v);
    }
  }

  /**
   * {@code bytes} over the defaults: a 50 ms RTT, 100 Mbit/s, a queue of about one bandwidth-delay
   * product, no impairment, seed 1, Linux's knobs (buffer maxima {@linkplain #tunedFor tuned for
   * the path}) and socket options, and reno.
   */
  public static TransferSpec of(long bytes) {
    return new TransferSpec(
        bytes,
        DEFAULT_RTT_MILLIS,
        DEFAULT_RATE_MBPS,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        DEFAULT_SEED,
        DEFAULT_TIME_LIMIT,
        Sysctls.LINUX,
        Sysctls.LINUX,
        SocketOptions.DEFAULTS,
        SocketOptions.DEFAULTS,
        DEFAULT_CONGESTION_CONTROL);
  }

  public TransferSpec withBytes(long n) {
    return edit(b -> b.bytes = n);
  }

  public TransferSpec withRttMillis(double millis) {
    return edit(b -> b.rttMillis = millis);
  }

  public TransferSpec withRateMbps(double mbps) {
    return edit(b -> b.rateMbps = mbps);
  }

  public TransferSpec withQueuePackets(int packets) {
    return edit(b -> b.queuePackets = packets);
  }

  public TransferSpec withLoss(double p) {
    return edit(b -> b.loss = p);
  }

  /** Gilbert–Elliott loss of {@code rate} in bursts of {@code meanLength} packets on average. */
  public TransferSpec withBurstLoss(double rate, double meanLength) {
    return edit(
        b -> {
          b.burstLoss = rate;
          b.burstLength = meanLength;
        });
  }

  public TransferSpec withReorder(double p) {
    return edit(b -> b.reorder = p);
  }

  public TransferSpec withDuplicate(double p) {
    return edit(b -> b.duplicate = p);
  }

  public TransferSpec withCorrupt(double p) {
    return edit(b -> b.corrupt = p);
  }

  public TransferSpec withJitterMillis(double millis) {
    return edit(b -> b.jitterMillis = millis);
  }

  public TransferSpec withSeed(long s) {
    return edit(b -> b.seed = s);
  }

  /**
   * The algorithm both stacks run, by its registry name: {@code reno}, and with tcp-congestion on
   * the class path {@code cubic} and {@code newreno}.
   */
  public TransferSpec withCongestionControl(String name) {
    return edit(b -> b.congestionControl = name);
  }

  public TransferSpec withTimeLimit(Duration limit) {
    return edit(b -> b.timeLimit = limit);
  }

  /** The same knobs for both ends. */
  public TransferSpec withSysctls(Sysctls both) {
    return edit(
        b -> {
          b.clientSysctls = both;
          b.serverSysctls = both;
        });
  }

  public TransferSpec withSysctls(Sysctls client, Sysctls server) {
    return edit(
        b -> {
          b.clientSysctls = client;
          b.serverSysctls = server;
        });
  }

  public TransferSpec withOptions(SocketOptions client, SocketOptions server) {
    return edit(
        b -> {
          b.clientOptions = client;
          b.serverOptions = server;
        });
  }

  /** The bandwidth-delay product in bytes, or -1 when the rate is unlimited. */
  public long bdpBytes() {
    if (rateMbps == 0) {
      return -1;
    }
    return Math.round(rateMbps * 1e6 / 8 * rttMillis / 1e3);
  }

  /**
   * The queue in packets: {@code queuePackets} if set, else one bandwidth-delay product (at least
   * {@value #MIN_AUTO_QUEUE_PACKETS}), the rule of thumb for a router that keeps a single flow's
   * link busy through a halving of its window; 0 (no limit) when the rate is unlimited, because
   * then nothing ever queues.
   */
  public int queueLimitPackets() {
    if (queuePackets > 0) {
      return queuePackets;
    }
    long bdp = bdpBytes();
    if (bdp < 0) {
      return 0;
    }
    return (int)
        Math.max(MIN_AUTO_QUEUE_PACKETS, Math.min(Integer.MAX_VALUE, (bdp + MTU - 1) / MTU));
  }

  /**
   * The knobs a stack runs with: {@code configured}, with the auto-tuning maxima ({@code tcp_rmem}
   * and {@code tcp_wmem}'s third numbers) raised to twice the bandwidth-delay product where they
   * are smaller, up to {@value #MAX_TUNED_BUFFER} bytes, so that the buffers can grow to a full
   * window plus what recovery keeps in flight and the path, not the buffer, sets the pace. Buffers
   * still start small and grow as Linux's do; an explicit SO_RCVBUF or SO_SNDBUF in the options
   * locks its size as in Linux. On an unlimited link there is no product and {@code configured}
   * stays as it is.
   */
  public Sysctls tunedFor(Sysctls configured) {
    long bdp = bdpBytes();
    if (bdp < 0) {
      return configured;
    }
    int want = (int) Math.min(2 * bdp, MAX_TUNED_BUFFER);
    if (configured.rmemMax() >= want && configured.wmemMax() >= want) {
      return configured;
    }
    Sysctls.Builder b = configured.toBuilder();
    b.rmemMax = Math.max(b.rmemMax, want);
    b.wmemMax = Math.max(b.wmemMax, want);
    return b.build();
  }

  /** The model of each direction of the path. */
  public LinkParams link() {
    LinkParams p =
        LinkParams.DEFAULT
            .withDelayNanos(Math.round(rttMillis * 1e6 / 2))
            .withBandwidthBitsPerSecond(Math.round(rateMbps * 1e6))
            .withQueueLimitBytes((long) queueLimitPackets() * MTU)
            .withLossRate(loss)
            .withJitterNanos(Math.round(jitterMillis * 1e6))
            .withDuplicateRate(duplicate)
            .withCorruptRate(corrupt);
    if (burstLoss > 0) {
      p = p.withBurstLoss(burstLoss, burstLength);
    }
    if (reorder > 0) {
      p = p.withReordering(reorder, REORDER_DEPTH);
    }
    return p;
  }

  /**
   * The arguments of {@code jtcp sim transfer} that run this spec: the size, the algorithm, the
   * path and the seed always, each impairment when it is on, the time limit and the sysctls when
   * they are not the defaults ({@code tcp_congestion_control} never: {@code --cc} says it). Numbers
   * are plain decimals that parse back to the same doubles.
   */
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    add(a, "--bytes", Long.toString(bytes));
    add(a, "--cc", congestionControl);
    add(a, "--rtt", plain(rttMillis));
    add(a, "--rate", plain(rateMbps));
    if (queuePackets > 0) {
      add(a, "--queue", Integer.toString(queuePackets));
    }
    if (loss > 0) {
      add(a, "--loss", plain(loss));
    }
    if (burstLoss > 0) {
      add(a, "--burst-loss", plain(burstLoss) + "," + plain(burstLength));
    }
    if (reorder > 0) {
      add(a, "--reorder", plain(reorder));
    }
    if (duplicate > 0) {
      add(a, "--duplicate", plain(duplicate));
    }
    if (corrupt > 0) {
      add(a, "--corrupt", plain(corrupt));
    }
    if (jitterMillis > 0) {
      add(a, "--jitter", plain(jitterMillis));
    }
    if (!timeLimit.equals(DEFAULT_TIME_LIMIT)) {
      add(a, "--time-limit", plain(timeLimit.toNanos() / 1e9));
    }
    if (clientSysctls.equals(serverSysctls)) {
      Map<String, String> linux = Sysctls.LINUX.byName();
      clientSysctls
          .byName()
          .forEach(
              (name, value) -> {
                if (!value.equals(linux.get(name)) && !name.equals(CC_SYSCTL)) {
                  add(a, "--sysctl", name.replaceFirst("^net\\.ipv4\\.", "") + "=" + value);
                }
              });
    }
    add(a, "--seed", Long.toString(seed));
    return a;
  }

  /**
   * {@code jtcp sim transfer} and the {@link #arguments()}, separated by spaces, each quoted for a
   * POSIX shell where it needs to be.
   */
  public String commandLine() {
    StringBuilder sb = new StringBuilder("jtcp sim transfer");
    for (String arg : arguments()) {
      sb.append(' ')
          .append(arg.matches("[\\w.,=:%/+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  private static final String CC_SYSCTL = "net.ipv4.tcp_congestion_control";

  /**
   * The knobs a stack of this transfer runs with: {@code configured} {@linkplain #tunedFor tuned
   * for the path}, with {@code tcp_congestion_control} set to {@link #congestionControl()}.
   */
  public Sysctls stackSysctls(Sysctls configured) {
    Sysctls tuned = tunedFor(configured);
    if (tuned.congestionControl().equals(congestionControl)) {
      return tuned;
    }
    Sysctls.Builder b = tuned.toBuilder();
    b.congestionControl = congestionControl;
    return b.build();
  }

  private static void add(List<String> a, String option, String value) {
    a.add(option);
    a.add(value);
  }

  /**
   * The shortest decimal that parses back to {@code v}, without an exponent: {@code 50}, {@code
   * 0.02}, {@code 0.0001}.
   */
  static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private TransferSpec edit(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new TransferSpec(
        b.bytes,
        b.rttMillis,
        b.rateMbps,
        b.queuePackets,
        b.loss,
        b.burstLoss,
        b.burstLength,
        b.reorder,
        b.duplicate,
        b.corrupt,
        b.jitterMillis,
        b.seed,
        b.timeLimit,
        b.clientSysctls,
        b.serverSysctls,
        b.clientOptions,
        b.serverOptions,
        b.congestionControl);
  }

  /** The components as mutable fields, for {@link #edit}. */
  private static final class Builder {
    long bytes;
    double rttMillis;
    double rateMbps;
    int queuePackets;
    double loss;
    double burstLoss;
    double burstLength;
    double reorder;
    double duplicate;
    double corrupt;
    double jitterMillis;
    long seed;
    Duration timeLimit;
    Sysctls clientSysctls;
    Sysctls serverSysctls;
    SocketOptions clientOptions;
    SocketOptions serverOptions;
    String congestionControl;

    Builder(TransferSpec s) {
      bytes = s.bytes;
      rttMillis = s.rttMillis;
      rateMbps = s.rateMbps;
      queuePackets = s.queuePackets;
      loss = s.loss;
      burstLoss = s.burstLoss;
      burstLength = s.burstLength;
      reorder = s.reorder;
      duplicate = s.duplicate;
      corrupt = s.corrupt;
      jitterMillis = s.jitterMillis;
      seed = s.seed;
      timeLimit = s.timeLimit;
      clientSysctls = s.clientSysctls;
      serverSysctls = s.serverSysctls;
      clientOptions = s.clientOptions;
      serverOptions = s.serverOptions;
      congestionControl = s.congestionControl;
    }
  }
}
