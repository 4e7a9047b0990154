package io.jtcp.io.pcap;

import static io.jtcp.io.pcap.VethPair.JTCP_END;
import static io.jtcp.io.pcap.VethPair.KERNEL_END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.LinkType;
import io.jtcp.core.wire.ArpView;
import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.testkit.Capabilities;
import io.jtcp.testkit.Machine;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver on a veth endpoint whose peer the kernel owns, in a namespace of each test's own; the
 * test plays the host behind the driver, frame by frame. Needs root, iproute2, python3, libpcap.
 */
class PcapLiveLinkDeviceTest {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final MacAddress STACK_MAC = MacAddress.parse("02:00:00:00:00:02");
  private static final MacAddress OTHER_MAC = MacAddress.parse("02:00:00:00:00:99");
  private static final Ipv4Address KERNEL = Ipv4Address.parse(VethPair.KERNEL_IP);
  private static final Ipv4Address JTCP = Ipv4Address.parse(VethPair.JTCP_IP);

  private VethPair veth;

  @BeforeEach
  void setUp() {
    veth = VethPair.create();
  }

  @AfterEach
  void tearDown() {
    veth.close();
  }

  @Test
  void open_describesTheInterface_andCapturesOnlyBroadcastArpBeforeTheFirstFrame()
      throws Exception {
    PcapLiveLink link = veth.open(JTCP_END);
    assertEquals(LinkType.ETHERNET, link.linkType());
    assertEquals(1500, link.mtu());
    assertEquals(JTCP_END, link.name());
    assertEquals(macOf(JTCP_END), link.interfaceMacAddress());
    assertNull(link.stackMacAddress());
    assertEquals("arp and ether broadcast", link.filter());
    // libpcap asks with PACKET_MR_PROMISC (packet(7)), which counts rather than sets IFF_PROMISC.
    assertTrue(
        veth.ip("-d", "link", "show", JTCP_END).contains("promiscuity 1"),
        "promiscuous while captured");
    link.close();
    assertTrue(
        veth.ip("-d", "link", "show", JTCP_END).contains("promiscuity 0"),
        "not promiscuous after close");
  }

  /**
   * The kernel answers the stack's ARP requests, to the stack's address, which the driver learnt
   * from the first frame; frames the kernel sends to another host's address, and the driver's own
   * frames, never reach the sink.
   */
  @Test
  void kernelAnswersArp_andOnlyFramesForTheStackArrive() throws Exception {
    PcapLiveLink link = veth.open(JTCP_END);
    MacAddress kernelMac = macOf(KERNEL_END);
    veth.ip(
        "neigh",
        "add",
        "192.0.2.9",
        "lladdr",
        OTHER_MAC.toString(),
        "dev",
        KERNEL_END,
        "nud",
        "permanent");
    List<Frame> seen = new ArrayList<>();

    assertTrue(link.transmit(ARP_FRAME, PcapLiveLinkDeviceTest::arpRequestForKernel));
    assertEquals(STACK_MAC, link.stackMacAddress());
    assertEquals("ether dst " + STACK_MAC + " or (arp and ether broadcast)", link.filter());
    collectUntilArpReplies(link, seen, 1);

    // The kernel puts these on the wire for 192.0.2.9, whose address is not the stack's.
    Machine.Result ping = veth.tryExec("ping", "-c", "2", "-i", "0.2", "-W", "1", "192.0.2.9");
    assertTrue(ping.output().contains("2 packets transmitted"), ping.output());

    assertTrue(link.transmit(ARP_FRAME, PcapLiveLinkDeviceTest::arpRequestForKernel));
    collectUntilArpReplies(link, seen, 2);

    for (Frame f : seen) {
      assertTrue(f.destination == STACK_MAC.bits() || f.destination == -1L >>> 16, f.toString());
      assertTrue(f.source != STACK_MAC.bits(), "read back its own frame: " + f);
      if (f.isArpReply) {
        assertEquals(kernelMac.bits(), f.source);
      }
    }
    assertEquals(2, link.framesTransmitted());
    assertEquals(seen.size(), link.framesReceived());
    assertEquals(0, link.receiveDrops());
    assertEquals(0, link.transmitDrops());
  }

