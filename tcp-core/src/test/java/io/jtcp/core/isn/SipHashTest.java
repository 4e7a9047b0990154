package io.jtcp.core.isn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import org.junit.jupiter.api.Test;

/** The allocation-free SipHash-2-4 is Guava's {@code Hashing.sipHash24} on whole 64-bit words. */
class SipHashTest {
  /** The SipHash paper's key, bytes 00..0f, as SipHash's two little-endian words. */
  private static final long K0 = 0x0706050403020100L;

  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  private static byte[] counting(int length) {
    byte[] message = new byte[length];
    for (int i = 0; i < length; i++) {
      message[i] = (byte) i;
    }
    return message;
  }

  /** Little-endian word {@code w} of the message 00 01 02 .... */
  private static long countingWord(int w) {
    long word = 0;
    for (int b = 7; b >= 0; b--) {
      word = word << 8 | (8 * w + b);
    }
    return word;
  }

  @Test
  void guavaAgreesWithThePapersVector() {
    // Appendix A of the SipHash paper: the 15-byte message 00..0e under key 00..0f.
    assertEquals(0xa129ca6149be45e5L, Hashing.sipHash24(K0, K1).hashBytes(counting(15)).asLong());
  }

  @Test
  void theReferenceVectorsOfWholeWords() {
    HashFunction guava = Hashing.sipHash24(K0, K1);
    long w0 = countingWord(0);
    long w1 = countingWord(1);
    long w2 = countingWord(2);
    long w3 = countingWord(3);
    assertEquals(guava.hashBytes(counting(16)).asLong(), SipHash.hash(K0, K1, w0, w1));
    assertEquals(guava.hashBytes(counting(24)).asLong(), SipHash.hash(K0, K1, w0, w1, w2));
    assertEquals(guava.hashBytes(counting(32)).asLong(), SipHash.hash(K0, K1, w0, w1, w2, w3));
  }

  @Test
  void matchesGuavaOnRandomKeysAndWords() {
    Gen<long[]> keyAndWords =
        src -> {
          long[] v = new long[6];
          for (int i = 0; i < v.length; i++) {
            v[i] = Gens.longs().generate(src);
          }
          return v;
        };
    Property.forAll(keyAndWords)
        .tries(2_000)
        .check(
            v -> {
              HashFunction guava = Hashing.sipHash24(v[0], v[1]);
              assertEquals(
                  guava.newHasher().putLong(v[2]).putLong(v[3]).hash().asLong(),
                  SipHash.hash(v[0], v[1], v[2], v[3]));
              assertEquals(
                  guava.newHasher().putLong(v[2]).putLong(v[3]).putLong(v[4]).hash().asLong(),
                  SipHash.hash(v[0], v[1], v[2], v[3], v[4]));
              assertEquals(
                  guava
                      .newHasher()
                      .putLong(v[2])
                      .putLong(v[3])
                      .putLong(v[4])
                      .putLong(v[5])
                      .hash()
                      .asLong(),
                  SipHash.hash(v[0], v[1], v[2], v[3], v[4], v[5]));
            });
  }
}
