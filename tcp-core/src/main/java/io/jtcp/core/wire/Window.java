package io.jtcp.core.wire;

/** Receive-window arithmetic with the RFC 7323 window-scale option. */
public final class Window {
  /** RFC 7323 §2.3: a shift above 14 is treated as 14. */
  public static final int MAX_SHIFT = 14;

  /** The largest window a 16-bit field can carry. */
  public static final int MAX_UNSCALED = 0xFFFF;

  private Window() {}

  /** The shift a peer asked for, clamped to 14 as RFC 7323 §2.3 requires of the receiver. */
  public static int clampShift(int shift) {
    return Math.min(Math.max(shift, 0), MAX_SHIFT);
  }

  /** The window in bytes that a 16-bit header field means under the peer's shift. */
  public static long scaled(int field, int shift) {
    return (long) (field & 0xFFFF) << clampShift(shift);
  }

  /**
   * The header value that advertises {@code bytes} under our shift. It rounds down, so the
   * advertised window never exceeds the buffer space behind it, and saturates at 65,535.
   */
  public static int field(long bytes, int shift) {
    if (bytes <= 0) {
      return 0;
    }
    return (int) Math.min(bytes >>> clampShift(shift), MAX_UNSCALED);
  }

  /**
   * The smallest shift that lets a buffer of {@code bytes} be advertised whole, as Linux picks it
   * from the receive buffer when it sends its SYN.
   */
  public static int shiftFor(long bytes) {
    int shift = 0;
    while (shift < MAX_SHIFT && (bytes >>> shift) > MAX_UNSCALED) {
      shift++;
    }
    return shift;
  }
}
