package io.jtcp.io.pcap.trace;

import io.jtcp.core.wire.Ipv4Address;

/**
 * One end of a TCP connection: an IPv4 address and a port.
 *
 * @param address the IPv4 address, network order in an int ({@link Ipv4Address#bits()})
 * @param port the TCP port, 0 to 65535
 */
public record Endpoint(int address, int port) {
  /** {@code 192.0.2.1:80}. */
  @Override
  public String toString() {
    return Ipv4Address.toString(address) + ":" + port;
  }
}
