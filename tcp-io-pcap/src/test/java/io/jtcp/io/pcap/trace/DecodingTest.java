package io.jtcp.io.pcap.trace;

import static io.jtcp.io.pcap.trace.Capture.ACK;
import static io.jtcp.io.pcap.trace.Capture.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.io.pcap.LinkType;
import io.jtcp.io.pcap.PcapWriter;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the trace reads from a record, behind each link type, and what it skips or ignores. */
class DecodingTest {
  private final Capture c = new Capture();

  private byte[] syn() {
    return c.packet(true, SYN, 100, 0, 65535, 0);
  }

  private byte[] data(int length) {
    return c.packet(true, ACK, 101, 301, 512, length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] ethernet(byte[] ip) {
    byte[] h = new byte[14];
    h[12] = 0x08; // IPv4
    return concat(h, ip);
  }

  /** A Linux cooked v1 header: packet type, ARPHRD_ type, ..., protocol IPv4. */
  private static byte[] sll(int packetType, int hardwareType, byte[] ip) {
    byte[] h = new byte[16];
    h[1] = (byte) packetType;
    h[2] = (byte) (hardwareType >> 8);
    h[3] = (byte) hardwareType;
    h[14] = 0x08;
    return concat(h, ip);
  }

  /** A Linux cooked v2 header: protocol IPv4, ..., ARPHRD_ type, packet type. */
  private static byte[] sll2(int packetType, int hardwareType, byte[] ip) {
    byte[] h = new byte[20];
    h[0] = 0x08;
    h[8] = (byte) (hardwareType >> 8);
    h[9] = (byte) hardwareType;
    h[10] = (byte) packetType;
    return concat(h, ip);
  }

  @Test
  void everyLinkType_findsTheSegment() {
    int[][] cases = {
      {LinkType.ETHERNET},
      {LinkType.RAW},
      {LinkType.IPV4},
      {LinkType.LINUX_SLL},
      {LinkType.LINUX_SLL2}
    };
    for (int[] lt : cases) {
      byte[] ip = syn();
      byte[] frame =
          switch (lt[0]) {
            case LinkType.ETHERNET -> ethernet(ip);
            case LinkType.LINUX_SLL -> sll(0, 1, ip);
            case LinkType.LINUX_SLL2 -> sll2(0, 1, ip);
            default -> ip;
          };
      CaptureTrace t =
          Capture.trace(new Capture().raw(frame).bytes(lt[0], PcapWriter.DEFAULT_SNAP_LENGTH));
      assertEquals(1, t.tcpSegments(), "link type " + lt[0]);
      assertTrue(t.linkTypeReadable());
      assertEquals(100, t.connections().getFirst().segments().getFirst().segment().seq());
    }
  }

  @Test
  void unknownLinkType_readsNothingAndSaysSo() {
    CaptureTrace t = Capture.trace(new Capture().raw(syn()).bytes(147, 65535));
    assertFalse(t.linkTypeReadable());
    assertEquals(1, t.ignored());
    assertEquals(0, t.connections().size());
  }

  @Test
  void cookedLoopback_outgoingCopyIsIgnored_incomingKept() {
    byte[] ip = syn();
    for (int lt : new int[] {LinkType.LINUX_SLL, LinkType.LINUX_SLL2}) {
      Capture cap = new Capture();
      cap.raw(lt == LinkType.LINUX_SLL ? sll(4, 772, ip) : sll2(4, 772, ip));
      cap.raw(lt == LinkType.LINUX_SLL ? sll(0, 772, ip) : sll2(0, 772, ip));
      CaptureTrace t = Capture.trace(cap.bytes(lt, 65535));
      assertEquals(1, t.tcpSegments(), "link type " + lt);
      assertEquals(1, t.ignored());
    }
  }

  @Test
  void snapLengthCutsThePayload_segmentStillTracedWithItsLengthOnTheWire() {
    CaptureTrace t = Capture.trace(new Capture().raw(data(1000)).bytes(LinkType.IPV4, 60));
    CapturedSegment s = t.connections().getFirst().segments().getFirst().segment();
    assertEquals(1000, s.payloadLength());
    assertTrue(s.payloadCut());
  }

  @Test
  void snapLengthCutsTheTcpHeader_skippedAsTruncated() {
    CaptureTrace t =
        Capture.trace(new Capture().raw(ethernet(data(10))).bytes(LinkType.ETHERNET, 50));
    assertEquals(Map.of(SkipReason.TRUNCATED, 1), t.skipped());
    assertEquals(0, t.connections().size());
  }

  @Test
  void ethernetPadding_isNotPayload() {
    byte[] padded = Arrays.copyOf(ethernet(c.packet(true, ACK, 101, 301, 512, 0)), 60);
    CaptureTrace t = Capture.trace(new Capture().raw(padded).bytes(LinkType.ETHERNET, 65535));
    assertEquals(0, t.connections().getFirst().segments().getFirst().segment().payloadLength());
  }

  @Test
  void malformedPackets_areSkippedAndCountedByReason() {
    byte[] version6 = syn();
    version6[0] = 0x65;
    byte[] shortIhl = syn();
    shortIhl[0] = 0x44;
    byte[] shortTotal = syn();
    shortTotal[2] = 0;
    shortTotal[3] = 10;
    byte[] dataOffset = syn();
    dataOffset[20 + 12] = 0x30; // 12 bytes: below the fixed header
    byte[] beyond = syn();
    beyond[20 + 12] = (byte) 0xf0; // 60 bytes: more than the segment has
    byte[] option = c.packet(true, SYN, 100, 0, 65535, 0, Capture.mss(1460));
    option[20 + 21] = 9; // the MSS option claims 9 bytes of a 4-byte option space
    byte[] fragment = syn();
    fragment[6] = 0x20; // more fragments
    byte[] tinyTcp = Arrays.copyOf(syn(), 30);
    tinyTcp[2] = 0;
    tinyTcp[3] = 30; // total length leaves 10 bytes for TCP
    CaptureTrace t =
        new Capture()
            .raw(version6)
            .raw(shortIhl)
            .raw(shortTotal)
            .raw(dataOffset)
            .raw(beyond)
            .raw(option)
            .raw(fragment)
            .raw(tinyTcp)
            .raw(new byte[8])
            .raw(syn())
            .trace();
    assertEquals(
        Map.of(
            SkipReason.MALFORMED_IP, 3,
            SkipReason.MALFORMED_TCP, 4,
            SkipReason.FRAGMENT, 1,
            SkipReason.TRUNCATED, 1),
        t.skipped());
    assertEquals(10, t.records());
    assertEquals(1, t.tcpSegments());
  }

  @Test
  void otherProtocols_areIgnored() {
    byte[] udp = syn();
    udp[9] = 17;
    byte[] arp = new byte[42];
    arp[12] = 0x08;
    arp[13] = 0x06;
    CaptureTrace t =
        Capture.trace(
            new Capture()
                .raw(ethernet(udp))
                .raw(arp)
                .raw(ethernet(syn()))
                .bytes(LinkType.ETHERNET, 65535));
    assertEquals(2, t.ignored());
    assertEquals(1, t.tcpSegments());
    assertEquals(0, t.skippedTotal());
  }

  @Test
  void fileCutInsideARecord_tracesWhatCameBeforeAndReportsTheDamage() {
    byte[] whole = new Capture().raw(syn()).raw(data(100)).bytes();
    CaptureTrace t = Capture.trace(Arrays.copyOf(whole, whole.length - 30));
    assertEquals(1, t.records());
    assertEquals(1, t.connections().size());
    assertNotNull(t.damage());
    assertTrue(t.damage().startsWith("at byte offset "), t.damage());
    assertNull(Capture.trace(whole).damage());
  }

  @Test
  void anyBytesInTheRecords_neverThrow_andEveryRecordIsAccountedFor() {
    byte[] good = syn();
    Property.forAll(Gens.bytes(0, 120), Gens.ints(0, 200))
        .tries(2000)
        .check(
            (noise, at) -> {
              // Both pure noise and a real packet with noise written over part of it.
              byte[] mixed = Arrays.copyOf(good, Math.max(good.length, at + noise.length));
              System.arraycopy(
                  noise, 0, mixed, Math.min(at, mixed.length - noise.length), noise.length);
              for (int lt : new int[] {LinkType.IPV4, LinkType.ETHERNET, LinkType.LINUX_SLL2}) {
                CaptureTrace t =
                    Capture.trace(new Capture().raw(noise).raw(mixed).bytes(lt, 65535));
                assertEquals(2, t.records());
                assertEquals(2, t.tcpSegments() + t.ignored() + t.skippedTotal());
              }
            });
  }
}
