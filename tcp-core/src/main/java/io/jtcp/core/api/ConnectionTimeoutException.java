package io.jtcp.core.api;

/**
 * An established connection died: retransmissions (tcp_retries2) or keepalive probes went
 * unanswered (ETIMEDOUT).
 */
public class ConnectionTimeoutException extends java.net.SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  public ConnectionTimeoutException(String message) {
    super(message);
  }
}
