package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Completing the partial checksums the kernel leaves to a NIC with checksum offload. */
class VirtioNetHeaderTest {
  private static final ValueLayout.OfShort NATIVE16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
  private static final ValueLayout.OfShort NET16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final int H = VirtioNetHeader.LENGTH;

  /** A raw IPv4 TCP packet after a header, its checksum field holding the pseudo-header sum. */
  private static MemorySegment partial(int payload, long seed) {
    byte[] b = new byte[H + 20 + 20 + payload];
    new Random(seed).nextBytes(b);
    MemorySegment s = MemorySegment.ofArray(b);
    VirtioNetHeader.writePlain(s, 0);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) VirtioNetHeader.F_NEEDS_CSUM);
    s.set(NATIVE16, 6, (short) 20);
    s.set(NATIVE16, 8, (short) 16);
    int tcpLength = 20 + payload;
    long pseudo = Checksum.pseudoHeader(0xC000_0201, 0xC000_0202, 6, tcpLength);
    s.set(NET16, H + 20 + 16, (short) (~Checksum.fold(pseudo) & 0xFFFF));
    return s;
  }

  @Test
  void aCompletedChecksumVerifies() {
    for (int payload : new int[] {0, 1, 2, 3, 1447, 1448, 65_000}) {
      MemorySegment s = partial(payload, payload);
      int frame = (int) s.byteSize() - H;
      assertTrue(VirtioNetHeader.completeChecksum(s, 0, frame));
      long pseudo = Checksum.pseudoHeader(0xC000_0201, 0xC000_0202, 6, frame - 20);
      assertEquals(
          0, Checksum.fold(Checksum.add(pseudo, s, H + 20, frame - 20)), "payload " + payload);
    }
  }

  @Test
  void aFrameWithoutNeedsCsumIsLeftAlone() {
    MemorySegment s = partial(100, 7);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
    byte[] before = s.toArray(ValueLayout.JAVA_BYTE);
    assertTrue(VirtioNetHeader.completeChecksum(s, 0, (int) s.byteSize() - H));
    assertArrayEquals(before, s.toArray(ValueLayout.JAVA_BYTE));
  }

  @Test
  void aHeaderPointingOutsideTheFrameIsRefused() {
    MemorySegment s = partial(10, 3);
    int frame = (int) s.byteSize() - H;
    s.set(NATIVE16, 6, (short) frame);
    assertFalse(VirtioNetHeader.completeChecksum(s, 0, frame), "csum_start at the end");
    s.set(NATIVE16, 6, (short) 20);
    s.set(NATIVE16, 8, (short) (frame - 21));
    assertFalse(VirtioNetHeader.completeChecksum(s, 0, frame), "field past the end");
    s.set(NATIVE16, 6, (short) 21);
    s.set(NATIVE16, 8, (short) 0);
    assertFalse(VirtioNetHeader.completeChecksum(s, 0, frame), "odd csum_start");
  }
}
