package io.jtcp.core.api;

/** The call needs a connection that does not exist or is not yet established (ENOTCONN). */
public class NotConnectedException extends java.net.SocketException {
  private static final long serialVersionUID = 1L;

  public NotConnectedException(String message) {
    super(message);
  }
}
