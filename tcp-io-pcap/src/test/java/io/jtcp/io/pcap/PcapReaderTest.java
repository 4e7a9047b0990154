package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-made files, byte by byte, so the reader is not only checked against our own writer. */
class PcapReaderTest {
  private static final byte[] IPV4 = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1};

  private static ByteBuffer file(ByteOrder order, int magic, int snap, int linkType, int size) {
    ByteBuffer b = ByteBuffer.allocate(size).order(order);
    b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    return b.putInt(snap).putInt(linkType);
  }

  private static void record(ByteBuffer b, int sec, int frac, byte[] data, int orig) {
    b.putInt(sec).putInt(frac).putInt(data.length).putInt(orig).put(data);
  }

  private static PcapReader reader(ByteBuffer b) throws IOException {
    return new PcapReader(new ByteArrayInputStream(Arrays.copyOf(b.array(), b.position())), "x");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void readsBigEndianMicrosecondFiles() throws IOException {
    ByteBuffer b = file(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4, 65535, 1, 200);
    record(b, 1_000, 999_999, new byte[] {7, 8, 9}, 60);
    try (PcapReader r = reader(b)) {
      assertEquals(ByteOrder.BIG_ENDIAN, r.byteOrder());
      assertEquals(TimestampResolution.MICROSECONDS, r.resolution());
      assertEquals(65535, r.snapLength());
      assertEquals(1, r.linkType());
      PcapRecord rec = r.next();
      assertEquals(1_000_999_999_000L, rec.timestampNanos());
      assertArrayEquals(new byte[] {7, 8, 9}, rec.data());
      assertEquals(60, rec.originalLength());
      assertTrue(rec.isTruncated());
      assertNull(r.next());
    }
  }

  @Test
  void readsBigEndianNanosecondFilesAndSplitsTheLinkTypeField() throws IOException {
    // Upper 16 bits: FCS information (draft-ietf-opsawg-pcap), not part of the link type.
    ByteBuffer b = file(ByteOrder.BIG_ENDIAN, 0xa1b23c4d, 100, 0x1400_0000 | 228, 200);
    record(b, 0xffff_ffff, 999_999_999, IPV4, 16);
    try (PcapReader r = reader(b)) {
      assertEquals(TimestampResolution.NANOSECONDS, r.resolution());
      assertEquals(228, r.linkType());
      assertEquals(0x1400, r.linkTypeInfo());
      assertEquals(0xffff_ffffL * 1_000_000_000L + 999_999_999L, r.next().timestampNanos());
    }
  }

  @Test
  void findsIpv4AfterALinuxCookedHeader() throws IOException {
    byte[] sll = new byte[16];
    sll[1] = 4; // packet type: sent by us
    sll[3] = 1; // ARPHRD_ETHER
    sll[5] = 6; // address length
    sll[14] = 0x08; // protocol: IPv4
    ByteBuffer b = file(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 1000, LinkType.LINUX_SLL, 200);
    record(b, 1, 2, concat(sll, IPV4), 32);
    sll[15] = 0x06; // ARP
    record(b, 1, 2, concat(sll, IPV4), 32);
    try (PcapReader r = reader(b)) {
      assertEquals(113, r.linkType());
      PcapRecord ip = r.next();
      assertEquals(16, LinkType.ipv4Offset(r.linkType(), ip));
      assertEquals(0x45, ip.data()[16]);
      assertEquals(-1, LinkType.ipv4Offset(r.linkType(), r.next()));
    }
  }

  @Test
  void findsIpv4AfterALinuxCookedV2Header() throws IOException {
    byte[] sll2 = new byte[20];
    sll2[0] = 0x08; // protocol: IPv4, first in SLL2
    sll2[7] = 2; // interface index
    sll2[9] = 1; // ARPHRD_ETHER
    sll2[11] = 6; // address length
    ByteBuffer b = file(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4, 1000, LinkType.LINUX_SLL2, 200);
    record(b, 1, 2, concat(sll2, IPV4), 36);
    try (PcapReader r = reader(b)) {
      assertEquals(276, r.linkType());
      PcapRecord rec = r.next();
      assertEquals(20, LinkType.ipv4Offset(r.linkType(), rec));
      // Cut right after the cooked header: no IPv4 byte was captured.
      assertEquals(-1, LinkType.ipv4Offset(276, rec.data(), 20));
    }
  }

  @Test
  void findsIpv4InEthernetAndRawFrames() {
    byte[] eth = new byte[14];
    eth[12] = 0x08;
    assertEquals(14, LinkType.ipv4Offset(LinkType.ETHERNET, concat(eth, IPV4), 30));
    byte[] vlan = new byte[18];
    vlan[12] = (byte) 0x81;
    vlan[16] = 0x08;
    assertEquals(18, LinkType.ipv4Offset(LinkType.ETHERNET, concat(vlan, IPV4), 34));
    eth[12] = (byte) 0x86;
    eth[13] = (byte) 0xdd;
    assertEquals(-1, LinkType.ipv4Offset(LinkType.ETHERNET, concat(eth, IPV4), 30));
    assertEquals(-1, LinkType.ipv4Offset(LinkType.ETHERNET, new byte[13], 13));
    assertEquals(0, LinkType.ipv4Offset(LinkType.RAW, IPV4, IPV4.length));
    assertEquals(-1, LinkType.ipv4Offset(LinkType.RAW, new byte[] {0x60, 0}, 2));
    assertEquals(0, LinkType.ipv4Offset(LinkType.IPV4, IPV4, IPV4.length));
    assertEquals(-1, LinkType.ipv4Offset(LinkType.IPV4, IPV4, 0));
    assertEquals(-1, LinkType.ipv4Offset(147, IPV4, IPV4.length));
  }

  private static PcapFormatException corrupt(byte[] bytes) {
    return assertThrows(
        PcapFormatException.class,
        () -> {
          try (PcapReader r = new PcapReader(new ByteArrayInputStream(bytes), "f.pcap")) {
            while (r.next() != null) {
              // read everything
            }
          }
        });
  }

  private static byte[] bytes(ByteBuffer b) {
    return Arrays.copyOf(b.array(), b.position());
  }

  @Test
  void aFileCutInsideTheGlobalHeaderNamesTheOffset() {
    ByteBuffer b = file(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 100, 1, 24);
    PcapFormatException e = corrupt(Arrays.copyOf(b.array(), 10));
    assertEquals(10, e.offset());
    assertTrue(e.getMessage().startsWith("at byte offset 10: "), e.getMessage());
    assertTrue(e.getMessage().contains("global header"), e.getMessage());
  }

  @Test
  void aFileCutInsideARecordHeaderNamesTheRecordsOffset() {
    ByteBuffer b = file(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 100, 1, 200);
    record(b, 1, 2, new byte[] {1, 2}, 2);
    b.putInt(1).putInt(2);
    PcapFormatException e = corrupt(bytes(b));
    assertEquals(42, e.offset());
    assertTrue(e.getMessage().contains("record header"), e.getMessage());
  }

  @Test
  void aRecordLengthPastTheEndNamesWhereItsDataStarts() {
    ByteBuffer b = file(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4, 100, 1, 200);
    b.putInt(1).putInt(2).putInt(50).putInt(50).put(new byte[20]);
    PcapFormatException e = corrupt(bytes(b));
    assertEquals(40, e.offset());
    assertTrue(e.getMessage().contains("incl_len 50 runs past the end"), e.getMessage());
  }

  @Test
  void anInclLenAboveTheSnapLengthOr256KiBIsCorrupt() {
    ByteBuffer b = file(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 100, 1, 200);
    record(b, 1, 2, new byte[101], 101);
    PcapFormatException e = corrupt(bytes(b));
    assertEquals(32, e.offset());
    assertTrue(e.getMessage().contains("snap length 100"), e.getMessage());

    ByteBuffer big = file(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, Integer.MAX_VALUE, 1, 200);
    big.putInt(1).putInt(2).putInt(256 * 1024 + 1).putInt(256 * 1024 + 1);
    assertEquals(32, corrupt(bytes(big)).offset());

    ByteBuffer shorter = file(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 100, 1, 200);
    record(shorter, 1, 2, new byte[10], 9);
    assertEquals(36, corrupt(bytes(shorter)).offset());
  }

  @Test
  void aBadMagicIsReportedAtOffsetZero() {
    byte[] text =
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    PcapFormatException e = corrupt(text);
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("f.pcap is not a pcap file"), e.getMessage());
    assertTrue(e.getMessage().contains("0x47455420"), e.getMessage());
  }

  @Test
  void aPcapngFileIsRecognisedAndRejectedWithHowToConvertIt() {
    // Section Header Block: type, length 28, byte-order magic 0x1a2b3c4d, version 1.0.
    ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x0a0d0d0a).putInt(28).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0);
    b.putLong(-1).putInt(28);
    PcapFormatException e = corrupt(b.array());
    assertEquals(0, e.offset());
    assertTrue(
        e.getMessage().contains("f.pcap is a pcapng file")
            && e.getMessage().contains("convert it with `editcap -F pcap IN OUT`"),
        e.getMessage());
    // Even a pcapng file cut short is still called pcapng.
    assertTrue(corrupt(Arrays.copyOf(b.array(), 8)).getMessage().contains("pcapng"));
  }

  @Test
  void anUnknownMajorVersionIsRejected() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 3).putShort((short) 0).putInt(0).putInt(0);
    b.putInt(100).putInt(1);
    assertEquals(4, corrupt(b.array()).offset());
  }
}
