package io.jtcp.io.pcap;

import org.jspecify.annotations.Nullable;

/**
 * Turns libpcap's status codes from opening an interface into sentences that say what to do. Each
 * sentence ends with libpcap's own words in brackets, for what it knows that the code does not.
 */
final class ActivationErrors {
  private ActivationErrors() {}

  /** Where libpcap's capabilities advice points: the java binary that runs jtcp. */
  private static final String SETCAP =
      "sudo setcap cap_net_raw,cap_net_admin+ep \"$(readlink -f \"$(command -v java)\")\"";

  /**
   * pcap_activate(3PCAP) returned {@code status} (an error, below 0) for {@code iface}.
   *
   * @param detail pcap_geterr after the failure, or pcap_statustostr when it is empty
   */
  static PcapException activate(String iface, int status, String detail) {
    String message =
        switch (status) {
          case Libpcap.PCAP_ERROR_NO_SUCH_DEVICE -> noSuchInterface(iface);
          // A packet socket needs CAP_NET_RAW in the namespace that owns the interface
          // (packet(7)); promiscuous mode needs CAP_NET_ADMIN as well.
          case Libpcap.PCAP_ERROR_PERM_DENIED ->
              "permission denied capturing on "
                  + iface
                  + ": libpcap needs CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode) — run"
                  + " as root, or grant them to java: "
                  + SETCAP;
          case Libpcap.PCAP_ERROR_PROMISC_PERM_DENIED ->
              "permission denied putting "
                  + iface
                  + " into promiscuous mode, which jtcp needs to receive frames for its own MAC"
                  + " address: it needs CAP_NET_ADMIN — run as root, or grant it to java: "
                  + SETCAP;
          case Libpcap.PCAP_ERROR_IFACE_NOT_UP ->
              "interface " + iface + " is down: bring it up (ip link set " + iface + " up)";
          case Libpcap.PCAP_ERROR_CAPTURE_NOTSUP ->
              "interface "
                  + iface
                  + " does not support packet capture: choose an Ethernet interface or a veth"
                  + " endpoint";
          case Libpcap.PCAP_ERROR_RFMON_NOTSUP,
              Libpcap.PCAP_ERROR_NOT_RFMON,
              Libpcap.PCAP_ERROR_CANTSET_TSTAMP_TYPE,
              Libpcap.PCAP_ERROR_TSTAMP_PRECISION_NOTSUP ->
              "interface " + iface + " cannot be opened with the settings jtcp asks for";
          case Libpcap.PCAP_ERROR_ACTIVATED ->
              "libpcap handle for " + iface + " was already active: a bug in jtcp's driver";
          default -> "libpcap cannot capture on " + iface;
        };
    return new PcapException(message + " [pcap_activate: " + detail + "]", status);
  }

  /**
   * pcap_activate(3PCAP) succeeded with a warning that makes the driver unusable, or null when the
   * warning is harmless (a timestamp type not supported, a generic warning).
   */
  static @Nullable PcapException warning(String iface, int status, String detail) {
    if (status == Libpcap.PCAP_WARNING_PROMISC_NOTSUP) {
      return new PcapException(
          "interface "
              + iface
              + " does not support promiscuous mode, which jtcp needs so that frames for its own"
              + " MAC address (not the interface's) are received [pcap_activate: "
              + detail
              + "]",
          status);
    }
    return null;
  }

  /** The sentence for a name no interface of this namespace has. */
  static String noSuchInterface(String iface) {
    return "no interface named "
        + iface
        + " in this network namespace: `ip link show` lists them (for one inside a namespace,"
        + " run jtcp under `ip netns exec NAMESPACE`)";
  }

  /** pcap_create(3PCAP) returned NULL; libpcap wrote why into its error buffer. */
  static PcapException create(String iface, String errbuf) {
    return new PcapException(
        "libpcap cannot create a capture handle for " + iface + " [pcap_create: " + errbuf + "]",
        Libpcap.PCAP_ERROR);
  }

  /** The interface's link type is not Ethernet, the only one the driver speaks. */
  static PcapException notEthernet(String iface, int datalink) {
    return new PcapException(
        "interface "
            + iface
            + " does not carry Ethernet frames (libpcap link type "
            + datalink
            + "): --link pcap: needs an Ethernet interface or a veth endpoint; for a TUN device"
            + " use tun:NAME",
        0);
  }

  /** Another libpcap call on an active handle failed. */
  static PcapException call(String call, String iface, int status, String detail) {
    return new PcapException(call + " on " + iface + " failed: " + detail, status);
  }
}
