/**
 * The congestion-control algorithm the core ships so that it works on its own: {@link
 * io.jtcp.core.congestion.Reno}, RFC 5681 with appropriate byte counting. CUBIC and the other
 * algorithms live in {@code tcp-congestion} and reach the engine through the same SPI, {@link
 * io.jtcp.core.spi.CongestionControl}.
 */
@NullMarked
package io.jtcp.core.congestion;

import org.jspecify.annotations.NullMarked;
