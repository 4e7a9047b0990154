package io.jtcp.io.pcap;

import java.io.IOException;

/**
 * A pcap file that is corrupt, truncated or in a format this package does not read. The message
 * starts with the byte offset (from the start of the file) where the problem was found.
 */
public final class PcapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /**
   * @param offset byte offset from the start of the file where the problem was found
   * @param problem what is wrong, as a sentence
   */
  public PcapFormatException(long offset, String problem) {
    super("at byte offset " + offset + ": " + problem);
    this.offset = offset;
  }

  /** The byte offset from the start of the file where the problem was found. */
  public long offset() {
    return offset;
  }
}
