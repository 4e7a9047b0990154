package io.jtcp.core.spi;

/**
 * What a congestion-control algorithm may know about its connection when it is created.
 *
 * @param smss the sender's maximum segment size in bytes (RFC 5681 SMSS), options excluded
 * @param sack whether both ends agreed to SACK (RFC 2018)
 * @param timestamps whether both ends agreed to timestamps (RFC 7323)
 * @param now the engine's time at creation, nanoseconds
 */
public record ConnectionParams(int smss, boolean sack, boolean timestamps, long now) {
  public ConnectionParams {
    if (smss <= 0) {
      throw new IllegalArgumentException("smss must be positive, got " + smss);
    }
  }
}
