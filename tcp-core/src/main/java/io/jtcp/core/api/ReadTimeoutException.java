package io.jtcp.core.api;

/** No data arrived within SO_RCVTIMEO (EAGAIN on a socket with a receive timeout). */
public class ReadTimeoutException extends java.net.SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  public ReadTimeoutException(String message) {
    super(message);
  }
}
