package io.jtcp.core.api;

/** The peer reset an established connection (ECONNRESET). */
public class ConnectionResetException extends java.net.SocketException {
  private static final long serialVersionUID = 1L;

  public ConnectionResetException(String message) {
    super(message);
  }
}
