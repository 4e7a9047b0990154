package io.jtcp.core.api;

/** The local port is taken by a listener or a connection (EADDRINUSE). */
public class PortInUseException extends java.net.BindException {
  private static final long serialVersionUID = 1L;

  public PortInUseException(String message) {
    super(message);
  }
}
