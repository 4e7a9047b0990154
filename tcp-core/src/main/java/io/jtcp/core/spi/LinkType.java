package io.jtcp.core.spi;

/**
 * What a link carries: Ethernet II frames (TAP, pcap on Ethernet) or bare IPv4 packets (TUN, the
 * simulator).
 */
public enum LinkType {
  ETHERNET,
  RAW_IP
}
