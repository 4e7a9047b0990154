package io.jtcp.core.isn;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) over messages of two to four 64-bit words, without
 * allocating.
 *
 * <p>This is the same function as Guava's {@code Hashing.sipHash24(k0, k1)} fed the words with
 * {@code putLong} (little-endian, as the SipHash paper reads its input); {@code SipHashTest} checks
 * that on random inputs and the paper's test vectors. It exists because Guava's hasher allocates a
 * {@code Hasher}, its buffer and a {@code HashCode} per call, and the cookie path runs once per SYN
 * during a SYN flood, exactly when the stack must not create garbage.
 */
final class SipHash {
  private SipHash() {}

  /** SipHash-2-4 of the 16-byte message {@code m0 m1}. */
  static long hash(long k0, long k1, long m0, long m1) {
    return hash(k0, k1, 2, m0, m1, 0, 0);
  }

  /** SipHash-2-4 of the 24-byte message {@code m0 m1 m2}. */
  static long hash(long k0, long k1, long m0, long m1, long m2) {
    return hash(k0, k1, 3, m0, m1, m2, 0);
  }

  /** SipHash-2-4 of the 32-byte message {@code m0 m1 m2 m3}. */
  static long hash(long k0, long k1, long m0, long m1, long m2, long m3) {
    return hash(k0, k1, 4, m0, m1, m2, m3);
  }

  private static long hash(long k0, long k1, int words, long m0, long m1, long m2, long m3) {
    long v0 = k0 ^ 0x736f6d6570736575L; // "somepseu"
    long v1 = k1 ^ 0x646f72616e646f6dL; // "dorandom"
    long v2 = k0 ^ 0x6c7967656e657261L; // "lygenera"
    long v3 = k1 ^ 0x7465646279746573L; // "tedbytes"
    // One compression per word, then the final block: no tail bytes (whole words only) and the
    // message length in bytes, mod 256, in the top byte.
    for (int i = 0; i <= words; i++) {
      long m =
          switch (i == words ? -1 : i) {
            case 0 -> m0;
            case 1 -> m1;
            case 2 -> m2;
            case 3 -> m3;
            default -> (long) (8 * words) << 56;
          };
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13) ^ v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16) ^ v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21) ^ v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17) ^ v2;
      v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  /** The first message word for a 4-tuple: both addresses. */
  static long addresses(int localAddress, int remoteAddress) {
    return (long) localAddress << 32 | (remoteAddress & 0xFFFF_FFFFL);
  }

  /**
   * The second message word for a 4-tuple: both ports, whole ints, so distinct arguments never
   * collide even if a caller passes a value outside 0..65535.
   */
  static long ports(int localPort, int remotePort) {
    return (long) localPort << 32 | (remotePort & 0xFFFF_FFFFL);
  }
}
