package io.jtcp.io.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The binding's layouts and errno names against the kernel's and libc's definitions (x86_64). */
class LibcTest {

  @Test
  void ifreqIsASixteenByteNameAndAUnionOfTwentyFour() {
    assertEquals(40, Libc.IFREQ.byteSize());
    assertEquals(16, Libc.IFR_FLAGS);
    assertEquals(16, Libc.IFR_MTU);
    // struct sockaddr: a two-byte family, then the address
    assertEquals(18, Libc.IFR_HWADDR_DATA);
    assertEquals(16, Libc.IFR_HWADDR_FAMILY);
    assertEquals(40, Libc.IFREQ_SIZE);
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
