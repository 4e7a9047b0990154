package io.jtcp.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs a property over generated values and, when it fails, shrinks the counterexample and throws a
 * {@link PropertyFailure} whose report says how to replay it.
 *
 * <pre>{@code
 * Property.forAll(Gens.bytes(0, 1500)).tries(10_000).check(b -> assertEquals(...));
 * }</pre>
 *
 * <p>Seeds: {@link #seed(long)} wins, then {@code -Djtcp.seed=} (decimal or {@code 0x}-hex), else a
 * fresh seed per run. Try 0 uses that seed itself and later tries derive theirs from it; a failure
 * reports the failing try's own seed, so passing it back makes the failing case try 0 and the run
 * then goes on through the remaining tries as usual (deterministically).
 *
 * <p>Tries: {@link #tries(int)} wins, then {@code -Djtcp.tries=} (it overrides the default for
 * properties that did not set their own count), else {@value #DEFAULT_TRIES}. Cases whose
 * generation aborts ({@link GenerationAborted}) are discarded and not counted; the run gives up
 * with an {@link AssertionError} once discards outnumber the requested tries.
 *
 * <p>Instances are immutable; each setter returns a copy.
 */
public final class Property<T> {
  public static final int DEFAULT_TRIES = 1000;
  public static final int DEFAULT_SHRINK_BUDGET = 5000;
  public static final String TRIES_PROPERTY = "jtcp.tries";
  public static final String SEED_PROPERTY = Seeds.SEED_PROPERTY;

  /** A property body: any throwable it throws falsifies the property. */
  @FunctionalInterface
  public interface Body<T> {
    void accept(T value) throws Throwable;
  }

  private static final Set<Class<?>> RUNNER = Set.of(Property.class, BiProperty.class);

  private final Gen<T> gen;
  private final Integer tries;
  private final Long seed;
  private final String name;
  private final int shrinkBudget;

  private Property(Gen<T> gen, Integer tries, Long seed, String name, int shrinkBudget) {
    this.gen = gen;
    this.tries = tries;
    this.seed = seed;
    this.name = name;
    this.shrinkBudget = shrinkBudget;
  }

  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(Objects.requireNonNull(gen), null, null, null, DEFAULT_SHRINK_BUDGET);
  }

  public static <A, B> BiProperty<A, B> forAll(Gen<A> first, Gen<B> second) {
    return new BiProperty<>(forAll(BiProperty.pairs(first, second)));
  }

  /** Runs {@code n} passing tries (discarded cases aside); overrides {@code -Djtcp.tries}. */
  public Property<T> tries(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("tries must be positive: " + n);
    }
    return new Property<>(gen, n, seed, name, shrinkBudget);
  }

  /** Uses {@code base} as the seed of try 0; overrides {@code -Djtcp.seed}. */
  public Property<T> seed(long base) {
    return new Property<>(gen, tries, base, name, shrinkBudget);
  }

  /** Names the property in reports; the default is the calling test's {@code Class#method}. */
  public Property<T> named(String propertyName) {
    return new Property<>(gen, tries, seed, Objects.requireNonNull(propertyName), shrinkBudget);
  }

  /** Caps how many times the property may run while shrinking one failure. */
  public Property<T> shrinkBudget(int evaluations) {
    if (evaluations < 0) {
      throw new IllegalArgumentException("shrink budget must not be negative: " + evaluations);
    }
    return new Property<>(gen, tries, seed, name, evaluations);
  }

  /** Passes if {@code body} returns normally for every generated value. */
  public void check(Body<? super T> body) {
    Objects.requireNonNull(body);
    Optional<String> caller = callerName();
    String label = name != null ? name : caller.orElse("property");
    long base = seed != null ? seed : Seeds.base();
    int n = tries != null ? tries : triesFromSystem();
    int passed = 0;
    int discarded = 0;
    for (int i = 0; passed < n; i++) {
      long trySeed = Seeds.forTry(base, i);
      Source src = Source.random(trySeed);
      Throwable error;
      try {
        error = run(src, body);
      } catch (GenerationAborted e) {
        if (++discarded > n) {
          throw new AssertionError(
              String.format(
                  "Property %s gave up: %d cases discarded and only %d passed (base seed"
                      + " -D%s=%s); last reason: %s",
                  label, discarded, passed, SEED_PROPERTY, Seeds.format(base), e.getMessage()));
        }
        continue;
      }
      if (error != null) {
        throw falsified(label, caller, trySeed, passed + 1, n, src.choices(), error, body);
      }
      passed++;
    }
  }

  /** Passes if {@code predicate} holds for every generated value. */
  public void checkThat(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate);
    check(
        value -> {
          if (!predicate.test(value)) {
            throw new AssertionError("predicate returned false");
          }
        });
  }

  /** Generates from {@code src} and runs the body; generation aborts propagate, failures return. */
  private Throwable run(Source src, Body<? super T> body) {
    T value;
    try {
      value = gen.generate(src);
    } catch (GenerationAborted e) {
      throw e;
    } catch (Throwable t) { // a generator bug is part of what the property found
      return t;
    }
    try {
      body.accept(value);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private PropertyFailure falsified(
      String label,
      Optional<String> caller,
      long trySeed,
      int tryNumber,
      int n,
      long[] choices,
      Throwable error,
      Body<? super T> body) {
    Class<?> kind = error.getClass();
    Shrinker.Test sameFailure =
        candidate -> {
          Source src = Source.replay(candidate);
          try {
            Throwable t = run(src, body);
            return t != null && t.getClass() == kind
                ? new Shrinker.Failure(src.choices(), t)
                : null;
          } catch (GenerationAborted e) {
            return null;
          }
        };
    // Shrinking a case that does not fail again would only wander; say so instead.
    boolean replays = sameFailure.run(choices) != null;
    Shrinker shrinker =
        new Shrinker(new Shrinker.Failure(choices, error), sameFailure, replays ? shrinkBudget : 0);
    Shrinker.Failure smallest = shrinker.shrink();
    Object original = regenerate(choices);
    Object shrunk = regenerate(smallest.choices());

    String seedArg = "-D" + SEED_PROPERTY + "=" + Seeds.format(trySeed);
    StringBuilder report = new StringBuilder();
    report.append(String.format("Property %s failed on try %d of %d.\n", label, tryNumber, n));
    report.append("  seed:     ").append(seedArg).append('\n');
    caller.ifPresent(
        c ->
            report
                .append("  replay:   mvn ")
                .append(seedArg)
                .append(" -Dtest=")
                .append(c)
                .append(" -pl ")
                .append(module())
                .append(" verify\n"));
    report.append("  original: ").append(describe(choices)).append('\n');
    report
        .append("  shrunk:   ")
        .append(describe(smallest.choices()))
        .append(
            String.format(
                "\n            (%d shrink steps, %d evaluations%s)\n",
                shrinker.steps(),
                shrinker.evaluations(),
                replays && shrinker.evaluations() >= shrinkBudget ? ", budget exhausted" : ""));
    if (!replays) {
      report.append(
          "  flaky:    replaying the failing case did not fail the same way; the property or its"
              + " generator is not deterministic, so the seed may not reproduce it\n");
    }
    report.append("  failure:  ").append(indent(String.valueOf(smallest.error())));

    PropertyFailure failure =
        new PropertyFailure(
            report.toString(),
            smallest.error(),
            label,
            trySeed,
            tryNumber,
            original,
            shrunk,
            shrinker.steps(),
            shrinker.evaluations());
    if (smallest.error() != error) {
      failure.addSuppressed(error);
    }
    System.err.println(report);
    return failure;
  }

  /** The value {@code choices} generate, fresh, or null if generating it throws. */
  private Object regenerate(long[] choices) {
    try {
      return gen.generate(Source.replay(choices));
    } catch (Throwable e) { // already reported: the failure itself, or describe() shows it
      return null;
    }
  }

  /** What {@code choices} generate, rendered for the report. */
  private String describe(long[] choices) {
    try {
      return Render.value(gen.generate(Source.replay(choices)));
    } catch (Throwable e) { // a generator that throws is reported, not rethrown
      return "<generator threw " + e + ">";
    }
  }

  private static String indent(String text) {
    return text.replace("\n", "\n            ");
  }

  private static int triesFromSystem() {
    String configured = System.getProperty(TRIES_PROPERTY, "").trim();
    if (configured.isEmpty()) {
      return DEFAULT_TRIES;
    }
    try {
      int n = Integer.parseInt(configured.replace("_", ""));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        TRIES_PROPERTY + " must be a positive int, got \"" + configured + "\"");
  }

  /** The module under test: surefire sets {@code basedir} to its directory. */
  private static String module() {
    String basedir = System.getProperty("basedir", "").trim();
    if (basedir.isEmpty()) {
      return "<module>";
    }
    Path name = Path.of(basedir).getFileName();
    return name == null ? "<module>" : name.toString();
  }

  /** {@code SimpleClass#method} of the test that called the runner, if the stack shows one. */
  private static Optional<String> callerName() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(
            frames ->
                frames
                    .filter(f -> !RUNNER.contains(f.getDeclaringClass()))
                    .findFirst()
                    .map(
                        f -> {
                          String cls = f.getClassName();
                          String method = f.getMethodName();
                          if (method.startsWith("lambda$")) { // lambda$test$3 -> test
                            int end = method.indexOf('$', 7);
                            method = end > 7 ? method.substring(7, end) : method;
                          }
                          return cls.substring(cls.lastIndexOf('.') + 1) + "#" + method;
                        }));
  }
}
