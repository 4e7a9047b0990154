package io.jtcp.io.pcap;

import io.jtcp.core.wire.MacAddress;
import io.jtcp.io.linux.InterfaceName;
import io.jtcp.io.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/**
 * What the kernel says of a network interface the driver opens: its MTU, and its own hardware
 * address, which is not the stack's. Read with SIOCGIFMTU and SIOCGIFHWADDR on a datagram socket
 * (netdevice(7)) made by the calling thread, so in that thread's network namespace, which is the
 * one libpcap's packet socket is made in too; /sys/class/net would show the namespace sysfs was
 * mounted in, which need not be the same.
 *
 * @param name the interface's name
 * @param mtu the largest IP packet it carries, without the Ethernet header
 * @param mac its hardware address, or null when it has none of Ethernet's kind
 */
record NetInterface(String name, int mtu, @Nullable MacAddress mac) {

  /**
   * Checks a name as the kernel's dev_valid_name() would (net/core/dev.c), so that a typo gets a
   * sentence rather than whatever libpcap makes of it.
   *
   * @throws IllegalArgumentException saying what is wrong with the name
   */
  static void validateName(String name) {
    InterfaceName.check(name, ": name the interface to capture on, e.g. pcap:veth0");
  }

  /**
   * Asks the kernel about {@code name}.
   *
   * @throws PcapException if there is no such interface in this namespace, or the kernel refuses
   */
  static NetInterface read(String name) throws PcapException {
    validateName(name);
    try (Arena temp = Arena.ofConfined()) {
      MemorySegment state = temp.allocate(Libc.CALL_STATE);
      int sock = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
      if (sock < 0) {
        throw failure("socket(AF_INET, SOCK_DGRAM)", name, Libc.errno(state));
      }
      try {
        MemorySegment ifr = temp.allocate(Libc.IFREQ_SIZE, 8);
        ifr.setString(0, name);
        if (Libc.ioctl(state, sock, Libc.SIOCGIFMTU, ifr) < 0) {
          throw failure("SIOCGIFMTU", name, Libc.errno(state));
        }
        int mtu = ifr.get(ValueLayout.JAVA_INT, Libc.IFR_MTU);
        ifr.fill((byte) 0);
        ifr.setString(0, name);
        if (Libc.ioctl(state, sock, Libc.SIOCGIFHWADDR, ifr) < 0) {
          throw failure("SIOCGIFHWADDR", name, Libc.errno(state));
        }
        MacAddress mac = null;
        if (ifr.get(ValueLayout.JAVA_SHORT, Libc.IFR_HWADDR_FAMILY) == Libc.ARPHRD_ETHER) {
          long bits = 0;
          for (int i = 0; i < 6; i++) {
            bits = bits << 8 | (ifr.get(ValueLayout.JAVA_BYTE, Libc.IFR_HWADDR_DATA + i) & 0xFF);
          }
          mac = new MacAddress(bits);
        }
        return new NetInterface(name, mtu, mac);
      } finally {
        Libc.close(state, sock);
      }
    }
  }

  private static PcapException failure(String call, String name, int errno) {
    if (errno == Libc.ENODEV) {
      return new PcapException(
          ActivationErrors.noSuchInterface(name) + " [" + call + ": " + Libc.describe(errno) + "]",
          Libpcap.PCAP_ERROR_NO_SUCH_DEVICE);
    }
    return new PcapException(call + " for " + name + " failed: " + Libc.describe(errno), 0);
  }
}
