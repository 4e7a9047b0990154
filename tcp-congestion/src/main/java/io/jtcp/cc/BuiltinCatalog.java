package io.jtcp.cc;

import io.jtcp.core.spi.CongestionControlCatalog;
import io.jtcp.core.spi.CongestionControlFactory;
import java.util.Map;

/**
 * What this module contributes to {@link io.jtcp.core.congestion.CongestionRegistry}: found by
 * {@link java.util.ServiceLoader} through {@code
 * META-INF/services/io.jtcp.core.spi.CongestionControlCatalog}.
 */
public final class BuiltinCatalog implements CongestionControlCatalog {
  @Override
  public String source() {
    return "built-in (tcp-congestion)";
  }

  @Override
  public Map<String, CongestionControlFactory> factories() {
    return DaggerCongestionModule_Algorithms.create().factories();
  }
}
