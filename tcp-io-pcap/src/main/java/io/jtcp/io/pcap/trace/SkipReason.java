package io.jtcp.io.pcap.trace;

/** Why a captured IPv4 packet that claims to carry TCP was left out of the trace. */
public enum SkipReason {
  /** The capture stops before the end of the IPv4 or TCP header (a short snap length, say). */
  TRUNCATED("truncated header"),
  /** The IPv4 header contradicts itself: version, header length or total length. */
  MALFORMED_IP("malformed IPv4 header"),
  /** The TCP data offset or an option length points outside the segment (RFC 9293 MUST-7). */
  MALFORMED_TCP("malformed TCP header"),
  /**
   * An IPv4 fragment: the trace does not reassemble, and TCP with path-MTU discovery never needs
   * it.
   */
  FRAGMENT("IPv4 fragment");

  private final String description;

  SkipReason(String description) {
    this.description = description;
  }

  /** A few words for a summary line. */
  public String description() {
    return description;
  }
}
