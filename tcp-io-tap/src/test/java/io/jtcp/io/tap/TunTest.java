package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The TUN/TAP ioctl numbers against the kernel's definitions (x86_64). */
class TunTest {

  /** {@code _IOW(type, nr, size)} of asm-generic/ioctl.h: direction 1 (write) in bits 30-31. */
  private static long iow(char type, int nr, int size) {
    return 1L << 30 | (long) size << 16 | (long) type << 8 | nr;
  }

  @Test
  void tunIoctlsAreWriteIoctlsOfAnInt() {
    assertEquals(0x400454caL, Tun.TUNSETIFF);
    assertEquals(iow('T', 202, 4), Tun.TUNSETIFF);
    assertEquals(iow('T', 203, 4), Tun.TUNSETPERSIST);
  }

  @Test
  void offloadIsAWriteIoctlOfAnUnsignedInt() {
    assertEquals(iow('T', 208, 4), Tun.TUNSETOFFLOAD);
  }
}
