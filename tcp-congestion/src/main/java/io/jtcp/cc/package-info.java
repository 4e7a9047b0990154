/**
 * Congestion-control algorithms plugged into the core through its SPI: CUBIC (RFC 9438, with
 * HyStart++ per RFC 9406) and the name newreno. They are bound with Dagger ({@link
 * io.jtcp.cc.CongestionModule}) and reach the core's registry through {@link
 * io.jtcp.cc.BuiltinCatalog}.
 */
@NullMarked
package io.jtcp.cc;

import org.jspecify.annotations.NullMarked;
