package io.jtcp.cc;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.jtcp.core.spi.CongestionControlFactory;
import java.util.Map;

/**
 * This module's algorithms, bound by name with Dagger's {@code @IntoMap @StringKey}; {@link
 * BuiltinCatalog} hands the map to the core through {@link java.util.ServiceLoader}, since the core
 * cannot depend on this module. A new built-in is one more {@code @Provides} method here.
 */
@Module
interface CongestionModule {
  @Provides
  @IntoMap
  @StringKey("cubic")
  static CongestionControlFactory cubic() {
    return Cubic.FACTORY;
  }

  @Provides
  @IntoMap
  @StringKey("newreno")
  static CongestionControlFactory newReno() {
    return NewReno.FACTORY;
  }

  /** The component that assembles the map. */
  @Component(modules = CongestionModule.class)
  interface Algorithms {
    Map<String, CongestionControlFactory> factories();
  }
}
