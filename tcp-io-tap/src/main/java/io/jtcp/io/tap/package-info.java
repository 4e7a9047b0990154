/**
 * Linux TAP and TUN link drivers, reached through the Foreign Function and Memory API (no JNI).
 *
 * <p>{@link io.jtcp.io.tap.TapLink} opens {@code /dev/net/tun}, attaches to or creates a device
 * with {@code ioctl(TUNSETIFF)}, and moves frames between the kernel and buffers of one native
 * arena. Failures come out as {@link io.jtcp.io.tap.TapException}, whose message says what to do.
 * The libc binding is private to the package.
 */
package io.jtcp.io.tap;
