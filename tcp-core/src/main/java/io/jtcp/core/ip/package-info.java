/**
 * What an IPv4 host needs below TCP on a real Ethernet link: {@link io.jtcp.core.ip.ArpLink} turns
 * an Ethernet {@link io.jtcp.core.spi.LinkDriver} (a TAP device, a libpcap handle) into the bare
 * IPv4 link the engine speaks, answering ARP for the stack's address and resolving next hops (the
 * destination on the subnet, the gateway beyond it) through a cache.
 */
@NullMarked
package io.jtcp.core.ip;

import org.jspecify.annotations.NullMarked;
