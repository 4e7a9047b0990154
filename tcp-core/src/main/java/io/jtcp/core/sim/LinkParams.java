package io.jtcp.core.sim;

import java.time.Duration;

/**
 * The model of one direction of a simulated link: what happens to a packet between the moment one
 * end transmits it and the moment it lands at the other end. Packets pass, in order, an MTU check,
 * independent random loss, a drop-tail queue in front of a serializer, and propagation delay.
 *
 * <p>Build one from {@link #DEFAULT} with the withers, which validate like the constructor:
 *
 * <pre>{@code
 * LinkParams wan = LinkParams.DEFAULT
 *     .withDelay(Duration.ofMillis(20))
 *     .withBandwidthBitsPerSecond(12_000_000)
 *     .withQueueLimitBytes(64 * 1500)
 *     .withLossRate(0.01);
 * }</pre>
 *
 * @param delayNanos one-way propagation delay in nanoseconds, added after serialization
 * @param bandwidthBitsPerSecond the serialization rate; 0 means unlimited (no serialization delay,
 *     and then nothing ever waits, so the queue limit has no effect). A packet of {@code n} bytes
 *     occupies the link for {@code ceil(8 n / rate)} seconds, rounded up to whole nanoseconds, and
 *     packets serialize one after another
 * @param queueLimitBytes drop-tail limit on the bytes waiting to serialize (the packet being
 *     serialized does not count, as a NIC owns it); 0 means unlimited
 * @param lossRate probability in [0, 1] that a packet is lost, independently of every other packet
 * @param seed mixed with the network's seed and the link's identity (host name and direction) to
 *     seed this link's randomness; change it to re-roll one link without disturbing the others
 * @param mtu the largest IPv4 packet the link carries, in bytes, in [68, 65535]: a host cannot
 *     transmit more on its uplink, and a larger packet reaching a downlink is dropped as {@link
 *     FrameFate#DROPPED_TOO_BIG}, as a router drops a DF packet it cannot forward
 */
public record LinkParams(
    long delayNanos,
    long bandwidthBitsPerSecond,
    long queueLimitBytes,
    double lossRate,
    long seed,
    int mtu) {

  /** Ethernet's MTU, Linux's default for most links. */
  public static final int DEFAULT_MTU = 1500;

  /** RFC 791: every internet module must be able to forward a datagram of 68 octets. */
  public static final int MIN_MTU = 68;

  /** The largest IPv4 total length. */
  public static final int MAX_MTU = 0xFFFF;

  /** An ideal link: no delay, unlimited bandwidth and queue, no loss, seed 0, MTU 1500. */
  public static final LinkParams DEFAULT = new LinkParams(0, 0, 0, 0.0, 0, DEFAULT_MTU);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /**
   * @throws IllegalArgumentException naming the valid range, for a negative delay, bandwidth or
   *     queue limit, a loss rate outside [0, 1], or an MTU outside [68, 65535]
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
    if (!(lossRate >= 0.0 && lossRate <= 1.0)) { // also rejects NaN
      throw new IllegalArgumentException(
          "lossRate must be a probability in [0, 1]; got " + lossRate);
    }
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException(
          "mtu must be in [" + MIN_MTU + ", " + MAX_MTU + "] bytes; got " + mtu);
    }
  }

  public LinkParams withDelayNanos(long nanos) {
    return new LinkParams(nanos, bandwidthBitsPerSecond, queueLimitBytes, lossRate, seed, mtu);
  }

  /**
   * @throws ArithmeticException if the duration does not fit in a long of nanoseconds (292 years)
   */
  public LinkParams withDelay(Duration delay) {
    return withDelayNanos(delay.toNanos());
  }

  public LinkParams withBandwidthBitsPerSecond(long bitsPerSecond) {
    return new LinkParams(delayNanos, bitsPerSecond, queueLimitBytes, lossRate, seed, mtu);
  }

  public LinkParams withQueueLimitBytes(long bytes) {
    return new LinkParams(delayNanos, bandwidthBitsPerSecond, bytes, lossRate, seed, mtu);
  }

  public LinkParams withLossRate(double rate) {
    return new LinkParams(delayNanos, bandwidthBitsPerSecond, queueLimitBytes, rate, seed, mtu);
  }

  public LinkParams withSeed(long linkSeed) {
    return new LinkParams(
        delayNanos, bandwidthBitsPerSecond, queueLimitBytes, lossRate, linkSeed, mtu);
  }

  public LinkParams withMtu(int bytes) {
    return new LinkParams(
        delayNanos, bandwidthBitsPerSecond, queueLimitBytes, lossRate, seed, bytes);
  }

  /** Whether the link has no serialization delay (and therefore never queues). */
  public boolean unlimitedBandwidth() {
    return bandwidthBitsPerSecond == 0;
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
}
