package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 *
 * <p>Sums are carried as a {@code long} of unfolded one's-complement partial sums so that a
 * pseudo-header, a header and a payload can be summed separately and combined with {@link #fold}.
 * The loop adds 64-bit big-endian words with an end-around carry, which RFC 1071 §2 shows equals
 * the 16-bit sum once folded, at an eighth of the additions (measured in {@code
 * ChecksumBenchmark}).
 */
public final class Checksum {
  private Checksum() {}

  /**
   * Adds {@code len} bytes at {@code off} to a running partial sum. The region must start at an
   * even offset from the start of the checksummed data; an odd final byte is padded with zero, as
   * RFC 1071 specifies.
   */
  public static long add(long sum, MemorySegment s, long off, int len) {
    long p = off;
    long end = off + len;
    // Two 32-bit halves per 64-bit word into two accumulators: no carry test per word (a
    // data-dependent branch that mispredicted half the time), and 2^31 words fit before either
    // can overflow. The end-around carries are all folded at the end (RFC 1071 §2: the sum is
    // independent of grouping).
    long a = 0;
    long b = 0;
    while (end - p >= 16) {
      long w = s.get(Bytes.U64, p);
      long x = s.get(Bytes.U64, p + 8);
      a += (w >>> 32) + (w & 0xFFFF_FFFFL);
      b += (x >>> 32) + (x & 0xFFFF_FFFFL);
      p += 16;
    }
    if (end - p >= 8) {
      long w = s.get(Bytes.U64, p);
      a += (w >>> 32) + (w & 0xFFFF_FFFFL);
      p += 8;
    }
    long acc = sum;
    long words = a + b;
    acc += words;
    if (Long.compareUnsigned(acc, words) < 0) {
      acc++;
    }
    long tail = 0;
    if (end - p >= 4) {
      tail += Bytes.i32(s, p) & 0xFFFF_FFFFL;
      p += 4;
    }
    if (end - p >= 2) {
      tail += Bytes.u16(s, p);
      p += 2;
    }
    if (end - p >= 1) {
      tail += Bytes.u8(s, p) << 8;
    }
    acc += tail;
    if (Long.compareUnsigned(acc, tail) < 0) {
      acc++;
    }
    return acc;
  }

  /** Adds one 16-bit word to a running partial sum. */
  public static long addWord(long sum, int word) {
    long w = word & 0xFFFF;
    long acc = sum + w;
    return Long.compareUnsigned(acc, w) < 0 ? acc + 1 : acc;
  }

  /** The partial sum of the IPv4 pseudo-header (RFC 9293 §3.1) for a TCP or UDP checksum. */
  public static long pseudoHeader(int src, int dst, int protocol, int length) {
    return (src >>> 16)
        + (src & 0xFFFF)
        + (dst >>> 16)
        + (dst & 0xFFFF)
        + (protocol & 0xFF)
        + (length & 0xFFFF);
  }

  /** Folds a partial sum to 16 bits and complements it: the value to store in a checksum field. */
  public static int fold(long sum) {
    long s = (sum >>> 32) + (sum & 0xFFFF_FFFFL);
    s = (s >>> 32) + (s & 0xFFFF_FFFFL);
    s = (s >>> 16) + (s & 0xFFFF);
    s = (s >>> 16) + (s & 0xFFFF);
    s = (s >>> 16) + (s & 0xFFFF);
    return (int) (~s & 0xFFFF);
  }

  /**
   * The checksum of a region on its own. Data that carries its own correct checksum yields zero.
   */
  public static int of(MemorySegment s, long off, int len) {
    return fold(add(0, s, off, len));
  }

  /**
   * RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changes from {@code
   * oldWord} to {@code newWord}, without summing the data again: {@code HC' = ~(~HC + ~m + m')}.
   */
  public static int update(int checksum, int oldWord, int newWord) {
    long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
    return fold(sum);
  }

  /** {@link #update} for a 32-bit field (an address or a sequence number) treated as two words. */
  public static int update32(int checksum, int oldValue, int newValue) {
    long sum =
        (~checksum & 0xFFFF)
            + (~oldValue >>> 16 & 0xFFFF)
            + (~oldValue & 0xFFFF)
            + (newValue >>> 16)
            + (newValue & 0xFFFF);
    return fold(sum);
  }
}
