package io.jtcp.core.spi;

/**
 * Makes {@link CongestionControl} instances, one per connection. Third-party algorithms are found
 * through {@link java.util.ServiceLoader} under this interface's name.
 */
public interface CongestionControlFactory {

  /**
   * The name users select it by, as Linux's {@code tcp_congestion_control} ("reno", "cubic"): lower
   * case, no spaces.
   */
  String name();

  /** One sentence for listings and error messages. */
  String description();

  /** A fresh instance for a connection that has just been established. */
  CongestionControl create(ConnectionParams params);
}
