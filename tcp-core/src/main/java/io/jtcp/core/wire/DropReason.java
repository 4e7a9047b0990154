package io.jtcp.core.wire;

/**
 * Why a frame was dropped. Every parse of untrusted bytes ends in a value or one of these, and the
 * stack counts drops per reason (Linux's {@code enum skb_drop_reason} is the model).
 */
public enum DropReason {
  /** Fewer bytes than the header, or a length field, says there are. */
  TRUNCATED("truncated"),
  /** An EtherType this stack does not handle (IPv6, VLAN tags, ...). */
  UNSUPPORTED_ETHERTYPE("unsupported EtherType"),
  /**
   * ARP for a hardware or protocol type other than Ethernet/IPv4, or with wrong address lengths.
   */
  ARP_UNSUPPORTED("ARP not Ethernet/IPv4"),
  /** ARP operation other than request (1) or reply (2). */
  ARP_BAD_OPERATION("ARP operation not request or reply"),
  /** IP version field other than 4. */
  UNSUPPORTED_VERSION("IP version not 4"),
  /** IPv4 header length (IHL) below 5 words or beyond the packet. */
  BAD_HEADER_LENGTH("bad IPv4 header length"),
  /** IPv4 total length below the header length or beyond the frame. */
  BAD_TOTAL_LENGTH("bad IPv4 total length"),
  /** IPv4 header checksum does not verify. */
  IP_CHECKSUM("bad IPv4 header checksum"),
  /**
   * An IPv4 fragment (MF set or offset non-zero): reassembly is not supported (RFC 791 allows
   * dropping).
   */
  FRAGMENT("IPv4 fragment"),
  /** An IP protocol this stack does not handle. */
  UNSUPPORTED_PROTOCOL("unsupported IP protocol"),
  /** ICMP checksum does not verify. */
  ICMP_CHECKSUM("bad ICMP checksum"),
  /** TCP data offset below 5 words or beyond the segment. */
  BAD_DATA_OFFSET("bad TCP data offset"),
  /** A TCP option whose length is below 2, runs past the header, or is wrong for its kind. */
  BAD_OPTION_LENGTH("bad TCP option length"),
  /** TCP checksum over the pseudo-header does not verify. */
  TCP_CHECKSUM("bad TCP checksum");

  private final String description;

  DropReason(String description) {
    this.description = description;
  }

  /** A short human-readable phrase, for logs and the CLI. */
  public String description() {
    return description;
  }
}
