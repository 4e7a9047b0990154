package io.jtcp.core.sim;

/**
 * What happened to a packet in the simulated network, as a {@link FrameTap} sees it. Every packet
 * is {@link #SENT} once and then ends in exactly one other fate (until a duplication stage exists,
 * which may give one sent packet several).
 */
public enum FrameFate {
  /** A host transmitted it; it enters the sender's uplink. */
  SENT(false),
  /** It landed in the receive queue of the host owning its destination address. */
  DELIVERED(false),
  /** Random loss on a link ({@link LinkParams#lossRate()}). */
  DROPPED_LOSS(true),
  /** It arrived at a link whose drop-tail queue was full ({@link LinkParams#queueLimitBytes()}). */
  DROPPED_QUEUE_FULL(true),
  /** It is larger than the MTU of the downlink it reached. */
  DROPPED_TOO_BIG(true),
  /** The router could not read its IPv4 header; the reason is counted in {@link NetworkStats}. */
  DROPPED_MALFORMED(true),
  /** No host owns its destination address. */
  DROPPED_UNROUTABLE(true),
  /** Its destination host had closed its link. */
  DROPPED_LINK_CLOSED(true);

  private final boolean drop;

  FrameFate(boolean drop) {
    this.drop = drop;
  }

  /** Whether the packet is gone without reaching a receive queue. */
  public boolean isDrop() {
    return drop;
  }

  /** Whether this fate ends the packet's journey (everything but {@link #SENT}). */
  public boolean isFinal() {
    return this != SENT;
  }
}
