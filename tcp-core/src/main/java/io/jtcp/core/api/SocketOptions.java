package io.jtcp.core.api;

import java.time.Duration;

/**
 * Per-connection options, named after the classic socket options.
 *
 * @param connectTimeout give up connecting after this long (zero: only tcp_syn_retries limits it)
 * @param receiveTimeout SO_RCVTIMEO: a blocking read fails after this long (zero: wait forever)
 * @param sendTimeout SO_SNDTIMEO: a blocking write fails after this long (zero: wait forever)
 * @param keepAlive SO_KEEPALIVE: probe an idle connection (tcp_keepalive_*)
 * @param lingerSeconds SO_LINGER: -1 off; 0 makes close() abort with a RST
 * @param reuseAddress SO_REUSEADDR: bind a port whose old connection is still in TIME-WAIT
 * @param receiveBuffer SO_RCVBUF in bytes (0: tcp_rmem default)
 * @param sendBuffer SO_SNDBUF in bytes (0: tcp_wmem default)
 * @param noDelay TCP_NODELAY: turn Nagle's algorithm off
 * @param quickAck TCP_QUICKACK: acknowledge at once instead of delaying
 * @param ttl IP_TTL (Linux default 64)
 */
public record SocketOptions(
    Duration connectTimeout,
    Duration receiveTimeout,
    Duration sendTimeout,
    boolean keepAlive,
    int lingerSeconds,
    boolean reuseAddress,
    int receiveBuffer,
    int sendBuffer,
    boolean noDelay,
    boolean quickAck,
    int ttl) {

  public static final SocketOptions DEFAULTS =
      new SocketOptions(
          Duration.ZERO, Duration.ZERO, Duration.ZERO, false, -1, false, 0, 0, false, false, 64);

  public SocketOptions {
    if (lingerSeconds < -1) {
      throw new IllegalArgumentException(
          "SO_LINGER is -1 (off) or a number of seconds >= 0; got " + lingerSeconds);
    }
    if (receiveBuffer < 0 || sendBuffer < 0) {
      throw new IllegalArgumentException("buffer sizes are >= 0 (0 means the default)");
    }
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("IP_TTL must be in [1, 255]; got " + ttl);
    }
    for (Duration d : new Duration[] {connectTimeout, receiveTimeout, sendTimeout}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("timeouts are >= 0 (0 means none); got " + d);
      }
    }
  }

  public SocketOptions withLinger(int seconds) {
    return new SocketOptions(
        connectTimeout,
        receiveTimeout,
        sendTimeout,
        keepAlive,
        seconds,
        reuseAddress,
        receiveBuffer,
        sendBuffer,
        noDelay,
        quickAck,
        ttl);
  }

  public SocketOptions withKeepAlive(boolean on) {
    return new SocketOptions(
        connectTimeout,
        receiveTimeout,
        sendTimeout,
        on,
        lingerSeconds,
        reuseAddress,
        receiveBuffer,
        sendBuffer,
        noDelay,
        quickAck,
        ttl);
  }

  public SocketOptions withReuseAddress(boolean on) {
    return new SocketOptions(
        connectTimeout,
        receiveTimeout,
        sendTimeout,
        keepAlive,
        lingerSeconds,
        on,
        receiveBuffer,
        sendBuffer,
        noDelay,
        quickAck,
        ttl);
  }

  public SocketOptions withBuffers(int receive, int send) {
    return new SocketOptions(
        connectTimeout,
        receiveTimeout,
        sendTimeout,
        keepAlive,
        lingerSeconds,
        reuseAddress,
        receive,
        send,
        noDelay,
        quickAck,
        ttl);
  }

  public SocketOptions withConnectTimeout(Duration timeout) {
    return new SocketOptions(
        timeout,
        receiveTimeout,
        sendTimeout,
        keepAlive,
        lingerSeconds,
        reuseAddress,
        receiveBuffer,
        sendBuffer,
        noDelay,
        quickAck,
        ttl);
  }

  public SocketOptions withQuickAck(boolean on) {
    return new SocketOptions(
        connectTimeout,
        receiveTimeout,
        sendTimeout,
        keepAlive,
        lingerSeconds,
        reuseAddress,
        receiveBuffer,
        sendBuffer,
        noDelay,
        on,
        ttl);
  }
}
