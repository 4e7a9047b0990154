package io.jtcp.core.wire;

/**
 * TCP sequence-number arithmetic modulo 2<sup>32</sup> (RFC 9293 §3.4) with RFC 1982 serial-number
 * semantics.
 *
 * <p>Sequence numbers are plain {@code int}s. {@code a} is before {@code b} when {@code b - a},
 * taken modulo 2<sup>32</sup>, lies in [1, 2<sup>31</sup>). Exactly 2<sup>31</sup> apart, RFC 1982
 * §3.2 leaves the order undefined: here neither is before the other, so {@code lt} stays
 * antisymmetric (Linux's {@code before()} calls each of such a pair before the other).
 */
public final class Seq {
  private Seq() {}

  /** {@code a < b} in sequence space. */
  public static boolean lt(int a, int b) {
    return b - a > 0;
  }

  /** {@code a <= b} in sequence space. */
  public static boolean le(int a, int b) {
    return a == b || lt(a, b);
  }

  /** {@code a > b} in sequence space. */
  public static boolean gt(int a, int b) {
    return lt(b, a);
  }

  /** {@code a >= b} in sequence space. */
  public static boolean ge(int a, int b) {
    return a == b || lt(b, a);
  }

  /**
   * Whether {@code a} and {@code b} are ordered at all: false only when exactly 2<sup>31</sup>
   * apart.
   */
  public static boolean comparable(int a, int b) {
    return b - a != Integer.MIN_VALUE;
  }

  /**
   * {@code lo <= x < hi} in sequence space: {@code x} lies in the half-open window that starts at
   * {@code lo} and holds {@code hi - lo} numbers. This is the form of RFC 9293's acceptability
   * tests.
   */
  public static boolean between(int lo, int x, int hi) {
    return Integer.compareUnsigned(x - lo, hi - lo) < 0;
  }

  /** Whether {@code x} lies in the window of {@code size} numbers starting at {@code start}. */
  public static boolean inWindow(int x, int start, long size) {
    return (x - start & 0xFFFF_FFFFL) < size;
  }

  /** How far {@code to} is ahead of {@code from}: {@code to - from} as a signed distance. */
  public static int distance(int from, int to) {
    return to - from;
  }

  /** The later of two sequence numbers. */
  public static int max(int a, int b) {
    return lt(a, b) ? b : a;
  }

  /** The earlier of two sequence numbers. */
  public static int min(int a, int b) {
    return lt(a, b) ? a : b;
  }

  /** An unsigned rendering for logs and ladder diagrams. */
  public static String toString(int seq) {
    return Integer.toUnsignedString(seq);
  }
}
