package io.jtcp.core.congestion;

import com.google.common.collect.ImmutableSortedMap;
import io.jtcp.core.spi.CongestionControlCatalog;
import io.jtcp.core.spi.CongestionControlFactory;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The congestion-control algorithms a stack can use, by name: the core's own (reno, bound with
 * Dagger's {@code @IntoMap @StringKey} in {@link CongestionComponent}), the catalogs modules
 * contribute ({@link CongestionControlCatalog}: {@code tcp-congestion}'s cubic and newreno), and
 * single algorithms from third-party jars ({@link CongestionControlFactory}), both found with
 * {@link ServiceLoader}. Like Linux's {@code tcp_available_congestion_control}, with the source of
 * each.
 *
 * <p>Two algorithms with one name are an error at construction, naming both sources: which one a
 * name selects must never depend on class-path order. An unknown name is an {@link
 * IllegalArgumentException} that lists the available ones.
 */
public final class CongestionRegistry {
  /** Linux's rule for algorithm names (TCP_CA_NAME_MAX is 16): lower case, digits, '_' and '-'. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,15}");

  /** One algorithm and where it came from. */
  public record Entry(
      String name, String description, String source, CongestionControlFactory factory) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(factory, "factory");
    }
  }

  private final ImmutableSortedMap<String, Entry> entries;

  private CongestionRegistry(Map<String, Entry> entries) {
    this.entries = ImmutableSortedMap.copyOf(entries);
  }

  /** The core's algorithms only (reno), nothing from the class path: what a bare engine uses. */
  public static CongestionRegistry builtIn() {
    return BuiltIn.REGISTRY;
  }

  /** Built once, on first use. */
  private static final class BuiltIn {
    static final CongestionRegistry REGISTRY = core().build();
  }

  private static Builder core() {
    Builder b = new Builder();
    b.addAll(CongestionComponent.create().builtins(), CORE);
    return b;
  }

  private static final String CORE = "built-in (tcp-core)";

  /**
   * The core's algorithms plus every catalog and factory {@code loader} can see through {@link
   * ServiceLoader}.
   *
   * @throws IllegalStateException when two algorithms share a name, or a registered class cannot be
   *     loaded or gives an invalid name
   */
  public static CongestionRegistry discover(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    Builder b = core();
    try {
      for (CongestionControlCatalog c :
          ServiceLoader.load(CongestionControlCatalog.class, loader)) {
        b.addAll(c.factories(), c.source());
      }
      for (CongestionControlFactory f :
          ServiceLoader.load(CongestionControlFactory.class, loader)) {
        b.add(f, "plug-in " + f.getClass().getName() + " from " + location(f.getClass()));
      }
    } catch (ServiceConfigurationError e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          "a congestion-control plug-in could not be loaded: "
              + e.getMessage()
              + (cause == null ? "" : " (" + cause + ")"),
          e);
    }
    return b.build();
  }

  /** {@link #discover} with this class's own class loader: what is on the class path. */
  public static CongestionRegistry discover() {
    return discover(CongestionRegistry.class.getClassLoader());
  }

  /** Every algorithm, by name. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  public Set<String> names() {
    return entries.keySet();
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /**
   * The factory registered as {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public CongestionControlFactory resolve(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      String hint =
          name.equals("cubic") || name.equals("newreno")
              ? " (" + name + " is in tcp-congestion: add io.jtcp:tcp-congestion to the class path)"
              : "";
      throw new IllegalArgumentException(
          "unknown congestion control '"
              + name
              + "'"
              + hint
              + "; available: "
              + String.join(", ", entries.keySet()));
    }
    return e.factory();
  }

  @Override
  public String toString() {
    return "congestion controls " + entries.keySet();
  }

  private static String location(Class<?> c) {
    CodeSource s = c.getProtectionDomain().getCodeSource();
    URL u = s == null ? null : s.getLocation();
    return u == null ? "an unknown location" : u.toString();
  }

  /** Collects entries and refuses a second one with a name already taken. */
  private static final class Builder {
    private final Map<String, Entry> entries = new TreeMap<>();

    void addAll(Map<String, CongestionControlFactory> factories, String source) {
      List<String> mismatched = new ArrayList<>();
      factories.forEach(
          (key, f) -> {
            if (!key.equals(f.name())) {
              mismatched.add(key + " → " + f.name());
            }
            add(f, source);
          });
      if (!mismatched.isEmpty()) {
        throw new IllegalStateException(
            source + " registers algorithms under names that are not theirs: " + mismatched);
      }
    }

    void add(CongestionControlFactory f, String source) {
      String name = f.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalStateException(
            source
                + " registers a congestion control named '"
                + name
                + "': names are 1-16 characters of a-z, 0-9, '_' and '-', starting with a letter"
                + " or digit");
      }
      Entry old = entries.get(name);
      if (old != null) {
        throw new IllegalStateException(
            "two congestion controls are named '"
                + name
                + "': "
                + old.source()
                + " and "
                + source
                + "; remove one of them from the class path");
      }
      String d = f.description();
      entries.put(name, new Entry(name, d == null ? "" : d, source, f));
    }

    CongestionRegistry build() {
      return new CongestionRegistry(entries);
    }
  }
}
