/**
 * Time inside the engine: the {@link io.jtcp.core.time.TimerWheel} that holds every timer of one
 * stack (RTO, delayed ACK, persist, keepalive, TIME-WAIT, FIN-WAIT-2) and the {@link
 * io.jtcp.core.time.TimerHandler} it fires them into.
 *
 * <p>Nothing here reads a clock, sleeps or starts a thread. Time is always an argument ({@code
 * now}, in nanoseconds), because the same engine runs on the real-time event loop, which reads the
 * {@link io.jtcp.core.spi.Clock}, and in the simulator, which passes virtual time and jumps
 * straight to {@link io.jtcp.core.time.TimerWheel#nextDeadline()}. That jump is why deadlines are
 * exact to the nanosecond rather than rounded to a tick: a simulated RTO of 200 ms must fire at 200
 * ms, or runs with different tick sizes would diverge.
 */
@NullMarked
package io.jtcp.core.time;

import org.jspecify.annotations.NullMarked;
