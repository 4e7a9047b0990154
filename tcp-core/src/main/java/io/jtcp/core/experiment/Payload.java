package io.jtcp.core.experiment;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The bytes a transfer sends: a seeded pseudo-random stream, made one block at a time and hashed as
 * it is made, so that a transfer of gigabytes holds one block and a digest, never the whole
 * payload. Random rather than patterned bytes, so that a segment delivered at the wrong offset
 * changes the hash.
 */
final class Payload {
  static final int BLOCK = 64 * 1024;

  private final SplittableRandom random;
  private final MessageDigest digest = sha256();
  private final byte[] block;
  private long ungenerated;
  private int position;
  private int limit;

  Payload(long size, SplittableRandom random) {
    this.random = random;
    this.ungenerated = size;
    this.block = new byte[(int) Math.min(BLOCK, size)];
  }

  /** The block the next bytes come from; they start at {@link #position()}. */
  byte[] block() {
    return block;
  }

  int position() {
    return position;
  }

  /** How many bytes are ready at {@link #position()}; makes the next block when none is left. */
  int ready() {
    if (position == limit && ungenerated > 0) {
      random.nextBytes(block);
      limit = (int) Math.min(block.length, ungenerated);
      position = 0;
      ungenerated -= limit;
      digest.update(block, 0, limit);
    }
    return limit - position;
  }

  /** The next {@code n} ready bytes were sent. */
  void consume(int n) {
    position += n;
  }

  /** Whether every byte has been sent. */
  boolean done() {
    return position == limit && ungenerated == 0;
  }

  /**
   * SHA-256 of the whole payload, sent or not, so that it names the stream even when a transfer
   * stops early; call once.
   */
  String sha256Hex() {
    while (ungenerated > 0) {
      position = limit;
      ready();
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256 (java.security)", e);
    }
  }
}
