package io.jtcp.io.pcap.trace;

/** What {@link SegmentDecoder} made of one capture record. */
sealed interface Decoded {
  /** An IPv4 TCP segment with a whole header. */
  record Segment(CapturedSegment segment) implements Decoded {}

  /** Not IPv4 TCP (ARP, IPv6, UDP, ICMP, an unknown link type), or a copy already counted. */
  record Ignored() implements Decoded {}

  /** IPv4 TCP that cannot be read. */
  record Skipped(SkipReason reason) implements Decoded {}

  Ignored IGNORED = new Ignored();
}
