package io.jtcp.core.sim;

/**
 * Observes every packet event in a {@link SimNetwork}: the ladder-diagram, trace and pcap writers
 * plug in here. Taps run synchronously on the simulation's thread, in the order of {@link
 * SimNetwork#addTap}, at the virtual time of the event.
 */
@FunctionalInterface
public interface FrameTap {
  /**
   * One event in a packet's journey.
   *
   * @param time virtual time of the event, in nanoseconds
   * @param from the sending host's name
   * @param to the name of the host owning the destination address, else the destination in dotted
   *     quads, else {@code "?"} for a packet whose IPv4 header cannot be read
   * @param packet the IPv4 packet; the same array at every event of one packet, shared with the
   *     simulator, so a tap must not modify it (copy it to keep a mutable version)
   * @param fate what happened
   */
  void onFrame(long time, String from, String to, byte[] packet, FrameFate fate);
}
