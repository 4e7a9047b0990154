package io.jtcp.core.engine;

import io.jtcp.core.wire.Seq;

/**
 * The answer of RFC 6675 §4 {@code NextSeg()} — one range of sequence space to (re)transmit and why
 * — packed into a {@code long} so that asking for it allocates nothing.
 *
 * <p>Layout: bits 63..32 the first sequence number, bits 31..4 the length (at most SMSS, so 28 bits
 * are plenty), bits 3..0 the {@linkplain #kind kind}. {@link #NONE} ({@code 0L}, kind 0) means
 * "nothing to send". The range is sequence space, not bytes: when the connection has sent a FIN and
 * a range ends at SND.MAX, its last sequence number is the FIN.
 */
final class NextSeg {
  /** Nothing to send (RFC 6675 §5 step C.1: "If NextSeg () returns failure"). */
  static final long NONE = 0L;

  /**
   * The retransmission of the segment at SND.UNA that starts a recovery: RFC 6675 §5 step 4.3 and
   * RFC 6582 §3.2 step 2 (fast retransmit), or RFC 6582 §3.2 step 3 (a NewReno partial ACK). Sent
   * at once, without consulting cwnd.
   */
  static final int FAST_RETRANSMIT = 1;

  /** NextSeg() rule (1): the first unSACKed range above HighRxt that IsLost() declares lost. */
  static final int LOST = 2;

  /** NextSeg() rule (2): previously unsent data starting at HighData. */
  static final int NEW_DATA = 3;

  /** NextSeg() rule (3): the first unSACKed range above HighRxt below the highest SACKed octet. */
  static final int UNSACKED = 4;

  /**
   * NextSeg() rule (4): the one rescue retransmission per recovery, holding the highest outstanding
   * unSACKed octet. Does not move HighRxt.
   */
  static final int RESCUE = 5;

  /**
   * After a retransmission timeout: the next unSACKed range at or above HighRxt below the recovery
   * point (RFC 6675 §5.1's "filling in the sequence space reported as missing").
   */
  static final int RTO_RETRANSMIT = 6;

  private NextSeg() {}

  static long of(int kind, int seq, int len) {
    if (kind <= 0 || kind > 15 || len <= 0 || len >= 1 << 28) {
      throw new IllegalArgumentException("kind " + kind + ", len " + len);
    }
    return (long) seq << 32 | (long) len << 4 | kind;
  }

  /** The kind, 0 for {@link #NONE}. */
  static int kind(long seg) {
    return (int) seg & 0xF;
  }

  static int seq(long seg) {
    return (int) (seg >>> 32);
  }

  static int len(long seg) {
    return (int) seg >>> 4;
  }

  /** One past the last sequence number of the range. */
  static int end(long seg) {
    return seq(seg) + len(seg);
  }

  /** Whether the range is a retransmission (anything but {@link #NEW_DATA}). */
  static boolean isRetransmission(long seg) {
    int k = kind(seg);
    return k != 0 && k != NEW_DATA;
  }

  static String kindName(int kind) {
    return switch (kind) {
      case 0 -> "NONE";
      case FAST_RETRANSMIT -> "FAST_RETRANSMIT";
      case LOST -> "LOST";
      case NEW_DATA -> "NEW_DATA";
      case UNSACKED -> "UNSACKED";
      case RESCUE -> "RESCUE";
      case RTO_RETRANSMIT -> "RTO_RETRANSMIT";
      default -> "kind" + kind;
    };
  }

  static String toString(long seg) {
    if (seg == NONE) {
      return "NONE";
    }
    return kindName(kind(seg)) + "[" + Seq.toString(seq(seg)) + ", " + Seq.toString(end(seg)) + ")";
  }
}
