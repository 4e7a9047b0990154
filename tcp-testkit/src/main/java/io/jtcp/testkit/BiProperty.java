package io.jtcp.testkit;

import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * A property of two generated values; see {@link Property}, which runs it over {@link Pair}s (the
 * pair is what {@link PropertyFailure#original()} and {@link PropertyFailure#shrunk()} return).
 */
public final class BiProperty<A, B> {
  /** A two-argument property body: any throwable it throws falsifies the property. */
  @FunctionalInterface
  public interface Body<A, B> {
    void accept(A first, B second) throws Throwable;
  }

  /** The arguments of one case; renders as {@code (first, second)}. */
  public record Pair<A, B>(A first, B second) {
    @Override
    public String toString() {
      return Render.value(this);
    }
  }

  private final Property<Pair<A, B>> pairs;

  BiProperty(Property<Pair<A, B>> pairs) {
    this.pairs = pairs;
  }

  static <A, B> Gen<Pair<A, B>> pairs(Gen<A> first, Gen<B> second) {
    Objects.requireNonNull(first);
    Objects.requireNonNull(second);
    return src -> {
      A a = first.generate(src);
      return new Pair<>(a, second.generate(src));
    };
  }

  /** See {@link Property#tries(int)}. */
  public BiProperty<A, B> tries(int n) {
    return new BiProperty<>(pairs.tries(n));
  }

  /** See {@link Property#seed(long)}. */
  public BiProperty<A, B> seed(long base) {
    return new BiProperty<>(pairs.seed(base));
  }

  /** See {@link Property#named(String)}. */
  public BiProperty<A, B> named(String propertyName) {
    return new BiProperty<>(pairs.named(propertyName));
  }

  /** See {@link Property#shrinkBudget(int)}. */
  public BiProperty<A, B> shrinkBudget(int evaluations) {
    return new BiProperty<>(pairs.shrinkBudget(evaluations));
  }

  /** Passes if {@code body} returns normally for every generated pair of values. */
  public void check(Body<? super A, ? super B> body) {
    Objects.requireNonNull(body);
    pairs.check(p -> body.accept(p.first(), p.second()));
  }

  /** Passes if {@code predicate} holds for every generated pair of values. */
  public void checkThat(BiPredicate<? super A, ? super B> predicate) {
    Objects.requireNonNull(predicate);
    pairs.checkThat(p -> predicate.test(p.first(), p.second()));
  }
}
