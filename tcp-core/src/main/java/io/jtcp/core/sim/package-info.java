/**
 * The in-memory network: links that need no device, for tests, the simulator and benchmarks.
 *
 * <ul>
 *   <li>{@link io.jtcp.core.sim.SimNetwork} runs several stacks in one thread in <em>virtual
 *       time</em>: hosts with uplink and downlink models ({@link io.jtcp.core.sim.LinkParams}:
 *       delay, bandwidth, drop-tail queue, random loss, MTU), a router, an event queue, and {@link
 *       io.jtcp.core.sim.FrameTap}s for ladders, traces and pcap. Time jumps from event to event,
 *       so a run is deterministic (a function of the seed and the script) and takes no longer than
 *       its computation, which is what lets property tests try thousands of whole transfers under
 *       loss and still replay any failure from its seed.
 *   <li>{@link io.jtcp.core.sim.InMemoryLinkPair} wires two drivers back to back through bounded
 *       lock-free queues, for two stacks on two real-time threads (benchmarks, {@code jtcp demo}).
 * </ul>
 *
 * <p>Both carry bare IPv4 packets ({@link io.jtcp.core.spi.LinkType#RAW_IP}): Ethernet and ARP
 * would add nothing a simulation of TCP needs. Link impairments are a pipeline of stages inside
 * each link model, so jitter, burst loss, reordering, duplication and corruption arrive as new
 * stages without changing the network or the engine.
 */
@NullMarked
package io.jtcp.core.sim;

import org.jspecify.annotations.NullMarked;
