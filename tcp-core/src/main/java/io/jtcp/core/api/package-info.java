/**
 * What applications see: options, the TCP_INFO-like record, and typed exceptions that extend the
 * {@code java.net} ones, so code written against sockets catches them as it always has ({@code
 * ConnectException} for a refused connection, {@code SocketTimeoutException} for timeouts, {@code
 * SocketException} for resets).
 */
@NullMarked
package io.jtcp.core.api;

import org.jspecify.annotations.NullMarked;
