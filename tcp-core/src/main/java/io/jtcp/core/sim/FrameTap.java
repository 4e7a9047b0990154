package io.jtcp.core.sim;

/**
 * Observes every packet event in a {@link SimNetwork}: the ladder-diagram, trace and pcap writers
 * plug in here. Taps run synchronously on the simulation's thread, in the order of {@link
 * SimNetwork#addTap}, at the virtual time of the event.
 *
 * <p>The network calls {@link #onEvent}, whose default passes the event on to {@link #onFrame}; a
 * lambda implements {@code onFrame}. A tap that needs to follow one packet through duplication and
 * changed bytes overrides {@code onEvent}, where the event carries the packet's identity, and may
 * leave {@code onFrame} empty.
 */
@FunctionalInterface
public interface FrameTap {
  /**
   * One event in a packet's journey.
   *
   * @param time virtual time of the event, in nanoseconds
   * @param from the sending host's name
   * @param to the name of the host owning the destination address when the packet was sent, else
   *     that destination in dotted quads, else {@code "?"} for a packet whose IPv4 header cannot be
   *     read
   * @param packet the IPv4 packet, shared with the simulator, so a tap must not modify it (copy it
   *     to keep a mutable version). One packet keeps the same array from event to event until a
   *     link changes its bytes: a {@link FrameFate#CORRUPTED} or {@link FrameFate#TRUNCATED} event
   *     carries a new array, which the later events share, and a {@link FrameFate#DUPLICATED} event
   *     carries the copy's own array
   * @param fate what happened (see {@link FrameFate} for starts, ends and annotations)
   */
  void onFrame(long time, String from, String to, byte[] packet, FrameFate fate);

  /** One event, with the packet's identity; the default calls {@link #onFrame}. */
  default void onEvent(FrameEvent event) {
    onFrame(event.time(), event.from(), event.to(), event.packet(), event.fate());
  }
}
