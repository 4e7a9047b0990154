package io.jtcp.io.pcap;

/**
 * Link-layer header types (the {@code LINKTYPE_} values of https://www.tcpdump.org/linktypes.html)
 * that jtcp writes or knows how to find IPv4 in, and {@link #ipv4Offset} to skip their headers.
 */
public final class LinkType {
  /** {@code LINKTYPE_ETHERNET}: IEEE 802.3 Ethernet. */
  public static final int ETHERNET = 1;

  /** {@code LINKTYPE_RAW}: raw IPv4 or IPv6, told apart by the IP version nibble. */
  public static final int RAW = 101;

  /** {@code LINKTYPE_LINUX_SLL}: Linux "cooked" capture, version 1 (16-byte header). */
  public static final int LINUX_SLL = 113;

  /** {@code LINKTYPE_IPV4}: raw IPv4 only. */
  public static final int IPV4 = 228;

  /** {@code LINKTYPE_LINUX_SLL2}: Linux "cooked" capture, version 2 (20-byte header). */
  public static final int LINUX_SLL2 = 276;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88a8;
  private static final int ETHERNET_HEADER = 14;
  private static final int VLAN_TAG = 4;
  private static final int SLL_HEADER = 16;
  private static final int SLL2_HEADER = 20;

  private LinkType() {}

  /**
   * Returns where the IPv4 header starts in a captured frame of the given link type, or -1 if the
   * frame does not carry IPv4, its link-layer header is cut short, or the link type is not one of
   * the constants above. The offset returned is always below {@code length}.
   *
   * @param linkType the file's link type ({@link PcapReader#linkType()})
   * @param data the captured bytes
   * @param length how many of {@code data}'s bytes were captured
   */
  public static int ipv4Offset(int linkType, byte[] data, int length) {
    if (length < 0 || length > data.length) {
      throw new IndexOutOfBoundsException("length " + length + " of " + data.length);
    }
    int offset =
        switch (linkType) {
          case ETHERNET -> ethernet(data, length);
          // LINKTYPE_RAW may hold IPv6 too; only the version nibble tells them apart.
          case RAW -> length > 0 && (data[0] & 0xf0) == 0x40 ? 0 : -1;
          case IPV4 -> 0;
          // linktypes/LINKTYPE_LINUX_SLL: packet type, ARPHRD_ type, address length, 8-byte
          // address, then the protocol type (an Ethertype) in the last two bytes.
          case LINUX_SLL -> u16(data, length, SLL_HEADER - 2) == ETHERTYPE_IPV4 ? SLL_HEADER : -1;
          // linktypes/LINKTYPE_LINUX_SLL2 moved the protocol type to the first two bytes.
          case LINUX_SLL2 -> u16(data, length, 0) == ETHERTYPE_IPV4 ? SLL2_HEADER : -1;
          default -> -1;
        };
    return offset >= 0 && offset < length ? offset : -1;
  }

  /** The same as {@link #ipv4Offset(int, byte[], int)} over a whole record's captured bytes. */
  public static int ipv4Offset(int linkType, PcapRecord record) {
    return ipv4Offset(linkType, record.data(), record.data().length);
  }

  private static int ethernet(byte[] data, int length) {
    int typeAt = ETHERNET_HEADER - 2;
    int type = u16(data, length, typeAt);
    // IEEE 802.1Q tags (and 802.1ad outer tags) sit before the real Ethertype, 4 bytes each.
    while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
      typeAt += VLAN_TAG;
      type = u16(data, length, typeAt);
    }
    return type == ETHERTYPE_IPV4 ? typeAt + 2 : -1;
  }

  /** A big-endian 16-bit field (network order, as link headers use), or -1 if not captured. */
  private static int u16(byte[] data, int length, int at) {
    if (at + 2 > length) {
      return -1;
    }
    return ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
  }
}
