package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.wire.Checksum;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.io.tap.TapLink.Mode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ten thousand frames written through the driver all reach the kernel: its interface counts them
 * received. A smoke test, no timing asserted; the rate is printed. Needs root and /dev/net/tun.
 */
class TapLinkThroughputTest {
  private static final int FRAMES = 10_000;

  /**
   * An EtherType for local experiments (IEEE 802): the kernel counts such frames and drops them.
   */
  private static final int LOCAL_EXPERIMENTAL = 0x88B5;

  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private TapFixture fx;

  @BeforeEach
  void setUp() {
    fx = TapFixture.create();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyFrameWrittenIsCountedByTheKernel(Mode mode) throws Exception {
    TapLink link = fx.openInNamespace(mode, Frames.KERNEL + "/24");
    long before = fx.ns.statistic(link.name(), "rx_packets");
    MacAddress kernelMac = link.kernelMacAddress();
    long start = System.nanoTime();
    int accepted = 0;
    for (int i = 0; i < FRAMES; i++) {
      int seq = i;
      boolean ok =
          mode == Mode.TAP
              ? link.transmit(
                  60,
                  (b, o, l) -> {
                    b.asSlice(o, l).fill((byte) 0);
                    Frames.ethernet(
                        b, o, kernelMac.bits(), Frames.PEER_MAC.bits(), LOCAL_EXPERIMENTAL);
                    b.set(ValueLayout.JAVA_INT_UNALIGNED, o + Frames.ETHERNET, seq);
                  })
              : link.transmit(32, (b, o, l) -> udpToDiscard(b, o, l, seq));
      if (ok) {
        accepted++;
      }
      // The kernel's answers (ICMP port unreachable on TUN, rate-limited) are read and dropped.
      if (i % 256 == 0) {
        link.receive((b, o, l) -> {}, 256);
      }
    }
    long elapsed = System.nanoTime() - start;
    long after = fx.ns.statistic(link.name(), "rx_packets");
    System.out.printf(
        "%s: %d frames written in %.1f ms, %.0f frames/s%n",
        mode, FRAMES, elapsed / 1e6, FRAMES / (elapsed / 1e9));
    assertEquals(FRAMES, accepted, "transmit drops: " + link.transmitDrops());
    assertEquals(FRAMES, link.framesTransmitted());
    assertEquals(FRAMES, after - before, "the kernel's rx_packets of " + link.name());
  }

  /** A UDP datagram from the peer to the kernel's discard port (RFC 863), 4 bytes of payload. */
  private static void udpToDiscard(MemorySegment b, long o, int length, int seq) {
    b.asSlice(o, length).fill((byte) 0);
    new Ipv4View()
        .writeTo(b, o, Ipv4View.MIN_HEADER_LENGTH)
        .totalLength(length)
        .identification(seq & 0xFFFF)
        .flagsAndFragmentOffset(Ipv4View.FLAG_DF, 0)
        .ttl(64)
        .protocol(IpProtocol.UDP)
        .source(Frames.PEER.bits())
        .destination(Frames.KERNEL.bits())
        .fillChecksum();
    long udp = o + Ipv4View.MIN_HEADER_LENGTH;
    int udpLength = length - Ipv4View.MIN_HEADER_LENGTH;
    b.set(U16, udp, (short) 40000);
    b.set(U16, udp + 2, (short) 9);
    b.set(U16, udp + 4, (short) udpLength);
    b.set(ValueLayout.JAVA_INT_UNALIGNED, udp + 8, seq);
    long sum =
        Checksum.pseudoHeader(Frames.PEER.bits(), Frames.KERNEL.bits(), IpProtocol.UDP, udpLength);
    int checksum = Checksum.fold(Checksum.add(sum, b, udp, udpLength));
    b.set(U16, udp + 6, (short) (checksum == 0 ? 0xFFFF : checksum));
  }
}
