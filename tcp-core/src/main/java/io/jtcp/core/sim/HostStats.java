package io.jtcp.core.sim;

/**
 * What one {@link SimHost} sent and was sent, as a snapshot.
 *
 * @param host the host's name
 * @param outbound the fates of packets this host transmitted, wherever they ended: {@code SENT}
 *     counts them all, {@code DUPLICATED} the copies links made of them (on either side of the
 *     router), the annotations what links did to them, the ends where they went; {@link
 *     FrameCounts#inFlight() outbound.inFlight()} are still in flight
 * @param inbound the fates of packets routed to this host: delivered, or dropped, duplicated or
 *     annotated on its downlink (packets lost on the sender's uplink never reach it and count only
 *     at the sender)
 * @param polls how many times the simulator polled the host's node
 * @param queued packets delivered and not yet received from the host's link
 */
public record HostStats(
    String host, FrameCounts outbound, FrameCounts inbound, long polls, int queued) {}
