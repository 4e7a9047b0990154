package io.jtcp.testkit;

import java.util.SplittableRandom;

/**
 * Seeds as the runner reads, derives and prints them. A try's seed alone determines its value, and
 * try 0 of a run uses the run's base seed itself, so the seed printed for any failing try, passed
 * back as the base seed, makes that case try 0 of the next run.
 */
final class Seeds {
  static final String SEED_PROPERTY = "jtcp.seed";

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The base seed from {@code -Djtcp.seed}, or a fresh one when it is unset or empty. */
  static long base() {
    String configured = System.getProperty(SEED_PROPERTY, "").trim();
    if (configured.isEmpty()) {
      // The default constructor seeds itself from the process's seed generator; this is the one
      // place a run may differ from the last.
      return new SplittableRandom().nextLong();
    }
    return parse(configured);
  }

  /** The seed of try {@code i} of a run with base seed {@code base}. */
  static long forTry(long base, int i) {
    return i == 0 ? base : mix(base + GOLDEN * i);
  }

  /** A decimal long or a {@code 0x}-prefixed hex one (up to 16 digits, read as unsigned). */
  static long parse(String text) {
    String s = text.trim().replace("_", "");
    try {
      if (s.startsWith("0x") || s.startsWith("0X")) {
        return Long.parseUnsignedLong(s.substring(2), 16);
      }
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          SEED_PROPERTY + " must be a decimal or 0x-hex long, got \"" + text + "\"", e);
    }
  }

  static String format(long seed) {
    return String.format("0x%016x", seed);
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser, as SplittableRandom uses. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
