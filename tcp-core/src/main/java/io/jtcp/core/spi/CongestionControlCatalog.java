package io.jtcp.core.spi;

import java.util.Map;

/**
 * A set of congestion-control algorithms a module contributes at once, found through {@link
 * java.util.ServiceLoader} under this interface's name. {@code tcp-congestion} registers its
 * built-ins (gathered with Dagger's {@code @IntoMap @StringKey}) this way, so that the core finds
 * CUBIC on the class path without depending on the module. A third-party jar with a single
 * algorithm registers its {@link CongestionControlFactory} directly instead.
 */
public interface CongestionControlCatalog {

  /** Where the algorithms come from, for listings: a module name such as {@code tcp-congestion}. */
  String source();

  /** The algorithms by name; each key is its factory's {@link CongestionControlFactory#name()}. */
  Map<String, CongestionControlFactory> factories();
}
