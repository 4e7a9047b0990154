package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapRoundTripTest {
  private static final long T = 1_700_000_000_123_456_789L;

  @Test
  void microsecondFileHasTheDocumentedHeaderAndDropsSubMicroseconds() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] frame = {1, 2, 3, 4, 5};
    try (PcapWriter w =
        new PcapWriter(bytes, TimestampResolution.MICROSECONDS, LinkType.ETHERNET, 1500)) {
      w.write(T, frame);
      w.write(T + 1_000, frame, 1, 3);
    }
    byte[] file = bytes.toByteArray();
    assertEquals(24 + 16 + 5 + 16 + 3, file.length);
    // Little-endian 0xa1b2c3d4, version 2.4, zone 0, sigfigs 0, snaplen 1500, link type 1.
    byte[] expectedHeader = {
      (byte) 0xd4,
      (byte) 0xc3,
      (byte) 0xb2,
      (byte) 0xa1,
      2,
      0,
      4,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      (byte) 0xdc,
      0x05,
      0,
      0,
      1,
      0,
      0,
      0
    };
    assertArrayEquals(expectedHeader, Arrays.copyOf(file, 24));

    try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
      assertEquals(TimestampResolution.MICROSECONDS, r.resolution());
      assertEquals(ByteOrder.LITTLE_ENDIAN, r.byteOrder());
      assertEquals(LinkType.ETHERNET, r.linkType());
      assertEquals(1500, r.snapLength());
      assertEquals(2, r.versionMajor());
      assertEquals(4, r.versionMinor());
      PcapRecord a = r.next();
      assertEquals(T - 789, a.timestampNanos());
      assertArrayEquals(frame, a.data());
      assertEquals(5, a.originalLength());
      assertEquals(24, a.fileOffset());
      assertFalse(a.isTruncated());
      PcapRecord b = r.next();
      assertEquals(T + 1_000 - 789, b.timestampNanos());
      assertArrayEquals(new byte[] {2, 3, 4}, b.data());
      assertNull(r.next());
      assertEquals(file.length, r.position());
    }
  }

  @Test
  void nanosecondFileKeepsEveryNanosecond() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, TimestampResolution.NANOSECONDS, LinkType.IPV4)) {
      w.write(T, new byte[] {0x45, 0});
      w.write(0, new byte[0]);
    }
    byte[] file = bytes.toByteArray();
    assertArrayEquals(new byte[] {0x4d, 0x3c, (byte) 0xb2, (byte) 0xa1}, Arrays.copyOf(file, 4));
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
      assertEquals(TimestampResolution.NANOSECONDS, r.resolution());
      assertEquals(LinkType.IPV4, r.linkType());
      assertEquals(PcapWriter.DEFAULT_SNAP_LENGTH, r.snapLength());
      assertEquals(T, r.next().timestampNanos());
      PcapRecord empty = r.next();
      assertEquals(0, empty.timestampNanos());
      assertEquals(0, empty.capturedLength());
      assertNull(r.next());
    }
  }

  @Test
  void writesFromAnOffHeapSegmentSlice() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Arena arena = Arena.ofConfined();
        PcapWriter w = new PcapWriter(bytes, TimestampResolution.NANOSECONDS, LinkType.RAW, 4)) {
      MemorySegment seg = arena.allocate(10);
      for (int i = 0; i < 10; i++) {
        seg.set(ValueLayout.JAVA_BYTE, i, (byte) (10 + i));
      }
      w.write(T, seg, 3, 6);
      w.write(T, seg, 8, 2);
      assertThrows(IndexOutOfBoundsException.class, () -> w.write(T, seg, 8, 3));
    }
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(bytes.toByteArray()))) {
      PcapRecord a = r.next();
      assertArrayEquals(new byte[] {13, 14, 15, 16}, a.data());
      assertEquals(6, a.originalLength());
      assertTrue(a.isTruncated());
      PcapRecord b = r.next();
      assertArrayEquals(new byte[] {18, 19}, b.data());
      assertFalse(b.isTruncated());
      assertNull(r.next());
    }
  }

  @Test
  void framesLongerThanTheSnapLengthAreCutAndKeepTheirLength() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] frame = new byte[100];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (byte) i;
    }
    try (PcapWriter w =
        new PcapWriter(bytes, TimestampResolution.MICROSECONDS, LinkType.ETHERNET, 64)) {
      w.write(T, frame);
      w.write(T, Arrays.copyOf(frame, 64));
    }
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(bytes.toByteArray()))) {
      PcapRecord cut = r.next();
      assertEquals(64, cut.capturedLength());
      assertEquals(100, cut.originalLength());
      assertTrue(cut.isTruncated());
      assertArrayEquals(Arrays.copyOf(frame, 64), cut.data());
      PcapRecord whole = r.next();
      assertEquals(64, whole.originalLength());
      assertFalse(whole.isTruncated());
    }
  }

  @Test
  void pathRoundTripAndArgumentChecks(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a.pcap");
    try (PcapWriter w = PcapWriter.open(file, TimestampResolution.NANOSECONDS, 276, 128)) {
      w.write(5, new byte[] {9});
      assertThrows(IllegalArgumentException.class, () -> w.write(-1, new byte[1]));
      assertThrows(
          IllegalArgumentException.class,
          () -> w.write(4_294_967_296L * 1_000_000_000L, new byte[1]));
    }
    assertEquals(24 + 16 + 1, Files.size(file));
    try (PcapReader r = PcapReader.open(file)) {
      assertEquals(LinkType.LINUX_SLL2, r.linkType());
      assertEquals(128, r.snapLength());
      assertEquals(5, r.next().timestampNanos());
      assertNull(r.next());
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertThrows(
        IllegalArgumentException.class,
        () -> new PcapWriter(sink, TimestampResolution.NANOSECONDS, 1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PcapWriter(sink, TimestampResolution.NANOSECONDS, 1, 256 * 1024 + 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PcapWriter(sink, TimestampResolution.NANOSECONDS, 0x10000, 100));
  }

  private record Frame(long nanos, byte[] data) {}

  private record Capture(TimestampResolution resolution, int snapLength, List<Frame> frames) {}

  @Test
  void randomFramesAndTimestampsSurviveARoundTrip() {
    Gen<Frame> frame =
        src ->
            new Frame(
                Gens.longs(0, 0xffff_ffffL * 1_000_000_000L + 999_999_999L).generate(src),
                Gens.bytes(0, 300).generate(src));
    Gen<Capture> capture =
        src ->
            new Capture(
                Gens.oneOf(TimestampResolution.values()).generate(src),
                Gens.ints(1, 400).generate(src),
                Gens.lists(frame, 0, 8).generate(src));
    Property.forAll(capture)
        .tries(300)
        .check(
            c -> {
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              try (PcapWriter w = new PcapWriter(bytes, c.resolution(), 228, c.snapLength())) {
                for (Frame f : c.frames()) {
                  w.write(f.nanos(), f.data());
                }
              }
              List<PcapRecord> back = new ArrayList<>();
              try (PcapReader r = new PcapReader(new ByteArrayInputStream(bytes.toByteArray()))) {
                for (PcapRecord rec; (rec = r.next()) != null; ) {
                  back.add(rec);
                }
              }
              assertEquals(c.frames().size(), back.size());
              long unit = c.resolution().nanosPerUnit();
              for (int i = 0; i < back.size(); i++) {
                Frame f = c.frames().get(i);
                PcapRecord rec = back.get(i);
                assertEquals(f.nanos() - f.nanos() % unit, rec.timestampNanos());
                assertEquals(f.data().length, rec.originalLength());
                int kept = Math.min(f.data().length, c.snapLength());
                assertArrayEquals(Arrays.copyOf(f.data(), kept), rec.data());
                assertEquals(f.data().length > c.snapLength(), rec.isTruncated());
              }
            });
  }
}
