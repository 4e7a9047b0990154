package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each status pcap_activate can return becomes a sentence that says what to do. */
class ActivationErrorsTest {

  @Test
  void noSuchDevice_namesTheInterfaceAndTheNamespace() {
    PcapException e =
        ActivationErrors.activate("eth7", Libpcap.PCAP_ERROR_NO_SUCH_DEVICE, "No such device");
    assertEquals(
        "no interface named eth7 in this network namespace: `ip link show` lists them (for one"
            + " inside a namespace, run jtcp under `ip netns exec NAMESPACE`) [pcap_activate: No"
            + " such device]",
        e.getMessage());
    assertEquals(Libpcap.PCAP_ERROR_NO_SUCH_DEVICE, e.status());
  }

  @Test
  void permissionDenied_asksForCapNetRawOrRoot() {
    String m =
        ActivationErrors.activate("eth1", Libpcap.PCAP_ERROR_PERM_DENIED, "socket: EPERM")
            .getMessage();
    assertTrue(m.startsWith("permission denied capturing on eth1: libpcap needs CAP_NET_RAW"), m);
    assertTrue(m.contains("run as root"), m);
    assertTrue(m.contains("setcap cap_net_raw,cap_net_admin+ep"), m);
    assertTrue(m.endsWith("[pcap_activate: socket: EPERM]"), m);
  }

  @Test
  void promiscuousDenied_asksForCapNetAdmin() {
    String m =
        ActivationErrors.activate("eth1", Libpcap.PCAP_ERROR_PROMISC_PERM_DENIED, "x").getMessage();
    assertTrue(m.startsWith("permission denied putting eth1 into promiscuous mode"), m);
    assertTrue(m.contains("CAP_NET_ADMIN"), m);
  }

  @Test
  void interfaceDown_saysHowToBringItUp() {
    assertEquals(
        "interface veth1 is down: bring it up (ip link set veth1 up) [pcap_activate: down]",
        ActivationErrors.activate("veth1", Libpcap.PCAP_ERROR_IFACE_NOT_UP, "down").getMessage());
  }

  @Test
  void otherErrors_stillNameTheInterfaceAndCarryLibpcapsWords() {
    String m = ActivationErrors.activate("eth1", Libpcap.PCAP_ERROR, "boom").getMessage();
    assertEquals("libpcap cannot capture on eth1 [pcap_activate: boom]", m);
    for (int status = -13; status <= -3; status++) {
      String s = ActivationErrors.activate("eth1", status, "d").getMessage();
      assertTrue(s.contains("eth1") && s.endsWith("[pcap_activate: d]"), s);
    }
  }

  @Test
  void promiscuousNotSupported_isFatal_otherWarningsAreNot() {
    PcapException e =
        ActivationErrors.warning("wlan0", Libpcap.PCAP_WARNING_PROMISC_NOTSUP, "nope");
    assertNotNull(e);
    assertTrue(e.getMessage().contains("does not support promiscuous mode"), e.getMessage());
    assertNull(ActivationErrors.warning("eth0", Libpcap.PCAP_WARNING, "w"));
    assertNull(ActivationErrors.warning("eth0", Libpcap.PCAP_WARNING_TSTAMP_TYPE_NOTSUP, "w"));
  }

  @Test
  void notEthernet_pointsTunDevicesToTheTunDriver() {
    assertEquals(
        "interface tun0 does not carry Ethernet frames (libpcap link type 12): --link pcap: needs"
            + " an Ethernet interface or a veth endpoint; for a TUN device use tun:NAME",
        ActivationErrors.notEthernet("tun0", 12).getMessage());
  }
}
