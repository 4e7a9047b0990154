package io.jtcp.core.api;

/** The connection was aborted locally, by abort() or SO_LINGER 0 (ECONNABORTED). */
public class ConnectionAbortedException extends java.net.SocketException {
  private static final long serialVersionUID = 1L;

  public ConnectionAbortedException(String message) {
    super(message);
  }
}
