package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Interface names and the kernel's answers about them; needs no privileges. */
class NetInterfaceTest {

  @Test
  void validateName_rejectsWhatLinuxRejects_sayingWhy() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> NetInterface.validateName(""))
            .getMessage()
            .contains("must not be empty"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> NetInterface.validateName("a-very-long-name0"))
            .getMessage()
            .contains("Linux allows at most 15"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> NetInterface.validateName("eth0:1"))
            .getMessage()
            .contains("contains ':'"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> NetInterface.validateName("a b"))
            .getMessage()
            .contains("whitespace"));
    NetInterface.validateName("veth-jtcp0");
  }

  @Test
  void read_loopback_hasItsMtuAndNoEthernetAddress() throws PcapException {
    NetInterface lo = NetInterface.read("lo");
    assertEquals("lo", lo.name());
    assertTrue(lo.mtu() >= 1500, "lo's MTU " + lo.mtu());
    assertNull(lo.mac(), "lo's hardware address is of type ARPHRD_LOOPBACK");
  }

  @Test
  void read_anAbsentInterface_saysThereIsNoneOfThatName() {
    PcapException e = assertThrows(PcapException.class, () -> NetInterface.read("jtcpabsent0"));
    assertTrue(
        e.getMessage().startsWith("no interface named jtcpabsent0 in this network namespace"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("[SIOCGIFMTU: No such device (ENODEV)]"), e.getMessage());
    assertEquals(Libpcap.PCAP_ERROR_NO_SUCH_DEVICE, e.status());
  }
}
