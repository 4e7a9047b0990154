package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowTest {
  @Test
  void scalingFollowsRfc7323() {
    assertEquals(65535L << 14, Window.scaled(0xFFFF, 14));
    assertEquals(65535L << 14, Window.scaled(0xFFFF, 15), "shift above 14 is treated as 14");
    assertEquals(1000, Window.scaled(1000, 0));
  }

  @Test
  void advertisedFieldRoundsDownAndSaturates() {
    assertEquals(
        1, Window.field(1023 + 1024, 10), "rounds down: never promise space that is not there");
    assertEquals(0xFFFF, Window.field(1L << 40, 14));
    assertEquals(0, Window.field(-5, 3));
  }

  @Test
  void shiftForMatchesLinuxChoiceForItsDefaultBuffers() {
    assertEquals(0, Window.shiftFor(65535));
    assertEquals(1, Window.shiftFor(65536));
    // Linux's default tcp_rmem max (6 MiB) leads to the shift 7 seen in kernel SYNs.
    assertEquals(7, Window.shiftFor(6 << 20));
    assertEquals(14, Window.shiftFor(Long.MAX_VALUE));
  }
}
