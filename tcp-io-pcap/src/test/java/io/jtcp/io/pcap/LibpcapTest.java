package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.MacAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The libpcap binding: finding the library, and what it says when it is not there, on any machine;
 * the calls themselves where libpcap is installed (CI installs it, so there they must run).
 */
class LibpcapTest {

  @Test
  void find_withNoLibraryThere_namesWhatItTriedAndThePackageToInstall() {
    PcapException e =
        assertThrows(
            PcapException.class,
            () -> Libpcap.find(List.of("libjtcp-absent.so.0.8", "libjtcp-absent.so")));
    assertEquals(
        "libpcap not found (tried libjtcp-absent.so.0.8, libjtcp-absent.so): install libpcap0.8"
            + " (Debian/Ubuntu) or libpcap (Fedora), or name the library with"
            + " -Djtcp.libpcap=/path/to/libpcap.so",
        e.getMessage());
    assertEquals(0, e.status());
  }

  @Test
  void find_takesTheFirstNameThatLoads() throws PcapException {
    LiveHost.requireLibpcap();
    List<String> names = List.of("libjtcp-absent.so", "libpcap.so.0.8", "libpcap.so.1");
    assertTrue(Libpcap.find(names).find("pcap_create").isPresent());
  }

  @Test
  void candidates_areDebiansSonameThenLibpcapsThenTheSymlink() {
    assertEquals(List.of("libpcap.so.0.8", "libpcap.so.1", "libpcap.so"), Libpcap.SONAMES);
    String before = System.getProperty(Libpcap.LIBRARY_PROPERTY);
    System.setProperty(Libpcap.LIBRARY_PROPERTY, "/opt/pcap/lib/libpcap.so");
    try {
      assertEquals("/opt/pcap/lib/libpcap.so", Libpcap.candidates().getFirst());
      assertEquals(Libpcap.SONAMES, Libpcap.candidates().subList(1, 4));
    } finally {
      if (before == null) {
        System.clearProperty(Libpcap.LIBRARY_PROPERTY);
      } else {
        System.setProperty(Libpcap.LIBRARY_PROPERTY, before);
      }
    }
  }

  @Test
  void libVersion_isLibpcaps() throws PcapException {
    LiveHost.requireLibpcap();
    Libpcap.require();
    assertTrue(Libpcap.libVersion().startsWith("libpcap version "), Libpcap.libVersion());
  }

  @Test
  void statusToString_usesLibpcapsWords() throws PcapException {
    LiveHost.requireLibpcap();
    Libpcap.require();
    assertEquals(
        "No such device exists", Libpcap.statusToString(Libpcap.PCAP_ERROR_NO_SUCH_DEVICE));
    assertTrue(
        Libpcap.statusToString(Libpcap.PCAP_ERROR_PERM_DENIED).contains("ermission"),
        Libpcap.statusToString(Libpcap.PCAP_ERROR_PERM_DENIED));
  }

  /** The driver's filters compile for Ethernet: on a dead handle, so without privileges. */
  @Test
  void captureFilters_compileForEthernet() throws PcapException {
    LiveHost.requireLibpcap();
    Libpcap.require();
    assertEquals(0, compile(CaptureFilter.forStack(null)));
    assertEquals(0, compile(CaptureFilter.forStack(MacAddress.parse("02:12:34:56:78:9a"))));
    assertNotEquals(0, compile("ether dst 02:12:34 or"));
  }

  @Test
  void captureFilter_namesTheStacksAddressAndBroadcastArp() {
    assertEquals("arp and ether broadcast", CaptureFilter.forStack(null));
    assertEquals(
        "ether dst 02:12:34:56:78:9a or (arp and ether broadcast)",
        CaptureFilter.forStack(MacAddress.parse("02:12:34:56:78:9a")));
  }

  private static int compile(String expression) {
    MemorySegment dead = Libpcap.openDead(Libpcap.DLT_EN10MB, 1518);
    assertNotEquals(MemorySegment.NULL, dead);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment program = arena.allocate(Libpcap.BPF_PROGRAM_SIZE, 8);
      int r =
          Libpcap.compile(
              dead, program, arena.allocateFrom(expression), 1, Libpcap.NETMASK_UNKNOWN);
      if (r == 0) {
        Libpcap.freeCode(program);
      }
      return r;
    } finally {
      Libpcap.close(dead);
    }
  }
}
