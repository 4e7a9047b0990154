package io.jtcp.core.sim;

/**
 * A packet on its way through the simulated network, with what the taps and counters need to know
 * about it. Stages that change the bytes (corruption, later) make a new frame with {@link
 * #withPacket} and leave the original array alone, because taps may hold it.
 *
 * @param id the transmit order, network-wide, from 0
 * @param sender the host that transmitted it
 * @param to the tap label of the destination (see {@link FrameTap#onFrame})
 * @param packet the IPv4 packet
 * @param sentAt virtual time of the transmit
 */
record SimFrame(long id, SimHost sender, String to, byte[] packet, long sentAt) {

  int length() {
    return packet.length;
  }

  SimFrame withPacket(byte[] bytes) {
    return new SimFrame(id, sender, to, bytes, sentAt);
  }

  @Override
  public String toString() {
    return "frame #" + id + " (" + sender.name() + " > " + to + ", " + packet.length + " bytes)";
  }
}
