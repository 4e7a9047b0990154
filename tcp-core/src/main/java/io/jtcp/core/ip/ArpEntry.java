package io.jtcp.core.ip;

import java.util.ArrayDeque;

/**
 * One neighbour in the ARP cache: its hardware address once known, when it was last confirmed, and
 * the packets waiting for it while it is being resolved.
 */
final class ArpEntry {
  /** The neighbour's IPv4 address. */
  final int ip;

  /** The neighbour's MAC address, or -1 while unresolved. */
  long mac = -1;

  /** When a reply (or a request from it) last confirmed {@link #mac}. */
  long confirmedAt;

  /** When the latest request for it went out, or Long.MIN_VALUE for never. */
  long requestedAt = Long.MIN_VALUE;

  /** Requests sent since it was last confirmed. */
  int requests;

  /** Packets (whole IPv4 packets) waiting for resolution, oldest first. */
  final ArrayDeque<byte[]> pending = new ArrayDeque<>();

  int pendingBytes;

  ArpEntry(int ip) {
    this.ip = ip;
  }

  boolean resolved() {
    return mac >= 0;
  }
}
