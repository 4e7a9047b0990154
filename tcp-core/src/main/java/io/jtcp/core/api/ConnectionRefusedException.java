package io.jtcp.core.api;

/** The peer answered our SYN with a reset: nothing listens on that port (ECONNREFUSED). */
public class ConnectionRefusedException extends java.net.ConnectException {
  private static final long serialVersionUID = 1L;

  public ConnectionRefusedException(String message) {
    super(message);
  }
}
