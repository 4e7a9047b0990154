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
 * @param congestionControl TCP_CONGESTION: the algorithm's name, or "" for the stack's default
 *     ({@code net.ipv4.tcp_congestion_control})
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
    int ttl,
    String congestionControl) {

  public static final SocketOptions DEFAULTS =
      new SocketOptions(
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          false,
          -1,
          false,
          0,
          0,
          false,
          false,
          64,
          "");

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
    java.util.Objects.requireNonNull(
        congestionControl, "congestionControl (\"\" for the stack's default)");
    for (Duration d : new Duration[] {connectTimeout, receiveTimeout, sendTimeout}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("timeouts are >= 0 (0 means none); got " + d);
      }
    }
  }

  public SocketOptions withLinger(int seconds) {
    return toBuilder().linger(seconds).build();
  }

  public SocketOptions withKeepAlive(boolean on) {
    return toBuilder().keepAlive(on).build();
  }

  public SocketOptions withReuseAddress(boolean on) {
    return toBuilder().reuseAddress(on).build();
  }

  public SocketOptions withBuffers(int receive, int send) {
    return toBuilder().receiveBuffer(receive).sendBuffer(send).build();
  }

  public SocketOptions withConnectTimeout(Duration timeout) {
    return toBuilder().connectTimeout(timeout).build();
  }

  public SocketOptions withReceiveTimeout(Duration timeout) {
    return toBuilder().receiveTimeout(timeout).build();
  }

  public SocketOptions withQuickAck(boolean on) {
    return toBuilder().quickAck(on).build();
  }

  /** TCP_CONGESTION: this connection's algorithm by name; "" for the stack's default. */
  public SocketOptions withCongestionControl(String name) {
    return toBuilder().congestionControl(name).build();
  }

  /**
   * This set with one option changed, by its socket-option name as in C ({@code TCP_NODELAY},
   * {@code SO_LINGER}, ...; {@link #NAMES} lists them). Flags take 1/0 (or true/false), sizes
   * bytes, SO_LINGER seconds (-1 off), timeouts seconds with a fraction (0 none), TCP_CONGESTION a
   * name.
   *
   * @throws IllegalArgumentException naming the known options for an unknown name, or saying what
   *     the option takes for a bad value
   */
  public SocketOptions with(String name, String value) {
    String key = name.trim().toUpperCase(java.util.Locale.ROOT);
    String v = value.trim();
    Builder b = toBuilder();
    try {
      switch (key) {
        case "TCP_NODELAY" -> b.noDelay(flag(key, v));
        case "TCP_QUICKACK" -> b.quickAck(flag(key, v));
        case "SO_KEEPALIVE" -> b.keepAlive(flag(key, v));
        case "SO_REUSEADDR" -> b.reuseAddress(flag(key, v));
        case "SO_LINGER" -> b.linger(Integer.parseInt(v));
        case "SO_RCVBUF" -> b.receiveBuffer(Integer.parseInt(v));
        case "SO_SNDBUF" -> b.sendBuffer(Integer.parseInt(v));
        case "SO_RCVTIMEO" -> b.receiveTimeout(seconds(v));
        case "SO_SNDTIMEO" -> b.sendTimeout(seconds(v));
        case "CONNECT_TIMEOUT" -> b.connectTimeout(seconds(v));
        case "IP_TTL" -> b.ttl(Integer.parseInt(v));
        case "TCP_CONGESTION" -> b.congestionControl(v);
        default ->
            throw new IllegalArgumentException(
                "unknown socket option '" + name + "'; known: " + String.join(", ", NAMES));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " takes a number; got '" + value + "'", e);
    }
    return b.build();
  }

  /** The names {@link #with} knows. */
  public static final java.util.List<String> NAMES =
      java.util.List.of(
          "TCP_NODELAY",
          "TCP_QUICKACK",
          "TCP_CONGESTION",
          "SO_KEEPALIVE",
          "SO_LINGER",
          "SO_REUSEADDR",
          "SO_RCVBUF",
          "SO_SNDBUF",
          "SO_RCVTIMEO",
          "SO_SNDTIMEO",
          "IP_TTL",
          "CONNECT_TIMEOUT");

  private static boolean flag(String key, String v) {
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "1", "true", "on" -> true;
      case "0", "false", "off" -> false;
      default -> throw new IllegalArgumentException(key + " takes 1 or 0; got '" + v + "'");
    };
  }

  private static Duration seconds(String v) {
    return Duration.ofNanos(Math.round(Double.parseDouble(v) * 1e9));
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** For changing several options at once; {@link #build()} validates. */
  public static final class Builder {
    private Duration connectTimeout;
    private Duration receiveTimeout;
    private Duration sendTimeout;
    private boolean keepAlive;
    private int lingerSeconds;
    private boolean reuseAddress;
    private int receiveBuffer;
    private int sendBuffer;
    private boolean noDelay;
    private boolean quickAck;
    private int ttl;
    private String congestionControl;

    private Builder(SocketOptions o) {
      connectTimeout = o.connectTimeout;
      receiveTimeout = o.receiveTimeout;
      sendTimeout = o.sendTimeout;
      keepAlive = o.keepAlive;
      lingerSeconds = o.lingerSeconds;
      reuseAddress = o.reuseAddress;
      receiveBuffer = o.receiveBuffer;
      sendBuffer = o.sendBuffer;
      noDelay = o.noDelay;
      quickAck = o.quickAck;
      ttl = o.ttl;
      congestionControl = o.congestionControl;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder receiveTimeout(Duration v) {
      receiveTimeout = v;
      return this;
    }

    public Builder sendTimeout(Duration v) {
      sendTimeout = v;
      return this;
    }

    public Builder keepAlive(boolean v) {
      keepAlive = v;
      return this;
    }

    public Builder linger(int seconds) {
      lingerSeconds = seconds;
      return this;
    }

    public Builder reuseAddress(boolean v) {
      reuseAddress = v;
      return this;
    }

    public Builder receiveBuffer(int bytes) {
      receiveBuffer = bytes;
      return this;
    }

    public Builder sendBuffer(int bytes) {
      sendBuffer = bytes;
      return this;
    }

    public Builder noDelay(boolean v) {
      noDelay = v;
      return this;
    }

    public Builder quickAck(boolean v) {
      quickAck = v;
      return this;
    }

    public Builder ttl(int v) {
      ttl = v;
      return this;
    }

    public Builder congestionControl(String name) {
      congestionControl = name;
      return this;
    }

    public SocketOptions build() {
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
          quickAck,
          ttl,
          congestionControl);
    }
  }
}
