package io.jtcp.core.engine;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One generated run of {@link ConnectionPropertiesTest}: two hosts, up to three connections from
 * the client to the server's port 80, what each side's application does on each of them, and which
 * outgoing segments the network loses. Everything is a plain value built from the property's
 * generators, so the runner can replay and shrink it.
 *
 * <p>Times are microseconds of virtual time. A client step's time counts from its connect call
 * ({@link Conn#nonBlocking}) or from the moment the handshake completed, a server step's from the
 * moment the server application accepted the connection.
 */
final class ConnectionPropertiesScenario {
  /**
   * The latest a step, or the final close after the last step, comes: 40 minutes, so a script ends
   * at most 80 minutes after it starts.
   */
  static final long MAX_STEP_MICROS = 40 * 60 * 1_000_000L;

  enum Side {
    CLIENT,
    SERVER;

    Side peer() {
      return this == CLIENT ? SERVER : CLIENT;
    }
  }

  /** What an outgoing segment is, for targeted loss. */
  enum Kind {
    SYN,
    SYN_ACK,
    /** No data, no SYN, FIN or RST: handshake completion, ACK of data or FIN, window update. */
    ACK,
    /** Carries data but no FIN. */
    DATA,
    /** Carries a FIN (with or without data). */
    FIN,
    RST
  }

  /**
   * The network loses {@code count} segments of this kind that {@code side} sends, from the {@code
   * nth} (counting from 1, over all connections of the side).
   */
  record Drop(Side side, Kind kind, int nth, int count) {
    boolean covers(Side s, Kind k, int n) {
      return s == side && k == kind && n >= nth && n < nth + count;
    }

    @Override
    public String toString() {
      return side.name().toLowerCase(Locale.ROOT)
          + " "
          + kind
          + " #"
          + nth
          + (count > 1 ? "-" + (nth + count - 1) : "");
    }
  }

  /**
   * tcp_syn_retries, tcp_synack_retries and tcp_retries2 on both stacks. Small limits make
   * retransmission series, and anything that wrongly feeds them, end in timeouts within seconds.
   */
  record Retries(int syn, int synack, int data) {
    static final Retries LINUX = new Retries(6, 5, 15);

    @Override
    public String toString() {
      return "syn " + syn + "/synack " + synack + "/retries2 " + data;
    }
  }

  /**
   * Per-stack TCP options (Linux's sysctls; all on by default): turning one off on one side
   * exercises the negotiation, and a smaller MTU makes more, smaller segments. A bandwidth limit
   * (0: none) with a drop-tail queue (0: unlimited) adds queueing delay and congestion loss.
   */
  record Host(
      boolean noWindowScaling,
      boolean noTimestamps,
      boolean noSack,
      int mtu,
      long bitsPerSecond,
      long queueBytes) {
    @Override
    public String toString() {
      return (noWindowScaling ? "-wscale " : "")
          + (noTimestamps ? "-timestamps " : "")
          + (noSack ? "-sack " : "")
          + "mtu "
          + mtu
          + (bitsPerSecond > 0 ? " uplink " + bitsPerSecond + " bit/s" : "")
          + (queueBytes > 0 ? " queue " + queueBytes + " B" : "");
    }
  }

  enum Op {
    /** Queue {@code bytes} more bytes; the app keeps writing them as the send buffer frees up. */
    WRITE,
    /** Read everything available (what a lazy reader does; an eager one reads on every wake-up). */
    READ,
    SHUTDOWN,
    CLOSE,
    ABORT
  }

  record Step(long atMicros, Op op, int bytes) {
    @Override
    public String toString() {
      return (op == Op.WRITE ? "WRITE(" + bytes + ")" : op.name()) + "@" + micros(atMicros);
    }
  }

  /**
   * One side's application on one connection.
   *
   * @param eager reads whenever the connection says data is readable (and before closing); a lazy
   *     reader reads only at its READ steps
   * @param lingerZero SO_LINGER 0 on the client's socket: close() resets (server sockets take the
   *     listener's options, see {@link ConnectionPropertiesScenario#serverLingerZero})
   * @param closeAfterMicros the app finishes (if it has not closed or aborted yet) this long after
   *     its last step
   * @param graceful how it finishes: a graceful app writes what it still holds, shuts its output
   *     down, reads until end-of-stream and then closes (or closes anyway after {@link
   *     ConnectionPropertiesWorld#LINGER_LIMIT}); otherwise it just closes
   */
  record AppScript(
      boolean eager,
      boolean lingerZero,
      List<Step> steps,
      long closeAfterMicros,
      boolean graceful) {
    long finalCloseAt() {
      long last = steps.stream().mapToLong(Step::atMicros).max().orElse(0);
      return last + closeAfterMicros;
    }

    @Override
    public String toString() {
      return (eager ? "eager" : "lazy")
          + (lingerZero ? " linger0" : "")
          + " "
          + steps
          + (graceful ? " graceful-close+" : " close+")
          + micros(closeAfterMicros);
    }
  }

  /**
   * @param nonBlocking the client's steps count from its connect call, so it may write, shut down,
   *     close or abort while the handshake is still going on; otherwise they count from the moment
   *     the connection was established (a blocking connect), and never start if it fails
   * @param echo the server application writes back everything it reads
   */
  record Conn(
      long connectAtMicros, boolean nonBlocking, AppScript client, AppScript server, boolean echo) {
    @Override
    public String toString() {
      return "connect@"
          + micros(connectAtMicros)
          + (nonBlocking ? " non-blocking" : "")
          + " client{"
          + client
          + "} server{"
          + server
          + (echo ? " echo" : "")
          + "}";
    }
  }

  final Host clientHost;
  final Host serverHost;
  final Retries retries;

  /**
   * SO_KEEPALIVE on every socket, with short keepalive sysctls ({@link
   * ConnectionPropertiesWorld#KEEPALIVE_TIME} and friends) so that idle connections probe.
   */
  final boolean keepalive;

  /**
   * Applications react to connection events inside the event callback, calling the engine from it,
   * instead of in a separate simulator action at the same instant.
   */
  final boolean reentrant;

  /**
   * How many ephemeral ports the client has (ip_local_port_range), 0 for Linux's range: with one or
   * two, connections reuse ports, meet the server's TIME-WAIT (RFC 6191 reopening) and can find
   * every port busy.
   */
  final int clientPorts;

  final long clientDelayMicros;
  final long serverDelayMicros;
  final int clientIsn;
  final int serverIsn;
  final int lossPerMille;
  final long netSeed;
  final int clientReceiveBuffer;
  final int serverReceiveBuffer;
  final int sendBuffer;
  final boolean serverLingerZero;

  /** When the listener closes; -1 keeps it open until the end. */
  final long listenerCloseAtMicros;

  final List<Conn> conns;
  final List<Drop> drops;

  ConnectionPropertiesScenario(
      Host clientHost,
      Host serverHost,
      Retries retries,
      boolean keepalive,
      boolean reentrant,
      int clientPorts,
      long clientDelayMicros,
      long serverDelayMicros,
      int clientIsn,
      int serverIsn,
      int lossPerMille,
      long netSeed,
      int clientReceiveBuffer,
      int serverReceiveBuffer,
      int sendBuffer,
      boolean serverLingerZero,
      long listenerCloseAtMicros,
      List<Conn> conns,
      List<Drop> drops) {
    this.clientHost = clientHost;
    this.serverHost = serverHost;
    this.retries = retries;
    this.keepalive = keepalive;
    this.reentrant = reentrant;
    this.clientPorts = clientPorts;
    this.clientDelayMicros = clientDelayMicros;
    this.serverDelayMicros = serverDelayMicros;
    this.clientIsn = clientIsn;
    this.serverIsn = serverIsn;
    this.lossPerMille = lossPerMille;
    this.netSeed = netSeed;
    this.clientReceiveBuffer = clientReceiveBuffer;
    this.serverReceiveBuffer = serverReceiveBuffer;
    this.sendBuffer = sendBuffer;
    this.serverLingerZero = serverLingerZero;
    this.listenerCloseAtMicros = listenerCloseAtMicros;
    this.conns = List.copyOf(conns);
    this.drops = List.copyOf(drops);
  }

  static String micros(long us) {
    return us % 1000 == 0 ? us / 1000 + "ms" : String.format(Locale.ROOT, "%.3fms", us / 1000.0);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append("Scenario{delay client>server ")
        .append(micros(clientDelayMicros))
        .append(", server>client ")
        .append(micros(serverDelayMicros))
        .append(", ISN bases ")
        .append(Integer.toUnsignedString(clientIsn))
        .append('/')
        .append(Integer.toUnsignedString(serverIsn))
        .append(", client ")
        .append(clientHost)
        .append(", server ")
        .append(serverHost);
    if (!retries.equals(Retries.LINUX)) {
      s.append(", retries ").append(retries);
    }
    if (keepalive) {
      s.append(", keepalive");
    }
    if (reentrant) {
      s.append(", re-entrant callbacks");
    }
    if (clientPorts > 0) {
      s.append(", client ports ").append(clientPorts);
    }
    if (lossPerMille > 0) {
      s.append(", random loss ").append(lossPerMille).append("/1000 seed ").append(netSeed);
    }
    if (clientReceiveBuffer > 0) {
      s.append(", client SO_RCVBUF ").append(clientReceiveBuffer);
    }
    if (serverReceiveBuffer > 0) {
      s.append(", server SO_RCVBUF ").append(serverReceiveBuffer);
    }
    if (sendBuffer > 0) {
      s.append(", SO_SNDBUF ").append(sendBuffer);
    }
    if (serverLingerZero) {
      s.append(", server linger0");
    }
    s.append(", listener closes ")
        .append(listenerCloseAtMicros < 0 ? "at the end" : "@" + micros(listenerCloseAtMicros));
    s.append(", drops ").append(drops);
    s.append(
        conns.stream()
            .map(Conn::toString)
            .collect(Collectors.joining("\n    ", ",\n  conns:\n    ", "}")));
    return s.toString();
  }
}
