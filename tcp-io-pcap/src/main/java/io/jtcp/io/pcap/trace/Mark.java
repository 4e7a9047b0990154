package io.jtcp.io.pcap.trace;

/**
 * Something worth a reader's attention about one segment, in Wireshark's sense of its TCP analysis
 * flags, with the narrower definitions given per constant.
 */
public enum Mark {
  /** Carries only sequence space this direction already sent. */
  RETRANSMISSION("retransmission"),
  /** Fills a hole below the highest sequence number seen, with bytes not seen before. */
  OUT_OF_ORDER("out-of-order"),
  /** Starts above the highest sequence number seen: what came between was not captured. */
  PREVIOUS_NOT_CAPTURED("previous segment not captured"),
  /**
   * RFC 5681 §2's duplicate ACK: no data, no SYN or FIN, the same ACK number and window as this
   * side's last ACK, while the peer has data outstanding.
   */
  DUP_ACK("dup ACK"),
  /** Advertises a zero receive window (and is not a SYN, FIN or RST). */
  ZERO_WINDOW("zero window"),
  /**
   * Probes a zero window (RFC 9293 §3.8.6.1): one byte at the next sequence number, or Linux's
   * empty probe one below it, while the peer's last window was zero.
   */
  ZERO_WINDOW_PROBE("zero-window probe"),
  /** An empty (or one-byte) segment one below the next sequence number: RFC 9293 §3.8.4. */
  KEEP_ALIVE("keep-alive"),
  /** Only changes the window: no data, same ACK number, another window. */
  WINDOW_UPDATE("window update"),
  /** Resets the connection. */
  RST("reset");

  private final String label;

  Mark(String label) {
    this.label = label;
  }

  /** How a ladder names the mark. */
  public String label() {
    return label;
  }
}
