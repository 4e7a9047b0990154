package io.jtcp.io.tap;

/**
 * The TUN/TAP device's own ioctls and flags (the kernel's {@code linux/if_tun.h}, x86_64): the rest
 * of the binding is shared with the libpcap driver ({@link io.jtcp.io.linux.Libc}). ioctl numbers
 * encode the argument's size and direction ({@code asm-generic/ioctl.h}), so TUNSETIFF's {@code
 * _IOW('T', 202, int)} is 0x400454ca.
 */
final class Tun {
  private Tun() {}

  static final long TUNSETIFF = 0x400454caL;
  static final long TUNSETPERSIST = 0x400454cbL;
  static final long TUNSETOFFLOAD = 0x400454d0L;
  static final short IFF_TUN = 0x0001;
  static final short IFF_TAP = 0x0002;
  static final short IFF_MULTI_QUEUE = 0x0100;
  static final short IFF_NO_PI = 0x1000;
  static final short IFF_VNET_HDR = 0x4000;
  static final int TUN_F_CSUM = 0x01;
  static final int TUN_F_TSO4 = 0x02;
}
