package io.jtcp.core.sim;

import java.util.SplittableRandom;

/**
 * The random changes to a packet that both the simulator's stages and {@link FaultyLink} make, so
 * that the two corrupt, cut and lose in bursts alike.
 */
final class Impairments {
  private Impairments() {}

  /**
   * Flips from 1 to 15 bits of one 16-bit word of {@code bytes[from, from + length)}, at an even
   * offset from {@code from}: XOR with a mask drawn uniformly from 1 to 0xFFFE (1 to 0xFF for a
   * last odd byte, which the checksum pads with a zero byte).
   *
   * <p>Why one word: the Internet checksum (RFC 1071) is the ones' complement sum of 16-bit words,
   * that is the sum modulo 65535. Changing one word from {@code x} to {@code y} changes the sum by
   * {@code y - x}, which is 0 modulo 65535 only when the word goes from 0x0000 to 0xFFFF or back, a
   * flip of all 16 bits, which the mask excludes. So every corruption made here fails the checksum
   * that covers the word: the IPv4 header checksum for the header, the TCP (or ICMP) checksum for
   * the rest, as long as {@code from} is where the IPv4 header starts (IPv4 headers are a multiple
   * of 4 bytes, so the transport header starts on a word boundary too). Flips spread over several
   * words can cancel and slip through, as they do on real paths; a simulator that let them through
   * would deliver wrong bytes to the application, which no amount of correct TCP could prevent.
   *
   * @return the offset of the word changed
   * @throws IllegalArgumentException if {@code length} is below 1
   */
  static int corrupt(byte[] bytes, int from, int length, SplittableRandom random) {
    if (length < 1) {
      throw new IllegalArgumentException("cannot corrupt an empty range");
    }
    int words = (length + 1) / 2;
    int at = from + 2 * random.nextInt(words);
    if (at + 1 < from + length) {
      int mask = 1 + random.nextInt(0xFFFE); // [1, 0xFFFE]: never none, never all 16 bits
      bytes[at] ^= (byte) (mask >>> 8);
      bytes[at + 1] ^= (byte) mask;
    } else {
      bytes[at] ^= (byte) (1 + random.nextInt(0xFF)); // [1, 0xFF]
    }
    return at;
  }

  /**
   * A length drawn uniformly from 1 to {@code length - 1}.
   *
   * @throws IllegalArgumentException if {@code length} is below 2 (nothing to cut)
   */
  static int truncatedLength(int length, SplittableRandom random) {
    if (length < 2) {
      throw new IllegalArgumentException("cannot cut a packet of " + length + " bytes shorter");
    }
    return 1 + random.nextInt(length - 1);
  }

  /**
   * The state of a {@link GilbertElliott} chain. Each packet draws exactly two numbers (the move,
   * then the loss), whatever the outcome, so a run's draws depend only on how many packets passed.
   */
  static final class GilbertElliottChain {
    private final GilbertElliott model;
    private boolean bad;

    GilbertElliottChain(GilbertElliott model) {
      this.model = model;
    }

    /** Moves the chain for one packet and tells whether that packet is lost. */
    boolean lose(SplittableRandom random) {
      double move = random.nextDouble();
      bad = bad ? move >= model.r() : move < model.p();
      return random.nextDouble() < (bad ? model.lossInBad() : model.lossInGood());
    }

    /** Whether the chain is in the bad state (after the last packet). */
    boolean isBad() {
      return bad;
    }
  }
}
