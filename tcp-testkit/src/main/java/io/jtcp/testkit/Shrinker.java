package io.jtcp.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Searches for a shortlex-smaller choice list that still fails, knowing nothing of the values the
 * choices become. Every accepted candidate is strictly smaller than the one before and evaluations
 * are capped, so shrinking always terminates.
 *
 * <p>Each round runs: delete chunks of 8, 4, 2 and 1 choices (drops list elements and whole
 * sub-structures); set chunks of choices to 0; lower each choice by subtracting decreasing powers
 * of two (a binary search toward 0 that ends in decrements, and that keeps making progress when the
 * failing values are not contiguous, e.g. behind a filter); lower equal choices together (so a
 * duplicate stays a duplicate). Only when a round finds nothing, two costlier passes: delete
 * choices right after a count and lower the count to match (removes the middle of a length-prefixed
 * sequence), and move value from one choice to a nearby later one (so {@code [240, 260]} with "sum
 * >= 500" can become {@code [0, 500]} and then {@code [500]}). Rounds repeat until one finds
 * nothing.
 */
final class Shrinker {
  /** A failing run: the choices it actually consumed and what it threw. */
  record Failure(long[] choices, Throwable error) {}

  /** Replays a candidate; returns the failure if it still fails the same way, else null. */
  @FunctionalInterface
  interface Test {
    Failure run(long[] candidate);
  }

  private static final int[] CHUNKS = {8, 4, 2, 1};
  private static final int REDISTRIBUTE_REACH = 8;
  private static final int MAX_DUPLICATE_GROUPS = 8;

  private final Test test;
  private final int budget;
  private final Set<Long> tried = new HashSet<>();
  private Failure best;
  private int steps;
  private int evaluations;

  Shrinker(Failure start, Test test, int budget) {
    this.best = start;
    this.test = test;
    this.budget = budget;
  }

  /** The smallest failure found. */
  Failure shrink() {
    boolean progress = true;
    while (progress && !exhausted()) {
      progress = deleteChunks() | zeroChunks() | lowerEach() | lowerDuplicates();
      if (!progress) {
        progress = deleteCounted() | redistribute();
      }
    }
    return best;
  }

  /** Candidates accepted, each a strict shortlex improvement. */
  int steps() {
    return steps;
  }

  /** Times the property ran while shrinking. */
  int evaluations() {
    return evaluations;
  }

  private boolean deleteChunks() {
    boolean progress = false;
    for (int k : CHUNKS) {
      int i = choices().length - k;
      while (i >= 0 && !exhausted()) {
        long[] c = choices();
        if (i + k > c.length) {
          i = c.length - k;
          continue;
        }
        long[] cand = new long[c.length - k];
        System.arraycopy(c, 0, cand, 0, i);
        System.arraycopy(c, i + k, cand, i, c.length - i - k);
        if (consider(cand)) {
          progress = true; // and retry at i: the choices that slid into place get their turn
        } else {
          i--;
        }
      }
    }
    return progress;
  }

  private boolean zeroChunks() {
    boolean progress = false;
    for (int k : CHUNKS) {
      for (int i = 0; i + k <= choices().length && !exhausted(); i++) {
        long[] c = choices();
        boolean allZero = true;
        for (int j = i; j < i + k; j++) {
          allZero &= c[j] == 0;
        }
        if (allZero) {
          continue;
        }
        long[] cand = c.clone();
        Arrays.fill(cand, i, i + k, 0);
        progress |= consider(cand);
      }
    }
    return progress;
  }

  private boolean lowerEach() {
    boolean progress = false;
    for (int i = 0; i < choices().length && !exhausted(); i++) {
      progress |= lower(i);
    }
    return progress;
  }

  /** Subtracts decreasing powers of two from choice {@code i} while the result still fails. */
  private boolean lower(int i) {
    boolean progress = false;
    long c = choices()[i];
    for (int bit = 63 - Long.numberOfLeadingZeros(c); bit >= 0 && !exhausted(); bit--) {
      long step = 1L << bit;
      while (Long.compareUnsigned(c, step) >= 0 && !exhausted()) {
        long[] cand = choices().clone();
        cand[i] = c - step;
        if (!consider(cand)) {
          break;
        }
        progress = true;
        if (i >= choices().length) {
          return true;
        }
        c = choices()[i];
      }
    }
    return progress;
  }

  /**
   * Lowers equal choices together, for failures that need two values to agree (a duplicate in a
   * list, a field repeated in two places), which lowering one at a time can never keep.
   */
  private boolean lowerDuplicates() {
    Map<Long, Integer> counts = new HashMap<>();
    for (long c : choices()) {
      if (c != 0) {
        counts.merge(c, 1, Integer::sum);
      }
    }
    List<Long> repeated = new ArrayList<>();
    counts.forEach(
        (value, n) -> {
          if (n >= 2) {
            repeated.add(value);
          }
        });
    repeated.sort(Comparator.comparing(counts::get).reversed());
    boolean progress = false;
    for (long value : repeated.subList(0, Math.min(repeated.size(), MAX_DUPLICATE_GROUPS))) {
      progress |= lowerTogether(value);
    }
    return progress;
  }

  private boolean lowerTogether(long value) {
    boolean progress = false;
    long c = value;
    for (int bit = 63 - Long.numberOfLeadingZeros(c); bit >= 0 && !exhausted(); bit--) {
      long step = 1L << bit;
      while (Long.compareUnsigned(c, step) >= 0 && !exhausted()) {
        long[] cand = choices().clone();
        int copies = 0;
        for (int i = 0; i < cand.length; i++) {
          if (cand[i] == c) {
            cand[i] = c - step;
            copies++;
          }
        }
        if (copies < 2 || !consider(cand)) {
          break;
        }
        progress = true;
        c -= step;
      }
    }
    return progress;
  }

  /**
   * Deletes k choices right after a choice that is at least k and lowers that choice by k, which
   * removes an element from the middle of a length-prefixed sequence (such as {@link
   * Gens#bytes(int, int)}) where deleting alone would only shift the following elements.
   */
  private boolean deleteCounted() {
    boolean progress = false;
    for (int k : CHUNKS) {
      int j = 0;
      while (j < choices().length && !exhausted()) {
        long[] c = choices();
        long count = c[j];
        int after = c.length - j - 1;
        if (Long.compareUnsigned(count, k) < 0
            || Long.compareUnsigned(count, after) > 0
            || k > after) {
          j++;
          continue;
        }
        long[] cand = new long[c.length - k];
        System.arraycopy(c, 0, cand, 0, j + 1);
        cand[j] = count - k;
        System.arraycopy(c, j + 1 + k, cand, j + 1, c.length - j - 1 - k);
        if (consider(cand)) {
          progress = true; // and retry at j
        } else {
          j++;
        }
      }
    }
    return progress;
  }

  private boolean redistribute() {
    boolean progress = false;
    for (int i = 0; i < choices().length && !exhausted(); i++) {
      for (int j = i + 1; j <= i + REDISTRIBUTE_REACH && j < choices().length; j++) {
        if (exhausted()) {
          return progress;
        }
        progress |= move(i, j);
        if (i >= choices().length) {
          return progress;
        }
      }
    }
    return progress;
  }

  /**
   * Moves as much as still fails from choice {@code i} to choice {@code j}, largest moves first.
   */
  private boolean move(int i, int j) {
    boolean progress = false;
    long[] c = choices();
    if (c[i] == 0 || c[j] == 0) {
      return false;
    }
    for (int bit = 63 - Long.numberOfLeadingZeros(c[i]); bit >= 0 && !exhausted(); bit--) {
      c = choices();
      if (j >= c.length) {
        return progress;
      }
      long step = 1L << bit;
      long to = c[j] + step;
      if (Long.compareUnsigned(c[i], step) < 0 || Long.compareUnsigned(to, c[j]) < 0) {
        continue;
      }
      long[] cand = c.clone();
      cand[i] -= step;
      cand[j] = to;
      progress |= consider(cand);
    }
    return progress;
  }

  private long[] choices() {
    return best.choices();
  }

  private boolean exhausted() {
    return evaluations >= budget;
  }

  /** Runs {@code candidate} unless already tried, and keeps it if it fails and is smaller. */
  private boolean consider(long[] candidate) {
    if (exhausted() || !shortlexLess(candidate, best.choices()) || !tried.add(hash(candidate))) {
      return false;
    }
    evaluations++;
    Failure f = test.run(candidate);
    if (f == null || !shortlexLess(f.choices(), best.choices())) {
      return false;
    }
    best = f;
    steps++;
    return true;
  }

  /** Shorter first, then lexicographically smaller as unsigned choices. */
  static boolean shortlexLess(long[] a, long[] b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    return Arrays.compareUnsigned(a, b) < 0;
  }

  private static long hash(long[] a) {
    long h = a.length;
    for (long x : a) {
      h = Seeds.mix(h * 0x9E3779B97F4A7C15L + x);
    }
    return h;
  }
}
