/**
 * The in-memory network and the hostile one: links that need no device, for tests, the simulator
 * and benchmarks, and faults to inject into any link.
 *
 * <ul>
 *   <li>{@link io.jtcp.core.sim.SimNetwork} runs several stacks in one thread in <em>virtual
 *       time</em>: hosts with uplink and downlink models, a router, an event queue, and {@link
 *       io.jtcp.core.sim.FrameTap}s for ladders, traces and pcap. Time jumps from event to event,
 *       so a run is deterministic (a function of the seed and the script) and takes no longer than
 *       its computation, which is what lets property tests try thousands of whole transfers under
 *       loss and still replay any failure from its seed. A {@link io.jtcp.core.sim.SharedLink}
 *       between the router and the destinations gives several flows one queue to share: the
 *       bottleneck of a dumbbell.
 *   <li>{@link io.jtcp.core.sim.LinkParams} describes one direction of a link: MTU, random loss,
 *       Gilbert–Elliott burst loss ({@link io.jtcp.core.sim.GilbertElliott}), duplication,
 *       corruption, truncation, a drop-tail queue and serializer (bandwidth), delay with jitter
 *       ({@link io.jtcp.core.sim.JitterDistribution}), and reordering with a depth ({@link
 *       io.jtcp.core.sim.Reordering}), applied in that order. Each impairment is a stage of the
 *       link's pipeline with a random stream of its own, so every run replays exactly from its
 *       seed.
 *   <li>{@link io.jtcp.core.sim.FrameFate} says what happened to each packet: it starts (sent, or
 *       duplicated), may collect annotations (corrupted, truncated, reordered) and ends once
 *       (delivered, or dropped for a reason). Taps see every event ({@link
 *       io.jtcp.core.sim.FrameEvent} identifies the packet and its copies), and {@link
 *       io.jtcp.core.sim.FrameCounts} count them per host and network-wide.
 *   <li>{@link io.jtcp.core.sim.FaultyLink} wraps any {@link io.jtcp.core.spi.LinkDriver} (the
 *       in-memory links, TAP, TUN, pcap) and applies the faults that need no clock — loss, burst
 *       loss, duplication, corruption, truncation and reordering — to frames sent, received or
 *       both. Delay, jitter and bandwidth need virtual time and stay in the simulator.
 *   <li>{@link io.jtcp.core.sim.InMemoryLinkPair} wires two drivers back to back through bounded
 *       lock-free queues, for two stacks on two real-time threads (benchmarks, {@code jtcp demo}).
 * </ul>
 *
 * <p>The simulator and the pair carry bare IPv4 packets ({@link io.jtcp.core.spi.LinkType#RAW_IP}):
 * Ethernet and ARP would add nothing a simulation of TCP needs. Corruption flips bits the Internet
 * checksum always catches, so a stack that checks its checksums never delivers corrupted bytes, and
 * a transfer's byte stream can be checked exactly.
 */
@NullMarked
package io.jtcp.core.sim;

import org.jspecify.annotations.NullMarked;
