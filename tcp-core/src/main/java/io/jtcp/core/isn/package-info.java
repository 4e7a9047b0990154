/**
 * Initial sequence numbers: the choices an off-path attacker must not be able to predict.
 *
 * <ul>
 *   <li>{@link io.jtcp.core.isn.Rfc6528IsnGenerator}, the stack's {@link
 *       io.jtcp.core.spi.IsnGenerator}: a 4 µs clock plus a keyed SipHash of the 4-tuple (RFC
 *       6528).
 *   <li>{@link io.jtcp.core.isn.SynCookies}: the stateless SYN-ACK ISN a listener sends when its
 *       SYN queue is full (RFC 4987 §3.6, Linux's scheme), with {@link
 *       io.jtcp.core.isn.CookieOptions} for the SYN options it carries in the timestamp.
 * </ul>
 *
 * <p>Everything here is a pure function of its arguments and a 128-bit key: time comes in as the
 * engine's {@code now} (nanoseconds), never from a clock, and the only randomness is the key, drawn
 * from {@link java.security.SecureRandom} by the {@code random()} factories or given explicitly for
 * tests and the simulator. Nothing allocates per call. The keyed hash is SipHash-2-4, implemented
 * here without allocation and checked against Guava's {@code Hashing.sipHash24}.
 */
@NullMarked
package io.jtcp.core.isn;

import org.jspecify.annotations.NullMarked;
