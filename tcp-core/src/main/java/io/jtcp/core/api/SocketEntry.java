package io.jtcp.core.api;

import io.jtcp.core.wire.Ipv4Address;

/**
 * One connection of a stack as {@code ss} lists it: its four-tuple and its TCP_INFO.
 *
 * @param localAddress this stack's address
 * @param localPort this side's port
 * @param remoteAddress the peer's address
 * @param remotePort the peer's port
 * @param info the connection's TCP_INFO when the list was taken
 */
public record SocketEntry(
    Ipv4Address localAddress,
    int localPort,
    Ipv4Address remoteAddress,
    int remotePort,
    TcpInfo info) {}
