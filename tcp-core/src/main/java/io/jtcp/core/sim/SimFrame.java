package io.jtcp.core.sim;

/**
 * A packet instance on its way through the simulated network, with what the taps and counters need
 * to know about it. Stages that change the bytes (corruption, truncation) make a new frame with
 * {@link #withPacket} and leave the original array alone, because taps may hold it.
 *
 * @param id this instance, unique network-wide: transmits and copies draw from one counter, from 0
 * @param original the id of the transmitted packet it is, or is a copy of
 * @param sender the host that transmitted it
 * @param to the tap label of the destination (see {@link FrameTap#onFrame})
 * @param packet the IPv4 packet
 * @param sentAt virtual time of the transmit
 */
record SimFrame(long id, long original, SimHost sender, String to, byte[] packet, long sentAt) {

  int length() {
    return packet.length;
  }

  /** The same instance with other bytes. */
  SimFrame withPacket(byte[] bytes) {
    return new SimFrame(id, original, sender, to, bytes, sentAt);
  }

  /** A new instance, {@code newId}, with a copy of the bytes. */
  SimFrame copy(long newId) {
    return new SimFrame(newId, original, sender, to, packet.clone(), sentAt);
  }

  @Override
  public String toString() {
    return "frame #"
        + id
        + (id == original ? "" : " (copy of #" + original + ")")
        + " ("
        + sender.name()
        + " > "
        + to
        + ", "
        + packet.length
        + " bytes)";
  }
}
