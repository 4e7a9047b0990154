package io.jtcp.core.sim;

/**
 * One event in a packet's journey through a {@link SimNetwork}, as {@link FrameTap#onEvent} sees
 * it: {@link FrameTap#onFrame}'s arguments plus who the packet is.
 *
 * @param time virtual time of the event, in nanoseconds
 * @param id this packet instance, unique in the network: a transmit gets the next id, and so does
 *     each copy a link makes ({@link FrameFate#DUPLICATED}); corruption, truncation and reordering
 *     keep it. Ids grow in the order instances start
 * @param original the id of the transmitted packet this instance is, or is a copy (of a copy) of;
 *     {@code id == original} for the packet a host sent
 * @param from the sending host's name
 * @param to see {@link FrameTap#onFrame}
 * @param link where it happened: {@code "NAME/up"}, the uplink of host {@code NAME} (where {@link
 *     FrameFate#SENT} happens too), {@code "NAME/down"}, its downlink (where {@link
 *     FrameFate#DELIVERED} happens too), or {@value SimNetwork#ROUTER} for the router's drops. The
 *     destination a packet was actually routed to (corruption may misroute it) is the host of the
 *     downlink where its later events happen
 * @param packet the bytes as they are at this event, shared with the simulator: do not modify
 * @param fate what happened
 */
public record FrameEvent(
    long time,
    long id,
    long original,
    String from,
    String to,
    String link,
    byte[] packet,
    FrameFate fate) {

  /** Whether this instance is a copy a link made, rather than the packet its host sent. */
  public boolean isCopy() {
    return id != original;
  }
}
