/**
 * The connection engine: one {@link io.jtcp.core.engine.Stack} per host, driven from one thread
 * through {@link io.jtcp.core.spi.Pollable}, with every method taking {@code now}. It demultiplexes
 * segments to connections and listeners, runs each event through the {@link
 * io.jtcp.core.fsm.TransitionTable} and performs the actions the row names. No locks, no threads,
 * no clock: the real-time runtime and the simulator drive it.
 */
@NullMarked
package io.jtcp.core.engine;

import org.jspecify.annotations.NullMarked;
