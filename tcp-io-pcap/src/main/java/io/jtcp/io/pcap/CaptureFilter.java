package io.jtcp.io.pcap;

import io.jtcp.core.wire.MacAddress;
import org.jspecify.annotations.Nullable;

/**
 * The BPF filters the live driver installs (pcap-filter(7) expressions), so that the kernel copies
 * to jtcp only the frames its stack can use: those addressed to the stack's own MAC address, and
 * broadcast ARP, through which peers look that address up. Everything else on a busy interface (the
 * kernel's own traffic, multicast, other hosts' frames seen in promiscuous mode) stays out of the
 * capture buffer.
 */
final class CaptureFilter {
  private CaptureFilter() {}

  /**
   * Before the stack has sent a frame, its address is unknown to the driver (the stack draws a
   * random one) and to every peer, so no unicast frame can be for it yet: only broadcast ARP.
   */
  static final String BEFORE_FIRST_TRANSMIT = "arp and ether broadcast";

  /** The filter for a stack whose frames come from {@code mac}, or before any when null. */
  static String forStack(@Nullable MacAddress mac) {
    if (mac == null) {
      return BEFORE_FIRST_TRANSMIT;
    }
    return "ether dst " + mac + " or (" + BEFORE_FIRST_TRANSMIT + ")";
  }
}
