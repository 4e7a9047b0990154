package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The binding's layouts and ioctl numbers against the kernel's definitions (x86_64). */
class LibcTest {

  /** {@code _IOW(type, nr, size)} of asm-generic/ioctl.h: direction 1 (write) in bits 30-31. */
  private static long iow(char type, int nr, int size) {
    return 1L << 30 | (long) size << 16 | (long) type << 8 | nr;
  }

  @Test
  void tunIoctlsAreWriteIoctlsOfAnInt() {
    assertEquals(0x400454caL, Libc.TUNSETIFF);
    assertEquals(iow('T', 202, 4), Libc.TUNSETIFF);
    assertEquals(iow('T', 203, 4), Libc.TUNSETPERSIST);
  }

  @Test
  void ifreqIsASixteenByteNameAndAUnionOfTwentyFour() {
    assertEquals(40, Libc.IFREQ.byteSize());
    assertEquals(16, Libc.IFR_FLAGS);
    assertEquals(16, Libc.IFR_MTU);
    // struct sockaddr: a two-byte family, then the address
    assertEquals(18, Libc.IFR_HWADDR_DATA);
  }

  @Test
  void pollfdAndTimespecHaveTheirCSizes() {
    assertEquals(8, Libc.POLLFD.byteSize());
    assertEquals(4, Libc.POLLFD_EVENTS);
    assertEquals(6, Libc.POLLFD_REVENTS);
    assertEquals(16, Libc.TIMESPEC.byteSize());
  }

  @Test
  void errnoIsDescribedByStrerrorAndName() {
    assertEquals("Device or resource busy (EBUSY)", Libc.describe(Libc.EBUSY));
    assertEquals("EAGAIN", Libc.errnoName(Libc.EAGAIN));
    assertEquals("errno 4095", Libc.errnoName(4095));
  }
}
