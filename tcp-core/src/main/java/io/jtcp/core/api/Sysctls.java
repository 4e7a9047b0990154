package io.jtcp.core.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Stack-wide knobs with Linux's sysctl names and defaults, so what users know about Linux carries
 * over.
 *
 * @param synRetries {@code net.ipv4.tcp_syn_retries}: SYN retransmissions before connect fails (6:
 *     127 s)
 * @param synackRetries {@code tcp_synack_retries}: SYN-ACK retransmissions before an embryonic
 *     connection goes (5)
 * @param retries2 {@code tcp_retries2}: RTO backoffs before an established connection is declared
 *     dead (15)
 * @param finTimeout {@code tcp_fin_timeout}: how long a closed socket waits in FIN-WAIT-2 (60 s)
 * @param timeWait the TIME-WAIT length, 2MSL (Linux's fixed TCP_TIMEWAIT_LEN, 60 s)
 * @param keepaliveTime {@code tcp_keepalive_time}: idle time before the first probe (7200 s)
 * @param keepaliveInterval {@code tcp_keepalive_intvl}: between probes (75 s)
 * @param keepaliveProbes {@code tcp_keepalive_probes}: unanswered probes before the connection dies
 *     (9)
 * @param rtoInitial the RTO before any RTT sample (RFC 6298: 1 s)
 * @param rtoMin Linux's TCP_RTO_MIN (200 ms)
 * @param rtoMax Linux's TCP_RTO_MAX (120 s)
 * @param delayedAckMax the longest an ACK is delayed (Linux's TCP_DELACK_MAX is 200 ms, its minimum
 *     40 ms; 40)
 * @param windowScaling {@code tcp_window_scaling} (RFC 7323)
 * @param timestamps {@code tcp_timestamps} (RFC 7323)
 * @param sack {@code tcp_sack} (RFC 2018)
 * @param syncookies {@code tcp_syncookies}: 0 off, 1 when the SYN queue overflows (RFC 4987), 2
 *     always
 * @param maxSynBacklog {@code tcp_max_syn_backlog}: the SYN queue limit per listener
 * @param somaxconn {@code net.core.somaxconn}: the cap on a listener's accept queue
 * @param challengeAckLimit {@code tcp_challenge_ack_limit}: challenge ACKs per second per stack
 *     (RFC 5961 §7)
 * @param localPortLow {@code ip_local_port_range}, first ephemeral port
 * @param localPortHigh {@code ip_local_port_range}, last ephemeral port
 * @param rmemDefault {@code tcp_rmem} default receive buffer (131072)
 * @param wmemDefault {@code tcp_wmem} default send buffer (16384)
 * @param rmemMax {@code tcp_rmem} maximum (6291456): how far receive-buffer auto-tuning grows a
 *     buffer whose SO_RCVBUF was not set, and what the window-scale shift is chosen for
 * @param wmemMax {@code tcp_wmem} maximum (4194304): how far send-buffer auto-tuning grows a buffer
 *     whose SO_SNDBUF was not set
 * @param congestionControl {@code tcp_congestion_control} (cubic)
 */
public record Sysctls(
    int synRetries,
    int synackRetries,
    int retries2,
    Duration finTimeout,
    Duration timeWait,
    Duration keepaliveTime,
    Duration keepaliveInterval,
    int keepaliveProbes,
    Duration rtoInitial,
    Duration rtoMin,
    Duration rtoMax,
    Duration delayedAckMax,
    boolean windowScaling,
    boolean timestamps,
    boolean sack,
    int syncookies,
    int maxSynBacklog,
    int somaxconn,
    int challengeAckLimit,
    int localPortLow,
    int localPortHigh,
    int rmemDefault,
    int wmemDefault,
    int rmemMax,
    int wmemMax,
    String congestionControl) {

  /** Linux's defaults (kernel 6.x). */
  public static final Sysctls LINUX =
      new Sysctls(
          6,
          5,
          15,
          Duration.ofSeconds(60),
          Duration.ofSeconds(60),
          Duration.ofSeconds(7200),
          Duration.ofSeconds(75),
          9,
          Duration.ofSeconds(1),
          Duration.ofMillis(200),
          Duration.ofSeconds(120),
          Duration.ofMillis(40),
          true,
          true,
          true,
          1,
          1024,
          4096,
          1000,
          32768,
          60999,
          131072,
          16384,
          6291456,
          4194304,
          "cubic");

  public Sysctls {
    positive(synRetries, "net.ipv4.tcp_syn_retries", 1, 127);
    positive(synackRetries, "net.ipv4.tcp_synack_retries", 1, 255);
    positive(retries2, "net.ipv4.tcp_retries2", 1, 255);
    positive(keepaliveProbes, "net.ipv4.tcp_keepalive_probes", 1, 127);
    positive(syncookies, "net.ipv4.tcp_syncookies", 0, 2);
    positive(maxSynBacklog, "net.ipv4.tcp_max_syn_backlog", 1, 1 << 24);
    positive(somaxconn, "net.core.somaxconn", 1, 1 << 24);
    positive(challengeAckLimit, "net.ipv4.tcp_challenge_ack_limit", 1, Integer.MAX_VALUE);
    positive(localPortLow, "net.ipv4.ip_local_port_range (low)", 1, 65535);
    positive(localPortHigh, "net.ipv4.ip_local_port_range (high)", localPortLow, 65535);
    positive(rmemDefault, "net.ipv4.tcp_rmem (default)", 2048, 1 << 30);
    positive(wmemDefault, "net.ipv4.tcp_wmem (default)", 2048, 1 << 30);
    positive(rmemMax, "net.ipv4.tcp_rmem (max)", rmemDefault, 1 << 30);
    positive(wmemMax, "net.ipv4.tcp_wmem (max)", wmemDefault, 1 << 30);
    if (rtoMin.compareTo(rtoMax) > 0 || rtoMin.isNegative() || rtoMin.isZero()) {
      throw new IllegalArgumentException(
          "RTO bounds need 0 < rtoMin <= rtoMax; got " + rtoMin + " and " + rtoMax);
    }
  }

  private static void positive(int value, String name, int lo, int hi) {
    if (value < lo || value > hi) {
      throw new IllegalArgumentException(
          name + " must be in [" + lo + ", " + hi + "]; got " + value);
    }
  }

  /** The knobs by their Linux names, for {@code --sysctl NAME=VALUE} and printing. */
  public Map<String, String> byName() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("net.ipv4.tcp_syn_retries", Integer.toString(synRetries));
    m.put("net.ipv4.tcp_synack_retries", Integer.toString(synackRetries));
    m.put("net.ipv4.tcp_retries2", Integer.toString(retries2));
    m.put("net.ipv4.tcp_fin_timeout", Long.toString(finTimeout.toSeconds()));
    m.put("net.ipv4.tcp_keepalive_time", Long.toString(keepaliveTime.toSeconds()));
    m.put("net.ipv4.tcp_keepalive_intvl", Long.toString(keepaliveInterval.toSeconds()));
    m.put("net.ipv4.tcp_keepalive_probes", Integer.toString(keepaliveProbes));
    m.put("net.ipv4.tcp_window_scaling", windowScaling ? "1" : "0");
    m.put("net.ipv4.tcp_timestamps", timestamps ? "1" : "0");
    m.put("net.ipv4.tcp_sack", sack ? "1" : "0");
    m.put("net.ipv4.tcp_syncookies", Integer.toString(syncookies));
    m.put("net.ipv4.tcp_max_syn_backlog", Integer.toString(maxSynBacklog));
    m.put("net.core.somaxconn", Integer.toString(somaxconn));
    m.put("net.ipv4.tcp_challenge_ack_limit", Integer.toString(challengeAckLimit));
    m.put("net.ipv4.tcp_rmem", "4096 " + rmemDefault + " " + rmemMax);
    m.put("net.ipv4.tcp_wmem", "4096 " + wmemDefault + " " + wmemMax);
    m.put("net.ipv4.ip_local_port_range", localPortLow + " " + localPortHigh);
    m.put("net.ipv4.tcp_congestion_control", congestionControl);
    m.put("jtcp.time_wait", Long.toString(timeWait.toSeconds()));
    return m;
  }

  /**
   * This configuration with one knob changed, by its Linux name (the {@code net.ipv4.} prefix may
   * be left out).
   *
   * @throws IllegalArgumentException naming the valid knobs, for an unknown name or a bad value
   */
  public Sysctls with(String name, String value) {
    String key = name.startsWith("net.") || name.startsWith("jtcp.") ? name : "net.ipv4." + name;
    BiConsumer<Builder, String> setter = SETTERS.get(key);
    if (setter == null) {
      throw new IllegalArgumentException(
          "unknown sysctl '" + name + "'; known: " + String.join(", ", SETTERS.keySet()));
    }
    Builder b = toBuilder();
    try {
      setter.accept(b, value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "sysctl " + key + " takes a number; got '" + value + "'", e);
    }
    return b.build();
  }

  private static int i(String v) {
    return Integer.parseInt(v);
  }

  private static boolean b(String v) {
    return switch (v) {
      case "0" -> false;
      case "1" -> true;
      default -> throw new IllegalArgumentException("expected 0 or 1; got '" + v + "'");
    };
  }

  /** Linux's "MIN DEFAULT MAX" buffer triples; the minimum is accepted and not used. */
  private static int[] triple(String name, String v) {
    String[] p = v.trim().split("\\s+");
    if (p.length != 3) {
      throw new IllegalArgumentException(
          name + " takes three sizes in bytes, 'MIN DEFAULT MAX' (Linux: '4096 131072 6291456')");
    }
    return new int[] {i(p[0]), i(p[1]), i(p[2])};
  }

  private static Duration s(String v) {
    return Duration.ofSeconds(Long.parseLong(v));
  }

  private static final Map<String, BiConsumer<Builder, String>> SETTERS = setters();

  private static Map<String, BiConsumer<Builder, String>> setters() {
    Map<String, BiConsumer<Builder, String>> m = new LinkedHashMap<>();
    m.put("net.ipv4.tcp_syn_retries", (c, v) -> c.synRetries = i(v));
    m.put("net.ipv4.tcp_synack_retries", (c, v) -> c.synackRetries = i(v));
    m.put("net.ipv4.tcp_retries2", (c, v) -> c.retries2 = i(v));
    m.put("net.ipv4.tcp_fin_timeout", (c, v) -> c.finTimeout = s(v));
    m.put("net.ipv4.tcp_keepalive_time", (c, v) -> c.keepaliveTime = s(v));
    m.put("net.ipv4.tcp_keepalive_intvl", (c, v) -> c.keepaliveInterval = s(v));
    m.put("net.ipv4.tcp_keepalive_probes", (c, v) -> c.keepaliveProbes = i(v));
    m.put("net.ipv4.tcp_window_scaling", (c, v) -> c.windowScaling = b(v));
    m.put("net.ipv4.tcp_timestamps", (c, v) -> c.timestamps = b(v));
    m.put("net.ipv4.tcp_sack", (c, v) -> c.sack = b(v));
    m.put("net.ipv4.tcp_syncookies", (c, v) -> c.syncookies = i(v));
    m.put("net.ipv4.tcp_max_syn_backlog", (c, v) -> c.maxSynBacklog = i(v));
    m.put("net.core.somaxconn", (c, v) -> c.somaxconn = i(v));
    m.put("net.ipv4.tcp_challenge_ack_limit", (c, v) -> c.challengeAckLimit = i(v));
    m.put(
        "net.ipv4.ip_local_port_range",
        (c, v) -> {
          String[] p = v.split("\\s+");
          if (p.length != 2) {
            throw new IllegalArgumentException("ip_local_port_range takes two ports: 'LOW HIGH'");
          }
          c.localPortLow = i(p[0]);
          c.localPortHigh = i(p[1]);
        });
    m.put(
        "net.ipv4.tcp_rmem",
        (c, v) -> {
          int[] t = triple("tcp_rmem", v);
          c.rmemDefault = t[1];
          c.rmemMax = t[2];
        });
    m.put(
        "net.ipv4.tcp_wmem",
        (c, v) -> {
          int[] t = triple("tcp_wmem", v);
          c.wmemDefault = t[1];
          c.wmemMax = t[2];
        });
    m.put("net.ipv4.tcp_congestion_control", (c, v) -> c.congestionControl = v);
    m.put("jtcp.time_wait", (c, v) -> c.timeWait = s(v));
    return m;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A mutable copy for changing several knobs; {@link #build()} validates. */
  public static final class Builder {
    public int synRetries;
    public int synackRetries;
    public int retries2;
    public Duration finTimeout;
    public Duration timeWait;
    public Duration keepaliveTime;
    public Duration keepaliveInterval;
    public int keepaliveProbes;
    public Duration rtoInitial;
    public Duration rtoMin;
    public Duration rtoMax;
    public Duration delayedAckMax;
    public boolean windowScaling;
    public boolean timestamps;
    public boolean sack;
    public int syncookies;
    public int maxSynBacklog;
    public int somaxconn;
    public int challengeAckLimit;
    public int localPortLow;
    public int localPortHigh;
    public int rmemDefault;
    public int wmemDefault;
    public int rmemMax;
    public int wmemMax;
    public String congestionControl;

    Builder(Sysctls s) {
      synRetries = s.synRetries;
      synackRetries = s.synackRetries;
      retries2 = s.retries2;
      finTimeout = s.finTimeout;
      timeWait = s.timeWait;
      keepaliveTime = s.keepaliveTime;
      keepaliveInterval = s.keepaliveInterval;
      keepaliveProbes = s.keepaliveProbes;
      rtoInitial = s.rtoInitial;
      rtoMin = s.rtoMin;
      rtoMax = s.rtoMax;
      delayedAckMax = s.delayedAckMax;
      windowScaling = s.windowScaling;
      timestamps = s.timestamps;
      sack = s.sack;
      syncookies = s.syncookies;
      maxSynBacklog = s.maxSynBacklog;
      somaxconn = s.somaxconn;
      challengeAckLimit = s.challengeAckLimit;
      localPortLow = s.localPortLow;
      localPortHigh = s.localPortHigh;
      rmemDefault = s.rmemDefault;
      wmemDefault = s.wmemDefault;
      rmemMax = s.rmemMax;
      wmemMax = s.wmemMax;
      congestionControl = s.congestionControl;
    }

    public Sysctls build() {
      return new Sysctls(
          synRetries,
          synackRetries,
          retries2,
          finTimeout,
          timeWait,
          keepaliveTime,
          keepaliveInterval,
          keepaliveProbes,
          rtoInitial,
          rtoMin,
          rtoMax,
          delayedAckMax,
          windowScaling,
          timestamps,
          sack,
          syncookies,
          maxSynBacklog,
          somaxconn,
          challengeAckLimit,
          localPortLow,
          localPortHigh,
          rmemDefault,
          wmemDefault,
          rmemMax,
          wmemMax,
          congestionControl);
    }
  }
}
