package io.jtcp.core.congestion;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.jtcp.core.spi.CongestionControlFactory;
import java.util.Map;

/**
 * The core's built-in algorithms, bound by name with Dagger's {@code @IntoMap @StringKey} as the
 * design asks of built-ins; {@link CongestionRegistry} adds what {@link java.util.ServiceLoader}
 * finds.
 */
@Component(modules = CongestionComponent.CoreAlgorithms.class)
interface CongestionComponent {
  Map<String, CongestionControlFactory> builtins();

  static CongestionComponent create() {
    return DaggerCongestionComponent.create();
  }

  /** reno: Linux builds it into every kernel as the fallback algorithm; so does the core. */
  @Module
  interface CoreAlgorithms {
    @Provides
    @IntoMap
    @StringKey("reno")
    static CongestionControlFactory reno() {
      return Reno.FACTORY;
    }
  }
}
