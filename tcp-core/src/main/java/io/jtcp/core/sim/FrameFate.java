package io.jtcp.core.sim;

/**
 * What happened to a packet in the simulated network (or, for {@link FaultyLink}, in a fault
 * injector), as a {@link FrameTap} and the counters see it. There are three kinds:
 *
 * <ul>
 *   <li><b>starts</b>: {@link #SENT}, a host transmitted the packet, and {@link #DUPLICATED}, a
 *       link made a copy of it. Each start begins the journey of one packet instance;
 *   <li><b>ends</b> ({@link #isFinal()}): {@link #DELIVERED} or one of the drops ({@link
 *       #isDrop()}). Every instance ends exactly once;
 *   <li><b>annotations</b> ({@link #isAnnotation()}): {@link #CORRUPTED}, {@link #TRUNCATED} and
 *       {@link #REORDERED} mark something a link did to an instance on its way, which still goes on
 *       to its end. An instance may collect several.
 * </ul>
 *
 * <p>So in any counts, {@code SENT + DUPLICATED} instances started, {@code DELIVERED + drops} of
 * them ended, and the difference is in flight ({@link FrameCounts#inFlight()}). An annotation event
 * carries the packet's bytes as they are after the change (the corrupted bytes, the cut packet),
 * and a {@code DUPLICATED} event carries the copy, so a pcap writer that records every event shows
 * what each link did; a {@code DELIVERED} event carries exactly what the receiver gets.
 */
public enum FrameFate {
  /** A host transmitted it; it enters the sender's uplink. A start. */
  SENT(Kind.START),
  /** It landed in the receive queue of the host owning its destination address. An end. */
  DELIVERED(Kind.END),
  /** Random loss on a link ({@link LinkParams#lossRate()}). */
  DROPPED_LOSS(Kind.DROP),
  /** Bursty loss on a link ({@link LinkParams#burstLoss()}, Gilbert–Elliott). */
  DROPPED_BURST_LOSS(Kind.DROP),
  /**
   * It arrived at a link whose drop-tail queue was full ({@link LinkParams#queueLimitBytes()}); in
   * a {@link FaultyLink}, the wrapped driver refused a frame the fault injector sent on later (a
   * copy, or a frame held back for reordering).
   */
  DROPPED_QUEUE_FULL(Kind.DROP),
  /** It is larger than the MTU of the downlink it reached. */
  DROPPED_TOO_BIG(Kind.DROP),
  /** The router could not read its IPv4 header; the reason is counted in {@link NetworkStats}. */
  DROPPED_MALFORMED(Kind.DROP),
  /** No host owns its destination address. */
  DROPPED_UNROUTABLE(Kind.DROP),
  /**
   * Its destination host had closed its link; in a {@link FaultyLink}, it was still held back for
   * reordering when the link closed.
   */
  DROPPED_LINK_CLOSED(Kind.DROP),
  /**
   * A link duplicated a packet ({@link LinkParams#duplicateRate()}); the event carries the copy, a
   * new instance that follows the original and ends on its own. A start.
   */
  DUPLICATED(Kind.START),
  /**
   * A link flipped bits in it ({@link LinkParams#corruptRate()}); the event carries the corrupted
   * bytes. The receiver's checksum drops it. An annotation.
   */
  CORRUPTED(Kind.ANNOTATION),
  /**
   * A link cut it short ({@link LinkParams#truncateRate()}); the event carries the shorter packet,
   * which a receiver drops as {@link io.jtcp.core.wire.DropReason#TRUNCATED}. An annotation.
   */
  TRUNCATED(Kind.ANNOTATION),
  /**
   * A link held it back and let it go after later packets had overtaken it ({@link
   * LinkParams#reordering()}); shown when it is let go. A packet let go by the timeout before any
   * other overtook it was only delayed and is not marked. An annotation.
   */
  REORDERED(Kind.ANNOTATION);

  private enum Kind {
    START,
    END,
    DROP,
    ANNOTATION
  }

  private final Kind kind;

  FrameFate(Kind kind) {
    this.kind = kind;
  }

  /** Whether the packet is gone without reaching a receive queue. */
  public boolean isDrop() {
    return kind == Kind.DROP;
  }

  /** Whether this fate ends the packet's journey: {@link #DELIVERED} or a drop. */
  public boolean isFinal() {
    return kind == Kind.END || kind == Kind.DROP;
  }

  /** Whether this fate starts a packet's journey: {@link #SENT} or {@link #DUPLICATED}. */
  public boolean isStart() {
    return kind == Kind.START;
  }

  /**
   * Whether this fate marks a change on the way ({@link #CORRUPTED}, {@link #TRUNCATED}, {@link
   * #REORDERED}) rather than a start or an end.
   */
  public boolean isAnnotation() {
    return kind == Kind.ANNOTATION;
  }
}
