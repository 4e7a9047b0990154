/**
 * The Linux system calls jtcp's device drivers share, bound through the Foreign Function and Memory
 * API with errno captured per call: {@link io.jtcp.io.linux.Libc}. The TAP/TUN driver (tcp-io-tap)
 * and the libpcap live driver (tcp-io-pcap) both open, poll and wake on file descriptors the same
 * way; one binding serves both.
 */
@NullMarked
package io.jtcp.io.linux;

import org.jspecify.annotations.NullMarked;
