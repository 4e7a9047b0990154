/**
 * The service-provider interfaces through which the pure engine meets the world: links, clocks,
 * initial sequence numbers and observers. Implementations live in other packages and modules (the
 * simulator, the real-time runtime, the TAP and pcap drivers); the engine sees only these
 * interfaces, and time always arrives as an argument.
 */
@NullMarked
package io.jtcp.core.spi;

import org.jspecify.annotations.NullMarked;
