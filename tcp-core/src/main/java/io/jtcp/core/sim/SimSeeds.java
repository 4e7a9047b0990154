package io.jtcp.core.sim;

/**
 * Derives the seeds of the network's random streams from the network's seed and stable names, so
 * that each stream depends only on its own identity: adding a host, or a stage to one link, does
 * not shift the draws of any other link or stage.
 */
final class SimSeeds {
  private SimSeeds() {}

  /** The seed of the stream named {@code label} under {@code parent}. */
  static long derive(long parent, String label) {
    long h = 0xCBF2_9CE4_8422_2325L; // FNV-1a over the UTF-16 units: stable across JVMs
    for (int i = 0; i < label.length(); i++) {
      h = (h ^ label.charAt(i)) * 0x0000_0100_0000_01B3L;
    }
    return mix64(mix64(parent) ^ h);
  }

  /** The seed of one direction of a host's link; {@code salt} is {@link LinkParams#seed()}. */
  static long link(long networkSeed, String host, String direction, long salt) {
    return derive(derive(networkSeed, host + '/' + direction), Long.toHexString(salt));
  }

  /** Stafford's variant 13 of MurmurHash3's finalizer, as {@link java.util.SplittableRandom}. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
