package io.jtcp.core.api;

/** No SYN-ACK arrived before tcp_syn_retries ran out or the connect timeout passed (ETIMEDOUT). */
public class ConnectTimeoutException extends java.net.SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  public ConnectTimeoutException(String message) {
    super(message);
  }
}