  @Test
  void await_endsAtOnceOnWake_andOnClose() throws Exception {
    PcapLiveLink link = veth.open(JTCP_END);
    long start = System.nanoTime();
    link.wake();
    link.await(TimeUnit.SECONDS.toNanos(60)); // a wake before the wait ends it too
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));

    Thread waiter = Thread.ofPlatform().start(() -> link.await(TimeUnit.SECONDS.toNanos(60)));
    waiter.join(200);
    link.wake();
    waiter.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(waiter.isAlive(), "wake() ends a wait in progress");

    Thread closed = Thread.ofPlatform().start(() -> link.await(TimeUnit.SECONDS.toNanos(60)));
    closed.join(200);
    link.close();
    closed.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(closed.isAlive(), "close() ends a wait in progress");
  }

  @Test
  void closedLink_receivesNothing_andCountsWhatItCouldNotSend() throws Exception {
    PcapLiveLink link = veth.open(JTCP_END);
    link.close();
    link.close();
    assertTrue(link.isClosed());
    assertEquals(0, link.receive((s, o, l) -> {}, 64));
    assertFalse(link.transmit(ARP_FRAME, PcapLiveLinkDeviceTest::arpRequestForKernel));
    assertEquals(1, link.transmitDrops());
    link.wake();
  }

  @Test
  void transmit_longerThanTheMtu_saysTheLimit() throws Exception {
    PcapLiveLink link = veth.open(JTCP_END);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> link.transmit(1515, (s, o, l) -> {}));
    assertTrue(e.getMessage().contains("has 1 to 1514 bytes"), e.getMessage());
  }

  @Test
  void open_anAbsentInterface_namesIt() {
    PcapException e =
        assertThrows(PcapException.class, () -> veth.inside(() -> PcapLiveLink.open("absent0")));
    assertTrue(
        e.getMessage().startsWith("no interface named absent0 in this network namespace"),
        e.getMessage());
  }

  @Test
  void open_aTunDevice_saysItIsNotEthernet() {
    veth.ip("tuntap", "add", "dev", "jtun0", "mode", "tun");
    veth.ip("link", "set", "jtun0", "up");
    PcapException e =
        assertThrows(PcapException.class, () -> veth.inside(() -> PcapLiveLink.open("jtun0")));
    assertTrue(e.getMessage().contains("does not carry Ethernet frames"), e.getMessage());
    assertTrue(e.getMessage().contains("use tun:NAME"), e.getMessage());
  }

  @Test
  void open_withoutCapNetRaw_saysWhatToGrant() {
    PcapException e =
        assertThrows(
            PcapException.class,
            () ->
                veth.inside(
                    () -> {
                      Capabilities.dropFromThisThread(
                          Capabilities.CAP_NET_RAW, Capabilities.CAP_NET_ADMIN);
                      return PcapLiveLink.open(JTCP_END);
                    }));
    assertEquals(Libpcap.PCAP_ERROR_PERM_DENIED, e.status(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("permission denied capturing on " + JTCP_END), e.getMessage());
    assertTrue(e.getMessage().contains("CAP_NET_RAW"), e.getMessage());
  }

  @Test
  void open_aDownInterface_saysHowToBringItUp() {
    veth.ip("link", "set", JTCP_END, "down");
    PcapException e =
        assertThrows(PcapException.class, () -> veth.inside(() -> PcapLiveLink.open(JTCP_END)));
    assertTrue(e.getMessage().contains("ip link set " + JTCP_END + " up"), e.getMessage());
  }

  /** A frame the sink was lent, as far as the test cares. */
  private record Frame(long destination, long source, int etherType, boolean isArpReply) {}

  private static final int ARP_FRAME = EthernetView.HEADER_LENGTH + ArpView.LENGTH;

  /** Who has 192.0.2.1? Tell 192.0.2.2, at {@link #STACK_MAC}. */
  private static void arpRequestForKernel(MemorySegment out, long off, int len) {
    new EthernetView()
        .writeTo(out, off, len)
        .destination(MacAddress.BROADCAST.bits())
        .source(STACK_MAC.bits())
        .etherType(EtherType.ARP);
    new ArpView()
        .writeTo(out, off + EthernetView.HEADER_LENGTH)
        .operation(ArpView.REQUEST)
        .senderHardware(STACK_MAC.bits())
        .senderProtocol(JTCP.bits())
        .targetHardware(0)
        .targetProtocol(KERNEL.bits());
  }

  /** Receives into {@code seen} until it holds {@code replies} ARP replies from the kernel. */
  private static void collectUntilArpReplies(PcapLiveLink link, List<Frame> seen, int replies) {
    long end = System.nanoTime() + DEADLINE_NANOS;
    while (seen.stream().filter(Frame::isArpReply).count() < replies) {
      assertTrue(System.nanoTime() < end, "no ARP reply from the kernel; saw " + seen);
      link.await(TimeUnit.MILLISECONDS.toNanos(50));
      link.receive(
          (s, off, len) -> {
            EthernetView eth = new EthernetView();
            assertNull(eth.wrap(s, off, len), "a well-formed Ethernet frame");
            boolean reply = false;
            if (eth.etherType() == EtherType.ARP) {
              ArpView arp = new ArpView();
              reply =
                  arp.wrap(s, eth.payloadOffset(), eth.payloadLength()) == null
                      && arp.operation() == ArpView.REPLY
                      && arp.senderProtocol() == KERNEL.bits()
                      && arp.targetHardware() == STACK_MAC.bits();
            }
            seen.add(new Frame(eth.destination(), eth.source(), eth.etherType(), reply));
          },
          64);
    }
  }

  private MacAddress macOf(String device) {
    Matcher m =
        Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(veth.ip("link", "show", device));
    assertTrue(m.find(), device + " has an Ethernet address");
    return MacAddress.parse(m.group(1));
  }
}
