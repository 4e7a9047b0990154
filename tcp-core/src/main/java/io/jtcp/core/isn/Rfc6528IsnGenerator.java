package io.jtcp.core.isn;

import io.jtcp.core.spi.IsnGenerator;
import java.security.SecureRandom;

/**
 * Initial sequence numbers as RFC 6528 §3 specifies them: {@code ISN = M + F(localip, localport,
 * remoteip, remoteport, secretkey)}.
 *
 * <ul>
 *   <li>{@code M} is a 32-bit timer that ticks every {@value #TICK_NANOS} ns (4 µs, RFC 9293
 *       §3.4.1's clock), taken from the {@code now} the engine passes in: {@code floor(now / 4000)}
 *       mod 2<sup>32</sup>. It wraps about every 4.77 hours.
 *   <li>{@code F} is SipHash-2-4 keyed with a 128-bit secret over the 4-tuple, truncated to its low
 *       32 bits. RFC 6528 suggests MD5; SipHash is the keyed pseudorandom function Linux uses for
 *       the same purpose ({@code secure_tcp_seq}) and costs a fraction of it.
 * </ul>
 *
 * <p>So connections on one 4-tuple get ISNs that advance with time (old duplicates of a previous
 * incarnation fall behind the new window), while an off-path attacker, who cannot compute {@code F}
 * without the key, cannot guess the ISN of a connection it did not see (RFC 6528 §1).
 *
 * <p>Immutable and thread-safe; {@link #isn} allocates nothing.
 */
public final class Rfc6528IsnGenerator implements IsnGenerator {
  /** The period of {@code M}: 4 µs. */
  public static final long TICK_NANOS = 4_000;

  private final long k0;
  private final long k1;

  /**
   * A generator with an explicit 128-bit key, {@code k0} being its first 8 bytes read little-endian
   * and {@code k1} its last 8 (SipHash's convention, as in Guava's {@code Hashing.sipHash24(k0,
   * k1)}). For tests and for the simulator, which must be reproducible from its seed; a real stack
   * uses {@link #random()}.
   */
  public Rfc6528IsnGenerator(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /**
   * A generator keyed from {@link SecureRandom}, the only source of randomness in this package. The
   * whole defence rests on the key staying unknown: {@code java.util.Random} and {@code
   * SplittableRandom} have small, recoverable states (a few outputs or a guessed seed reveal the
   * rest), and a predictable key makes every ISN predictable again, reopening the blind spoofing
   * and injection attacks RFC 6528 exists to stop. {@code SecureRandom} draws from the operating
   * system's cryptographic generator.
   */
  public static Rfc6528IsnGenerator random() {
    SecureRandom random = new SecureRandom();
    return new Rfc6528IsnGenerator(random.nextLong(), random.nextLong());
  }

  @Override
  public int isn(int localAddress, int localPort, int remoteAddress, int remotePort, long now) {
    int m = (int) Math.floorDiv(now, TICK_NANOS);
    long f =
        SipHash.hash(
            k0,
            k1,
            SipHash.addresses(localAddress, remoteAddress),
            SipHash.ports(localPort, remotePort));
    return m + (int) f;
  }
}
