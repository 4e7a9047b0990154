package io.jtcp.core.api;

/** The destination is not reachable from this stack's address and gateway (EHOSTUNREACH). */
public class NoRouteException extends java.net.NoRouteToHostException {
  private static final long serialVersionUID = 1L;

  public NoRouteException(String message) {
    super(message);
  }
}
