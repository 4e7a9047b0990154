package io.jtcp.io.pcap;

import java.io.IOException;

/**
 * libpcap is missing, or could not open or use an interface. The message says what to do; {@link
 * #status()} gives libpcap's status code ({@code PCAP_ERROR_PERM_DENIED} and the like) for programs
 * that branch on it.
 */
public final class PcapException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  PcapException(String message, int status) {
    super(message);
    this.status = status;
  }

  /**
   * libpcap's status code for the failure ({@code PCAP_ERROR} is -1, {@code
   * PCAP_ERROR_NO_SUCH_DEVICE} -5, {@code PCAP_ERROR_PERM_DENIED} -8, ...), or 0 when no libpcap
   * call returned one (the library is missing, a system call failed).
   */
  public int status() {
    return status;
  }
}
