package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.sim.InMemoryLinkPair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureLinkTest {
  private long now;

  private static byte[] frame(int n, int length) {
    byte[] f = new byte[length];
    for (int i = 0; i < length; i++) {
      f[i] = (byte) (n + i);
    }
    return f;
  }

  @Test
  void bothDirections_areCaptured_withTheGivenClock_andPassThroughUnchanged() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    InMemoryLinkPair pair = new InMemoryLinkPair(8, 1500);
    CaptureLink a =
        new CaptureLink(
            pair.a(),
            new PcapWriter(file, TimestampResolution.NANOSECONDS, LinkType.IPV4),
            () -> now);
    byte[] out = frame(1, 100);
    byte[] in = frame(7, 60);
    now = 5;
    assertTrue(
        a.transmit(
            out.length, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(out), 0, s, o, l)));
    now = 9;
    pair.b()
        .transmit(
            in.length, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(in), 0, s, o, l));
    List<byte[]> up = new ArrayList<>();
    assertEquals(
        1,
        a.receive(
            (s, o, l) -> up.add(s.asSlice(o, l).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)),
            10));
    assertArrayEquals(in, up.getFirst(), "received frames reach the engine unchanged");
    List<byte[]> sent = new ArrayList<>();
    pair.b()
        .receive(
            (s, o, l) -> sent.add(s.asSlice(o, l).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)),
            10);
    assertArrayEquals(out, sent.getFirst(), "transmitted frames reach the link unchanged");
    a.close();
    assertEquals(2, a.frames());
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(file.toByteArray()))) {
      assertEquals(LinkType.IPV4, r.linkType());
      PcapRecord first = r.next();
      PcapRecord second = r.next();
      assertNotNull(first);
      assertNotNull(second);
      assertEquals(5, first.timestampNanos());
      assertArrayEquals(out, first.data());
      assertEquals(9, second.timestampNanos());
      assertArrayEquals(in, second.data());
      assertNull(r.next());
    }
  }

  @Test
  void aFailingFile_stopsTheCapture_butNotTheLink() throws IOException {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
          }
        };
    InMemoryLinkPair pair = new InMemoryLinkPair(8, 1500);
    PcapWriter w;
    try {
      w = new PcapWriter(broken, TimestampResolution.MICROSECONDS, LinkType.IPV4);
    } catch (IOException e) {
      return; // the header itself could not be written: nothing to decorate
    }
    CaptureLink a = new CaptureLink(pair.a(), w, () -> now);
    byte[] big = frame(3, 1400);
    // More than the writer buffers (64 KiB), so that it has to write to the broken stream.
    for (int i = 0; i < 100; i++) {
      assertTrue(
          a.transmit(
              big.length, (s, o, l) -> MemorySegment.copy(MemorySegment.ofArray(big), 0, s, o, l)));
      pair.b().receive((s, o, l) -> {}, 10);
    }
    assertNotNull(a.error(), "the write error is kept");
    assertTrue(a.error().getMessage().contains("disk full"), a.error().getMessage());
  }
}
