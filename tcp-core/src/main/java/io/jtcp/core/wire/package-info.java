/**
 * Wire formats: typed views over frame buffers and the plain records they parse into.
 *
 * <p>Each protocol comes in two forms, after smoltcp's {@code Packet}/{@code Repr} split:
 *
 * <ul>
 *   <li>a <em>view</em> ({@code TcpView}, {@code Ipv4View}, ...) is a reusable flyweight over a
 *       {@link java.lang.foreign.MemorySegment}. {@code wrap} checks every length the accessors
 *       rely on and returns a {@link io.jtcp.core.wire.DropReason} if the bytes cannot be read
 *       safely; after a successful wrap no accessor can fail. Views allocate nothing, so the engine
 *       uses them on the per-segment path.
 *   <li>a <em>record</em> ({@code TcpSegment}, {@code Ipv4Packet}, ...) is the parsed value for the
 *       API, tests and logs, with {@code parse}, {@code emit} and {@code length}.
 * </ul>
 *
 * <p>Parsing arbitrary bytes ends in a value or a {@code DropReason}; no other exception leaves
 * this package for bad input, because a malformed frame must be dropped and counted, never crash
 * the event loop. {@code MemorySegment} was chosen over {@code ByteBuffer} because the same view
 * then reads heap arrays and the native buffers the TAP and pcap drivers fill, with bounds checks
 * the JIT hoists (see BENCHMARKS.md).
 */
@NullMarked
package io.jtcp.core.wire;

import org.jspecify.annotations.NullMarked;
