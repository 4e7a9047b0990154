/**
 * Interop tests against the Linux kernel: the {@code jtcp} jar runs on a TAP or TUN device, or a
 * veth endpoint through libpcap, inside a network namespace each test creates and deletes, and
 * talks to the kernel's TCP through curl, python3's http.server, socat and ping. No traffic leaves
 * the namespace.
 */
@NullMarked
package io.jtcp.cli.interop;

import org.jspecify.annotations.NullMarked;
