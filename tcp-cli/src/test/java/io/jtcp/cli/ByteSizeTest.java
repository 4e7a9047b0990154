package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void plainBytes() {
    assertEquals(0, ByteSize.parse("0"));
    assertEquals(65536, ByteSize.parse("65536"));
    assertEquals(12, ByteSize.parse("12B"));
    assertEquals(12, ByteSize.parse(" 12 "));
  }

  @Test
  void binaryUnits_areIec() {
    assertEquals(64 * 1024, ByteSize.parse("64KiB"));
    assertEquals(8L << 20, ByteSize.parse("8MiB"));
    assertEquals(1L << 30, ByteSize.parse("1GiB"));
    assertEquals(1L << 40, ByteSize.parse("1TiB"));
    assertEquals(8L << 20, ByteSize.parse("8mib"));
    assertEquals(8L << 20, ByteSize.parse("8 MiB"));
    assertEquals(1536, ByteSize.parse("1.5KiB"));
  }

  @Test
  void decimalUnits_areSi() {
    assertEquals(64_000, ByteSize.parse("64KB"));
    assertEquals(64_000, ByteSize.parse("64kB"));
    assertEquals(1_500_000, ByteSize.parse("1.5MB"));
    assertEquals(2_000_000_000L, ByteSize.parse("2GB"));
  }

  @Test
  void rejects_sayWhatIsAccepted() {
    for (String bad : new String[] {"", "-1", "1K", "1 XB", "MiB", "1.5", "1e6", "0x10"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(bad), bad);
      assertTrue(
          e.getMessage().contains("KiB, MiB, GiB") || e.getMessage().contains("whole number"),
          e.getMessage());
    }
    assertEquals(
        "'1.5' is not a whole number of bytes (1.5)",
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("1.5")).getMessage());
    assertEquals(
        "'0.1KiB' is not a whole number of bytes (102.4)",
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("0.1KiB")).getMessage());
    assertEquals(
        "'99999999TiB' is too large",
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999TiB"))
            .getMessage());
  }

  @Test
  void format_usesTheLargestBinaryUnit() {
    assertEquals("0 B", ByteSize.format(0));
    assertEquals("1023 B", ByteSize.format(1023));
    assertEquals("1 KiB", ByteSize.format(1024));
    assertEquals("64 KiB", ByteSize.format(65536));
    assertEquals("1.5 MiB", ByteSize.format(3 << 19));
    assertEquals("1 GiB", ByteSize.format(1L << 30));
    assertEquals("1.95 KiB", ByteSize.format(2000));
  }
}
