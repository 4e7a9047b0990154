package io.jtcp.testkit;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A recipe for values drawn from a {@link Source}.
 *
 * <p>A generator must be a pure function of the choices it draws (no other randomness, no shared
 * mutable state): the runner replays and mutates choice lists to reproduce and shrink failures, and
 * that only finds simpler values if the same choices always give the same value. Because shrinking
 * works on the choices, the combinators below need no shrinking logic of their own.
 */
@FunctionalInterface
public interface Gen<T> {
  /** How many times {@link #filter} redraws before it aborts the value. */
  int FILTER_RETRIES = 100;

  T generate(Source src);

  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f);
    return src -> f.apply(generate(src));
  }

  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    Objects.requireNonNull(f);
    return src -> f.apply(generate(src)).generate(src);
  }

  /**
   * Values accepted by {@code keep}, redrawing up to {@link #FILTER_RETRIES} times and then
   * throwing {@link GenerationAborted} with {@code why}, so a filter that rejects most values shows
   * up as a give-up report naming it instead of as a hang.
   */
  default Gen<T> filter(Predicate<? super T> keep, String why) {
    Objects.requireNonNull(keep);
    return src -> {
      for (int i = 0; i <= FILTER_RETRIES; i++) {
        T value = generate(src);
        if (keep.test(value)) {
          return value;
        }
      }
      throw new GenerationAborted("filter rejected " + (FILTER_RETRIES + 1) + " values: " + why);
    };
  }

  default Gen<T> filter(Predicate<? super T> keep) {
    return filter(keep, "filter");
  }
}
