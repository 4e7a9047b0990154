package io.jtcp.core.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The model of one direction of a simulated link: what happens to a packet between the moment one
 * end transmits it and the moment it lands at the other end. Packets pass, in order:
 *
 * <ol>
 *   <li>an MTU check;
 *   <li>independent random loss ({@link #lossRate()}), then bursty loss ({@link #burstLoss()});
 *   <li>duplication ({@link #duplicateRate()}): the copy follows the original through the rest of
 *       the link;
 *   <li>corruption ({@link #corruptRate()}) and truncation ({@link #truncateRate()}), each drawn
 *       separately for an original and its copy;
 *   <li>a drop-tail queue in front of a serializer ({@link #bandwidthBitsPerSecond()}, {@link
 *       #queueLimitBytes()});
 *   <li>propagation delay with optional jitter ({@link #delayNanos()}, {@link #jitterNanos()});
 *   <li>reordering ({@link #reordering()}).
 * </ol>
 *
 * <p>Every stage that draws randomness has its own stream, derived from the link's seed and the
 * stage's name, so a run replays exactly from the network's seed, and turning one impairment on or
 * off leaves the draws of the others unchanged. {@link #DEFAULT} has every impairment off.
 *
 * <p>Build one from {@link #DEFAULT} with the withers, which validate like the constructor:
 *
 * <pre>{@code
 * LinkParams wan = LinkParams.DEFAULT
 *     .withDelay(Duration.ofMillis(20))
 *     .withJitter(Duration.ofMillis(2))
 *     .withBandwidthBitsPerSecond(12_000_000)
 *     .withQueueLimitBytes(64 * 1500)
 *     .withLossRate(0.01)
 *     .withBurstLoss(0.02, 4)     // 2% lost, in bursts of 4 packets on average
 *     .withReordering(0.05, 3)    // 5% of packets arrive 3 places late
 *     .withDuplicateRate(0.01)
 *     .withCorruptRate(0.001)
 *     .withTruncateRate(0.001);
 * }</pre>
 *
 * <p>The same faults, without the ones that need time (delay, jitter, bandwidth), can be applied to
 * any real link driver with {@link FaultyLink}.
 *
 * @param delayNanos one-way propagation delay in nanoseconds, added after serialization
 * @param bandwidthBitsPerSecond the serialization rate; 0 means unlimited (no serialization delay,
 *     and then nothing ever waits, so the queue limit has no effect). A packet of {@code n} bytes
 *     occupies the link for {@code ceil(8 n / rate)} seconds, rounded up to whole nanoseconds, and
 *     packets serialize one after another
 * @param queueLimitBytes drop-tail limit on the bytes waiting to serialize (the packet being
 *     serialized does not count, as a NIC owns it); 0 means unlimited
 * @param lossRate probability in [0, 1] that a packet is lost ({@link FrameFate#DROPPED_LOSS}),
 *     independently of every other packet
 * @param seed mixed with the network's seed and the link's identity (host name and direction) to
 *     seed this link's randomness; change it to re-roll one link without disturbing the others
 * @param mtu the largest IPv4 packet the link carries, in bytes, in [68, 65535]: a host cannot
 *     transmit more on its uplink, and a larger packet reaching a downlink is dropped as {@link
 *     FrameFate#DROPPED_TOO_BIG}, as a router drops a DF packet it cannot forward
 * @param jitterNanos how far each packet's delay strays from {@code delayNanos}, in nanoseconds, as
 *     {@code jitterDistribution} says; 0 means none. A delay that would come out negative is 0. The
 *     link stays first-in first-out: a packet whose draw would land it before the packet ahead of
 *     it leaves right after that one instead, so jitter alone never reorders (use {@code
 *     reordering} for that). Linux netem reorders jittered packets unless told otherwise; here
 *     reordering is a knob of its own, so that an experiment with jitter measures jitter. A
 *     consequence is that under load the delays bunch: a long draw delays the packets behind it too
 * @param jitterDistribution the shape of the jitter: {@link JitterDistribution#UNIFORM} (±{@code
 *     jitterNanos}) or {@link JitterDistribution#NORMAL} (standard deviation {@code jitterNanos})
 * @param burstLoss Gilbert–Elliott bursty loss ({@link FrameFate#DROPPED_BURST_LOSS}), after and
 *     independent of {@code lossRate}; {@link GilbertElliott#NONE} for none
 * @param reordering which packets are held back and how far they fall behind ({@link
 *     FrameFate#REORDERED}); {@link Reordering#NONE} for none
 * @param duplicateRate probability in [0, 1] that a packet is duplicated ({@link
 *     FrameFate#DUPLICATED}); the copy, byte for byte the same, follows right behind the original
 *     and then lives a life of its own (queue, loss downstream, delivery)
 * @param corruptRate probability in [0, 1] that a packet has bits flipped ({@link
 *     FrameFate#CORRUPTED}): from 1 to 15 bits within one 16-bit word at an even offset, an error
 *     the Internet checksum always detects, so corrupted packets are dropped by their receiver's
 *     IPv4, TCP or ICMP checksum and never deliver wrong bytes to an application
 * @param truncateRate probability in [0, 1] that a packet is cut short ({@link
 *     FrameFate#TRUNCATED}) at a length drawn uniformly from 1 to one byte less than its own; its
 *     IPv4 total length then exceeds what arrived, so a receiver drops it as {@link
 *     io.jtcp.core.wire.DropReason#TRUNCATED}
 */
public record LinkParams(
    long delayNanos,
    long bandwidthBitsPerSecond,
    long queueLimitBytes,
    double lossRate,
    long seed,
    int mtu,
    long jitterNanos,
    JitterDistribution jitterDistribution,
    GilbertElliott burstLoss,
    Reordering reordering,
    double duplicateRate,
    double corruptRate,
    double truncateRate) {

  /** Ethernet's MTU, Linux's default for most links. */
  public static final int DEFAULT_MTU = 1500;

  /** RFC 791: every internet module must be able to forward a datagram of 68 octets. */
  public static final int MIN_MTU = 68;

  /** The largest IPv4 total length. */
  public static final int MAX_MTU = 0xFFFF;

  /** The largest jitter, {@code Long.MAX_VALUE / 2} ns (146 years): twice it fits in a long. */
  public static final long MAX_JITTER_NANOS = Long.MAX_VALUE / 2;

  /**
   * An ideal link: no delay, unlimited bandwidth and queue, no loss, seed 0, MTU 1500, and no
   * impairment of any kind.
   */
  public static final LinkParams DEFAULT = new LinkParams(0, 0, 0, 0.0, 0, DEFAULT_MTU);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /**
   * @throws IllegalArgumentException naming the valid range, for a negative delay, bandwidth, queue
   *     limit or jitter, a probability outside [0, 1], or an MTU outside [68, 65535]
   * @throws NullPointerException for a null distribution, burst-loss or reordering model
   */
  public LinkParams {
    if (delayNanos < 0) {
      throw new IllegalArgumentException(
          "delayNanos must be >= 0 (one-way propagation delay in nanoseconds); got " + delayNanos);
    }
    if (bandwidthBitsPerSecond < 0) {
      throw new IllegalArgumentException(
          "bandwidthBitsPerSecond must be >= 0 (0 means unlimited); got " + bandwidthBitsPerSecond);
    }
    if (queueLimitBytes < 0) {
      throw new IllegalArgumentException(
          "queueLimitBytes must be >= 0 (0 means unlimited); got " + queueLimitBytes);
    }
    Probabilities.require(lossRate, "lossRate");
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException(
          "mtu must be in [" + MIN_MTU + ", " + MAX_MTU + "] bytes; got " + mtu);
    }
    if (jitterNanos < 0 || jitterNanos > MAX_JITTER_NANOS) {
      throw new IllegalArgumentException(
          "jitterNanos must be in [0, "
              + MAX_JITTER_NANOS
              + "] (0 means none); got "
              + jitterNanos);
    }
    Objects.requireNonNull(jitterDistribution, "jitterDistribution");
    Objects.requireNonNull(burstLoss, "burstLoss (GilbertElliott.NONE for none)");
    Objects.requireNonNull(reordering, "reordering (Reordering.NONE for none)");
    Probabilities.require(duplicateRate, "duplicateRate");
    Probabilities.require(corruptRate, "corruptRate");
    Probabilities.require(truncateRate, "truncateRate");
  }

  /**
   * A link with delay, bandwidth, queue, random loss and MTU only, every other impairment off: the
   * components {@code LinkParams} had before jitter, burst loss, reordering, duplication,
   * corruption and truncation, kept so that code written for them compiles unchanged.
   */
  public LinkParams(
      long delayNanos,
      long bandwidthBitsPerSecond,
      long queueLimitBytes,
      double lossRate,
      long seed,
      int mtu) {
    this(
        delayNanos,
        bandwidthBitsPerSecond,
        queueLimitBytes,
        lossRate,
        seed,
        mtu,
        0,
        JitterDistribution.UNIFORM,
        GilbertElliott.NONE,
        Reordering.NONE,
        0.0,
        0.0,
        0.0);
  }

  public LinkParams withDelayNanos(long nanos) {
    return edit(b -> b.delayNanos = nanos);
  }

  /**
   * @throws ArithmeticException if the duration does not fit in a long of nanoseconds (292 years)
   */
  public LinkParams withDelay(Duration delay) {
    return withDelayNanos(delay.toNanos());
  }

  public LinkParams withBandwidthBitsPerSecond(long bitsPerSecond) {
    return edit(b -> b.bandwidthBitsPerSecond = bitsPerSecond);
  }

  public LinkParams withQueueLimitBytes(long bytes) {
    return edit(b -> b.queueLimitBytes = bytes);
  }

  public LinkParams withLossRate(double rate) {
    return edit(b -> b.lossRate = rate);
  }

  public LinkParams withSeed(long linkSeed) {
    return edit(b -> b.seed = linkSeed);
  }

  public LinkParams withMtu(int bytes) {
    return edit(b -> b.mtu = bytes);
  }

  /** Jitter with the current distribution ({@link JitterDistribution#UNIFORM} by default). */
  public LinkParams withJitterNanos(long nanos) {
    return edit(b -> b.jitterNanos = nanos);
  }

  /**
   * Jitter with the current distribution ({@link JitterDistribution#UNIFORM} by default).
   *
   * @throws ArithmeticException if the duration does not fit in a long of nanoseconds
   */
  public LinkParams withJitter(Duration jitter) {
    return withJitterNanos(jitter.toNanos());
  }

  /**
   * @throws ArithmeticException if the duration does not fit in a long of nanoseconds
   */
  public LinkParams withJitter(Duration jitter, JitterDistribution distribution) {
    return withJitterNanos(jitter.toNanos()).withJitterDistribution(distribution);
  }

  public LinkParams withJitterDistribution(JitterDistribution distribution) {
    return edit(b -> b.jitterDistribution = distribution);
  }

  public LinkParams withBurstLoss(GilbertElliott model) {
    return edit(b -> b.burstLoss = model);
  }

  /** {@link #withBurstLoss(GilbertElliott) withBurstLoss(GilbertElliott.ofBurstLoss(...))}. */
  public LinkParams withBurstLoss(double lossRate, double meanBurstLength) {
    return withBurstLoss(GilbertElliott.ofBurstLoss(lossRate, meanBurstLength));
  }

  public LinkParams withReordering(Reordering model) {
    return edit(b -> b.reordering = model);
  }

  /** Reordering with the {@linkplain Reordering#DEFAULT_TIMEOUT_NANOS default timeout}. */
  public LinkParams withReordering(double rate, int depth) {
    return withReordering(Reordering.of(rate, depth));
  }

  public LinkParams withDuplicateRate(double rate) {
    return edit(b -> b.duplicateRate = rate);
  }

  public LinkParams withCorruptRate(double rate) {
    return edit(b -> b.corruptRate = rate);
  }

  public LinkParams withTruncateRate(double rate) {
    return edit(b -> b.truncateRate = rate);
  }

  /** Whether the link has no serialization delay (and therefore never queues). */
  public boolean unlimitedBandwidth() {
    return bandwidthBitsPerSecond == 0;
  }

  /**
   * Whether a packet can leave this link other than intact, once and in order: any loss, burst
   * loss, reordering, duplication, corruption or truncation. Delay, jitter, bandwidth, the queue
   * and the MTU do not count.
   */
  public boolean hasFaults() {
    return lossRate > 0
        || burstLoss.isActive()
        || reordering.isActive()
        || duplicateRate > 0
        || corruptRate > 0
        || truncateRate > 0;
  }

  /**
   * How long a packet of {@code bytes} occupies the link: {@code ceil(8 * bytes * 1e9 / rate)}
   * nanoseconds, or 0 on an unlimited link. Rounding up keeps every packet at least a nanosecond
   * long on a finite link, so back-to-back packets never arrive at the same instant.
   */
  public long serializationNanos(int bytes) {
    if (bandwidthBitsPerSecond == 0) {
      return 0;
    }
    // 65535 bytes * 8 * 1e9 < 2^63, so this cannot overflow for any packet a link carries.
    return Math.ceilDiv(8L * bytes * NANOS_PER_SECOND, bandwidthBitsPerSecond);
  }

  /** A copy with some components changed; the canonical constructor validates the result. */
  private LinkParams edit(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new LinkParams(
        b.delayNanos,
        b.bandwidthBitsPerSecond,
        b.queueLimitBytes,
        b.lossRate,
        b.seed,
        b.mtu,
        b.jitterNanos,
        b.jitterDistribution,
        b.burstLoss,
        b.reordering,
        b.duplicateRate,
        b.corruptRate,
        b.truncateRate);
  }

  /** The components as mutable fields, for {@link #edit}. */
  private static final class Builder {
    long delayNanos;
    long bandwidthBitsPerSecond;
    long queueLimitBytes;
    double lossRate;
    long seed;
    int mtu;
    long jitterNanos;
    JitterDistribution jitterDistribution;
    GilbertElliott burstLoss;
    Reordering reordering;
    double duplicateRate;
    double corruptRate;
    double truncateRate;

    Builder(LinkParams p) {
      delayNanos = p.delayNanos;
      bandwidthBitsPerSecond = p.bandwidthBitsPerSecond;
      queueLimitBytes = p.queueLimitBytes;
      lossRate = p.lossRate;
      seed = p.seed;
      mtu = p.mtu;
      jitterNanos = p.jitterNanos;
      jitterDistribution = p.jitterDistribution;
      burstLoss = p.burstLoss;
      reordering = p.reordering;
      duplicateRate = p.duplicateRate;
      corruptRate = p.corruptRate;
      truncateRate = p.truncateRate;
    }
  }
}
