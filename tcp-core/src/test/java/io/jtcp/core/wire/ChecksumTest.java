package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumTest {
  private static MemorySegment hex(String h) {
    return MemorySegment.ofArray(HexFormat.of().parseHex(h));
  }

  @Test
  void rfc1071Example() {
    // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d.
    assertEquals(0x220d, Checksum.of(hex("0001f203f4f5f6f7"), 0, 8));
  }

  @Test
  void oddLengthPadsTheLastByteWithZero() {
    assertEquals(
        Checksum.of(hex("0001f203f4f5f6f700"), 0, 9), Checksum.of(hex("0001f203f4f5f6f7"), 0, 8));
    assertEquals(~0xab00 & 0xFFFF, Checksum.of(hex("ab"), 0, 1));
  }

  @Test
  void carriesWrapAroundAtEveryWidth() {
    MemorySegment ones = MemorySegment.ofArray(new byte[64]).fill((byte) 0xFF);
    for (int len = 0; len <= 64; len += 2) {
      assertEquals(len == 0 ? 0xFFFF : 0, Checksum.of(ones, 0, len), "length " + len);
    }
  }

  @Test
  void emptyRegionSumsToAllOnesComplement() {
    assertEquals(0xFFFF, Checksum.of(MemorySegment.ofArray(new byte[0]), 0, 0));
  }

  @Test
  void ipv4HeaderFromRfcStyleExample() {
    // A classic worked example: 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7
    MemorySegment h = hex("450000730000400040110000c0a80001c0a800c7");
    assertEquals(0xb861, Checksum.of(h, 0, 20));
    MemorySegment withSum = hex("45000073000040004011b861c0a80001c0a800c7");
    assertEquals(0, Checksum.of(withSum, 0, 20));
  }

  @Test
  void incrementalUpdateMatchesRecomputation() {
    MemorySegment h = hex("45000073000040004011b861c0a80001c0a800c7");
    // Decrement the TTL (0x40 -> 0x3f) in the TTL/protocol word, as a router would (RFC 1624 §4).
    int updated = Checksum.update(0xb861, 0x4011, 0x3f11);
    h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 8, (byte) 0x3f);
    h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 10, (byte) 0);
    h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 11, (byte) 0);
    assertEquals(Checksum.of(h, 0, 20), updated);
  }
}
