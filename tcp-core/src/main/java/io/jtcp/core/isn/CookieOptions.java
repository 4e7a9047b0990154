package io.jtcp.core.isn;

/**
 * The SYN options a SYN cookie connection recovers from the low bits of the echoed timestamp (see
 * {@link SynCookies#timestampValue}): the client's window scale, whether it offered SACK, and
 * whether ECN was agreed.
 *
 * @param windowScale the client's window shift, 0..14, or -1 when it sent no Window Scale option
 *     (then neither side scales, RFC 7323 §2.2)
 * @param sackPermitted whether the client sent SACK-permitted
 * @param ecn whether the SYN-ACK agreed to ECN
 */
public record CookieOptions(int windowScale, boolean sackPermitted, boolean ecn) {
  /** Nothing recovered: the ACK carried no timestamp, so the connection runs without all three. */
  public static final CookieOptions NONE = new CookieOptions(-1, false, false);

  /** The largest shift RFC 7323 §2.3 allows. */
  public static final int MAX_WINDOW_SCALE = 14;

  public CookieOptions {
    if (windowScale < -1 || windowScale > MAX_WINDOW_SCALE) {
      throw new IllegalArgumentException("window scale " + windowScale + " not in -1..14");
    }
  }

  /** Whether window scaling is in use on the connection. */
  public boolean windowScaling() {
    return windowScale >= 0;
  }
}
