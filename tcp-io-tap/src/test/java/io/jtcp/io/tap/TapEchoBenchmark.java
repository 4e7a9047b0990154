package io.jtcp.io.tap;

import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.IcmpView;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.io.tap.TapLink.Mode;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The raw frame rate of the driver with no TCP: the kernel is the echo server. The benchmark keeps
 * a window of ICMP echo requests in flight to the kernel's side of a device in a namespace of its
 * own, and counts the replies it reads; each round trip is one frame written and one read. Linux
 * answers in the write itself (tun_get_user() hands the packet to the stack synchronously), so the
 * rate is the driver's and the kernel's per-frame cost together. Needs root and /dev/net/tun.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp CLASSPATH io.jtcp.io.tap.TapEchoBenchmark \
 *     [tun|tap] [seconds, default 5] [window, default 32]
 * </pre>
 *
 * (tcp-io-tap/README.md shows how to build CLASSPATH.)
 */
public final class TapEchoBenchmark {
  private TapEchoBenchmark() {}

  private static final int PAYLOAD = 56; // ping's default
  private static final int IDENTIFIER = 0x4a54;

  public static void main(String[] args) throws Exception {
    Mode mode = args.length > 0 ? Mode.valueOf(args[0].toUpperCase(Locale.ROOT)) : Mode.TUN;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    if (window < 1 || window > 400) {
      // A TUN/TAP device queues 500 frames for reading (TUN_READQ_SIZE) and drops the rest.
      throw new IllegalArgumentException("window must be in [1, 400]; got " + window);
    }
    try (Netns ns = Netns.create();
        TapLink link = TapLink.open(TapFixture.uniqueName(), mode)) {
      ns.adopt(link);
      ns.configure(link.name(), Frames.KERNEL + "/24");
      MacAddress kernelMac = link.kernelMacAddress();
      if (mode == Mode.TAP) {
        // A permanent neighbour: the kernel answers without resolving the peer by ARP first.
        ns.ip(
            "neigh",
            "replace",
            Frames.PEER.toString(),
            "lladdr",
            Frames.PEER_MAC.toString(),
            "dev",
            link.name(),
            "nud",
            "permanent");
      }
      int header = mode == Mode.TAP ? Frames.ETHERNET : 0;
      int length = header + Ipv4View.MIN_HEADER_LENGTH + IcmpView.HEADER_LENGTH + PAYLOAD;
      long[] replies = {0};
      int[] sequence = {0};
      System.out.printf(
          "%s %s, mtu %d, window %d, %d s%n", mode, link.name(), link.mtu(), window, seconds);
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      long nextReport = start + TimeUnit.SECONDS.toNanos(1);
      long reported = 0;
      long sent = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        while (sent - replies[0] < window) {
          int seq = sequence[0]++;
          boolean ok =
              link.transmit(
                  length,
                  (b, o, l) -> {
                    if (header > 0 && kernelMac != null) {
                      Frames.ethernet(
                          b, o, kernelMac.bits(), Frames.PEER_MAC.bits(), EtherType.IPV4);
                    }
                    echoRequest(b, o + header, l - header, seq);
                  });
          if (!ok) {
            break;
          }
          sent++;
        }
        int n =
            link.receive(
                (b, o, l) -> {
                  if (l == length) {
                    replies[0]++;
                  }
                },
                64);
        if (n == 0) {
          link.await(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (now >= nextReport) {
          System.out.printf("  %,d round trips/s%n", replies[0] - reported);
          reported = replies[0];
          nextReport += TimeUnit.SECONDS.toNanos(1);
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%,d round trips in %.1f s: %,.0f/s, %,.0f frames/s through the driver;"
              + " %d transmit drops%n",
          replies[0],
          elapsed,
          replies[0] / elapsed,
          2 * replies[0] / elapsed,
          link.transmitDrops());
    }
  }

  private static void echoRequest(MemorySegment b, long o, int length, int seq) {
    b.asSlice(o, length).fill((byte) 0);
    new Ipv4View()
        .writeTo(b, o, Ipv4View.MIN_HEADER_LENGTH)
        .totalLength(length)
        .identification(seq & 0xFFFF)
        .flagsAndFragmentOffset(Ipv4View.FLAG_DF, 0)
        .ttl(64)
        .protocol(IpProtocol.ICMP)
        .source(Frames.PEER.bits())
        .destination(Frames.KERNEL.bits())
        .fillChecksum();
    new IcmpView()
        .writeTo(b, o + Ipv4View.MIN_HEADER_LENGTH, length - Ipv4View.MIN_HEADER_LENGTH)
        .type(IcmpView.TYPE_ECHO_REQUEST)
        .code(0)
        .restOfHeader(IDENTIFIER << 16 | (seq & 0xFFFF))
        .fillChecksum();
  }
}
