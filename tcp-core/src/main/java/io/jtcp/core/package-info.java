/**
 * jtcp's pure core: everything that decides what TCP does, and nothing that touches a device or a
 * wall clock.
 *
 * <p>Sub-packages hold one concern each: {@code wire} parses and emits headers, later packages hold
 * the state machine, the connection engine, timers, the SPIs and the in-memory network.
 */
package io.jtcp.core;
