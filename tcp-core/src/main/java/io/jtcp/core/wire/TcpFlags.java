package io.jtcp.core.wire;

/**
 * The TCP control bits as they sit in the low 12 bits of header bytes 12-13. The top three of those
 * twelve are reserved (RFC 9293 §3.1) and kept as received so that a segment re-emits byte for
 * byte.
 */
public final class TcpFlags {
  public static final int FIN = 0x001;
  public static final int SYN = 0x002;
  public static final int RST = 0x004;
  public static final int PSH = 0x008;
  public static final int ACK = 0x010;
  public static final int URG = 0x020;

  /** ECN-Echo (RFC 3168). */
  public static final int ECE = 0x040;

  /** Congestion Window Reduced (RFC 3168). */
  public static final int CWR = 0x080;

  /** Accurate ECN (RFC 9768); the bit RFC 3540 called NS. */
  public static final int AE = 0x100;

  /** All twelve bits a segment can carry, reserved ones included. */
  public static final int MASK = 0xFFF;

  private static final String[] NAMES = {
    "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"
  };

  private TcpFlags() {}

  /** Whether every bit of {@code wanted} is set in {@code flags}. */
  public static boolean has(int flags, int wanted) {
    return (flags & wanted) == wanted;
  }

  /**
   * The names of the set bits, SYN first as a ladder diagram reads: {@code SYN,ACK}; "none" for no
   * bits.
   */
  public static String toString(int flags) {
    StringBuilder sb = new StringBuilder();
    int[] order = {SYN, FIN, RST, PSH, ACK, URG, ECE, CWR, AE};
    for (int bit : order) {
      if ((flags & bit) != 0) {
        if (!sb.isEmpty()) {
          sb.append(',');
        }
        sb.append(NAMES[Integer.numberOfTrailingZeros(bit)]);
      }
    }
    int reserved = flags & 0xE00;
    if (reserved != 0) {
      sb.append(sb.isEmpty() ? "" : ",").append("RES=0x").append(Integer.toHexString(reserved));
    }
    return sb.isEmpty() ? "none" : sb.toString();
  }
}
