package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;

/**
 * TCP option kinds, their lengths, and writers shared by {@link TcpSegment#emit} and the engine's
 * in-place emission. Each writer returns the bytes it wrote.
 */
public final class TcpOptions {
  public static final int EOL = 0;
  public static final int NOP = 1;
  public static final int MSS = 2;
  public static final int WINDOW_SCALE = 3;
  public static final int SACK_PERMITTED = 4;
  public static final int SACK = 5;
  public static final int TIMESTAMPS = 8;

  /** The option space: a data offset of 15 words less the 20-byte fixed header. */
  public static final int MAX_LENGTH = 40;

  /** RFC 2018: at most four blocks fit beside nothing else; three beside timestamps. */
  public static final int MAX_SACK_BLOCKS = 4;

  private TcpOptions() {}

  /**
   * Whether an option of this kind and total length is one jtcp interprets. A known kind with
   * another length is kept as an unknown option and ignored, as Linux's {@code tcp_parse_options}
   * ignores it, rather than failing the segment.
   */
  public static boolean interpreted(int kind, int length) {
    return switch (kind) {
      case MSS -> length == 4;
      case WINDOW_SCALE -> length == 3;
      case SACK_PERMITTED -> length == 2;
      case TIMESTAMPS -> length == 10;
      case SACK -> length >= 10 && length <= 34 && (length - 2) % 8 == 0;
      default -> false;
    };
  }

  public static int writeNop(MemorySegment s, long p) {
    Bytes.u8(s, p, NOP);
    return 1;
  }

  public static int writeMss(MemorySegment s, long p, int mss) {
    Bytes.u8(s, p, MSS);
    Bytes.u8(s, p + 1, 4);
    Bytes.u16(s, p + 2, mss);
    return 4;
  }

  public static int writeWindowScale(MemorySegment s, long p, int shift) {
    Bytes.u8(s, p, WINDOW_SCALE);
    Bytes.u8(s, p + 1, 3);
    Bytes.u8(s, p + 2, shift);
    return 3;
  }

  public static int writeSackPermitted(MemorySegment s, long p) {
    Bytes.u8(s, p, SACK_PERMITTED);
    Bytes.u8(s, p + 1, 2);
    return 2;
  }

  public static int writeTimestamps(MemorySegment s, long p, int value, int echoReply) {
    Bytes.u8(s, p, TIMESTAMPS);
    Bytes.u8(s, p + 1, 10);
    Bytes.i32(s, p + 2, value);
    Bytes.i32(s, p + 6, echoReply);
    return 10;
  }

  /** Writes a SACK option with {@code count} blocks taken from the parallel arrays. */
  public static int writeSack(MemorySegment s, long p, int[] lefts, int[] rights, int count) {
    int len = 2 + 8 * count;
    Bytes.u8(s, p, SACK);
    Bytes.u8(s, p + 1, len);
    for (int i = 0; i < count; i++) {
      Bytes.i32(s, p + 2 + 8L * i, lefts[i]);
      Bytes.i32(s, p + 6 + 8L * i, rights[i]);
    }
    return len;
  }
}
