/**
 * The real-time runtime: one event-loop thread per stack that reads the clock, polls the engine and
 * runs the commands application threads send it through a jctools MPSC queue; and the Dagger wiring
 * that builds a stack from a {@link io.jtcp.core.api.StackConfig} and a {@link
 * io.jtcp.core.spi.LinkDriver}. The engine stays pure: only this package reads a clock or owns a
 * thread.
 */
@NullMarked
package io.jtcp.core.runtime;

import org.jspecify.annotations.NullMarked;
