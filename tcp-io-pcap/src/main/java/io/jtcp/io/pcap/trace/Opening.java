package io.jtcp.io.pcap.trace;

/** How much of a connection's opening the capture holds, which decides who is drawn on the left. */
public enum Opening {
  /** The first segment is a SYN: its sender, the client, is on the left. */
  SYN_SEEN,
  /** Both sides sent a SYN before either answered (RFC 9293 §3.5, simultaneous open). */
  SIMULTANEOUS_OPEN,
  /** The first segment is a SYN-ACK: the SYN went uncaptured; the client is on the left. */
  SYN_ACK_FIRST,
  /**
   * The capture starts after the handshake: the first segment's sender is on the left, states are
   * unknown before the first segment and ESTABLISHED (or what FINs prove) from it on.
   */
  NOT_CAPTURED;

  /** Whether the left side is known to be the client (the active opener). */
  public boolean clientOnLeft() {
    return this == SYN_SEEN || this == SYN_ACK_FIRST;
  }
}
