package io.jtcp.core.api;

/** Writing after shutdownOutput() or close(): the send side is closed (EPIPE). */
public class ConnectionClosingException extends java.net.SocketException {
  private static final long serialVersionUID = 1L;

  public ConnectionClosingException(String message) {
    super(message);
  }
}
