package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.SackBlock;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpOption;
import io.jtcp.core.wire.TcpSegment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A segment script (smoltcp's {@code send!}/{@code recv!} style): one stack at 192.0.2.1 behind a
 * {@link ScriptLink}, a remote peer the test plays at 192.0.2.2, a manual clock. The test types
 * segments in with {@link #recv} and asserts exactly what comes out with {@link #expect}.
 *
 * <p>Scripts turn off window scaling, timestamps and SACK so segments read plainly: the only option
 * is the MSS on SYNs. Our ISN is {@value #ISS}, the peer's is {@value #IRS}; our receive buffer
 * advertises {@value #WINDOW}.
 *
 * <p>A script that turns SACK or timestamps on in its sysctls sets {@link #peerSack} or {@link
 * #peerTimestamps} so that the fixtures' peer offers them too; the fixtures then write every option
 * the way Linux lays it out (SYNs: MSS, SACK-permitted, timestamps; other segments: NOP, NOP,
 * timestamps, then NOP, NOP, SACK), with the peer's TSval at {@value #PEER_TS} and ours from {@link
 * #tsNow}. Window scaling stays off in scripts.
 */
final class Script {
  static final Ipv4Address LOCAL = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address REMOTE = Ipv4Address.parse("192.0.2.2");
  static final int ISS = 1000;
  static final int IRS = 5000;
  static final int LOCAL_PORT = 80;
  static final int REMOTE_PORT = 40000;
  static final int WINDOW = 65535;
  static final int MSS = 1460;
  static final long MS = 1_000_000L;

  /** The TSval the fixtures' peer sends in its handshake segments. */
  static final int PEER_TS = 100;

  /**
   * Our TSval clock: milliseconds plus an offset taken from the ISS (RFC 7323 §5.4 allows any
   * per-connection offset; jtcp uses the ISS rotated left by 13), so it is fixed in scripts.
   */
  static final int TS_OFFSET = Integer.rotateLeft(ISS, 13);

  static final Sysctls PLAIN =
      Sysctls.LINUX
          .with("tcp_window_scaling", "0")
          .with("tcp_timestamps", "0")
          .with("tcp_sack", "0")
          .toBuilder()
          .build();

  final ScriptLink link = new ScriptLink(1500);
  final Stack stack;
  long now;

  /**
   * Our port and the peer's in the connection under test; an active open switches to its ephemeral
   * port.
   */
  int ourPort = LOCAL_PORT;

  int peerPort = REMOTE_PORT;

  /** The MSS the fixtures' peer announces in its SYN. */
  int peerMss = MSS;

  /** The window the fixtures' peer advertises in its handshake segments. */
  int peerWindow = WINDOW;

  /** Whether the fixtures' peer offers SACK-permitted (RFC 2018) in its SYN. */
  boolean peerSack;

  /** Whether the fixtures' peer offers timestamps (RFC 7323) in its SYN. */
  boolean peerTimestamps;

  Script() {
    this(PLAIN);
  }

  Script(Sysctls sysctls) {
    Sysctls s = sysctls.toBuilder().build();
    var b = s.toBuilder();
    b.rmemDefault = WINDOW;
    stack =
        new Stack(
            LOCAL,
            link,
            b.build(),
            IsnGenerator.fixed(ISS),
            new SynCookies(7, 8),
            PacketObserver.NONE,
            0);
  }

  /** The TSval our segments carry at the current time. */
  int tsNow() {
    return (int) (now / MS) + TS_OFFSET;
  }

  /** A segment from the peer to us (or from us to the peer, for {@link #expect}). */
  static Seg seg(int flags) {
    return new Seg(flags);
  }

  /** The peer sends {@code s} to us; the stack processes it at the current time. */
  void recv(Seg s) {
    TcpSegment seg = s.from(peerPort, ourPort);
    byte[] ip =
        Ipv4Packet.of(REMOTE, LOCAL, IpProtocol.TCP, 64, seg.toBytes(REMOTE.bits(), LOCAL.bits()))
            .toBytes();
    link.inject(ip);
    stack.poll(now);
  }

  /** Exactly these segments left the stack since the last check, in order. */
  void expect(Seg... expected) {
    List<String> want = new ArrayList<>();
    for (Seg s : expected) {
      want.add(s.from(ourPort, peerPort).toString());
    }
    assertEquals(String.join("\n", want), sentText());
  }

  void expectNothing() {
    assertEquals("", sentText());
  }

  List<TcpSegment> sent() {
    List<TcpSegment> out = new ArrayList<>();
    for (byte[] p : link.drainSent()) {
      Ipv4Packet ip = Ipv4Packet.parse(p).orElseThrow();
      assertEquals(LOCAL, ip.source());
      assertEquals(REMOTE, ip.destination());
      out.add(TcpSegment.parse(ip.payload(), LOCAL.bits(), REMOTE.bits()).orElseThrow());
    }
    return out;
  }

  private String sentText() {
    return sent().stream().map(TcpSegment::toString).collect(Collectors.joining("\n"));
  }

  /** Moves the clock forward, firing every timer at its exact deadline on the way. */
  void advance(long millis) {
    long target = now + millis * MS;
    while (stack.nextDeadline() <= target) {
      now = Math.max(now, stack.nextDeadline());
      stack.poll(now);
    }
    now = target;
    stack.poll(now);
  }

  <T> T call(Call<T> c) {
    try {
      return c.run(now);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void run(Op op) throws IOException {
    op.run(now);
  }

  /** {@link Connection#close} now, for fixtures (an I/O error fails the test). */
  void close(Connection c) {
    call(
        n -> {
          c.close(n);
          return null;
        });
  }

  // ---- Fixtures: a connection brought to a state by a scripted exchange
  // -------------------------------------

  /** We listen on port 80. */
  Listener listening() {
    return listening(SocketOptions.DEFAULTS);
  }

  /** We listen on port 80; children take {@code options}. */
  Listener listening(SocketOptions options) {
    return call(n -> stack.listen(LOCAL_PORT, 8, options, n));
  }

  /** We connected to the peer's port 40000 and the SYN is out; our side is an ephemeral port. */
  Connection synSent() {
    Connection c = call(n -> stack.connect(REMOTE, REMOTE_PORT, SocketOptions.DEFAULTS, n));
    ourPort = c.localPort();
    // The active side offers every option its sysctls allow.
    expect(
        seg(TcpFlags.SYN)
            .seq(ISS)
            .mss(MSS)
            .synOptions(stack.sysctls().sack(), stack.sysctls().timestamps(), tsNow(), 0));
    return c;
  }

  /** A passive child after our SYN-ACK. */
  Connection synReceived(Listener l) {
    recv(
        seg(TcpFlags.SYN)
            .seq(IRS)
            .win(peerWindow)
            .mss(peerMss)
            .synOptions(peerSack, peerTimestamps, PEER_TS, 0));
    Connection c = stack.connections().getFirst();
    int buffer = c.options().receiveBuffer();
    expect(
        seg(TcpFlags.SYN | TcpFlags.ACK)
            .seq(ISS)
            .ack(IRS + 1)
            .win(buffer > 0 ? Math.min(buffer, WINDOW) : WINDOW)
            .mss(MSS)
            .synOptions(sackOn(), timestampsOn(), tsNow(), PEER_TS));
    return c;
  }

  /** Whether the fixtures' connection negotiates SACK: we allow it and the peer offers it. */
  boolean sackOn() {
    return peerSack && stack.sysctls().sack();
  }

  /** Whether the fixtures' connection negotiates timestamps. */
  boolean timestampsOn() {
    return peerTimestamps && stack.sysctls().timestamps();
  }

  /** The peer's handshake-completing ACK (or ours), with the timestamps option when negotiated. */
  private Seg handshakeAck(int seq, int ack, int tsVal, int tsEcr) {
    Seg a = seg(TcpFlags.ACK).seq(seq).ack(ack);
    return timestampsOn() ? a.ts(tsVal, tsEcr) : a;
  }

  /** A passive connection after the three-way handshake, accepted. */
  Connection established() {
    return established(SocketOptions.DEFAULTS);
  }

  /** A passive connection with {@code options} after the three-way handshake, accepted. */
  Connection established(SocketOptions options) {
    Listener l = listening(options);
    synReceived(l);
    recv(handshakeAck(IRS + 1, ISS + 1, PEER_TS, tsNow()).win(peerWindow));
    expectNothing();
    Connection c = l.accept();
    if (c == null) {
      throw new AssertionError("the handshake did not complete");
    }
    return c;
  }

  /** An active connection after the three-way handshake: we sent the SYN from an ephemeral port. */
  Connection activeEstablished() {
    Connection c = synSent();
    // The peer answers only what we offered (RFC 2018 §2, RFC 7323 §3.2).
    recv(
        seg(TcpFlags.SYN | TcpFlags.ACK)
            .seq(IRS)
            .ack(ISS + 1)
            .win(peerWindow)
            .mss(peerMss)
            .synOptions(sackOn(), timestampsOn(), PEER_TS, tsNow()));
    expect(handshakeAck(ISS + 1, IRS + 1, tsNow(), PEER_TS));
    return c;
  }

  // The closing states, from {@link #established()}. Afterwards the numbers are:
  //   FIN-WAIT-1  SND.UNA=ISS+1 SND.NXT=ISS+2 RCV.NXT=IRS+1  (our FIN out, not acked)
  //   FIN-WAIT-2  SND.UNA=ISS+2 SND.NXT=ISS+2 RCV.NXT=IRS+1
  //   CLOSE-WAIT  SND.UNA=ISS+1 SND.NXT=ISS+1 RCV.NXT=IRS+2  (the peer's FIN in)
  //   LAST-ACK    SND.UNA=ISS+1 SND.NXT=ISS+2 RCV.NXT=IRS+2
  //   CLOSING     SND.UNA=ISS+1 SND.NXT=ISS+2 RCV.NXT=IRS+2
  //   TIME-WAIT   SND.UNA=ISS+2 SND.NXT=ISS+2 RCV.NXT=IRS+2

  /** We closed an established connection: our FIN is out and unacknowledged. */
  Connection finWait1() {
    Connection c = established();
    close(c);
    expect(seg(TcpFlags.ACK | TcpFlags.FIN).seq(ISS + 1).ack(IRS + 1));
    return c;
  }

  /** We closed and the peer acknowledged our FIN. */
  Connection finWait2() {
    Connection c = finWait1();
    recv(seg(TcpFlags.ACK).seq(IRS + 1).ack(ISS + 2));
    expectNothing();
    return c;
  }

  /** The peer closed first: its FIN is in and acknowledged. */
  Connection closeWait() {
    Connection c = established();
    recv(seg(TcpFlags.ACK | TcpFlags.FIN).seq(IRS + 1).ack(ISS + 1));
    expect(seg(TcpFlags.ACK).seq(ISS + 1).ack(IRS + 2));
    return c;
  }

  /** The peer closed, then we did: our FIN is out and unacknowledged. */
  Connection lastAck() {
    Connection c = closeWait();
    close(c);
    expect(seg(TcpFlags.ACK | TcpFlags.FIN).seq(ISS + 1).ack(IRS + 2));
    return c;
  }

  /** Both closed at once: the peer's FIN crossed ours, which it has not acknowledged yet. */
  Connection closing() {
    Connection c = finWait1();
    recv(seg(TcpFlags.ACK | TcpFlags.FIN).seq(IRS + 1).ack(ISS + 1));
    expect(seg(TcpFlags.ACK).seq(ISS + 2).ack(IRS + 2));
    return c;
  }

  /** We closed first and both FINs are acknowledged: we hold TIME-WAIT. */
  Connection timeWait() {
    Connection c = finWait1();
    recv(seg(TcpFlags.ACK | TcpFlags.FIN).seq(IRS + 1).ack(ISS + 2));
    expect(seg(TcpFlags.ACK).seq(ISS + 2).ack(IRS + 2));
    return c;
  }

  @FunctionalInterface
  interface Call<T> {
    T run(long now) throws IOException;
  }

  @FunctionalInterface
  interface Op {
    void run(long now) throws IOException;
  }

  /** A segment under construction; ports are filled in by direction. */
  static final class Seg {
    private final int flags;
    private int seq;
    private int ack;

    /** Resets carry a zero window, as Linux sends them. */
    private int window;

    private final List<TcpOption> options = new ArrayList<>();
    private byte[] payload = new byte[0];

    Seg(int flags) {
      this.flags = flags;
      this.window = (flags & TcpFlags.RST) != 0 ? 0 : WINDOW;
    }

    Seg seq(int v) {
      seq = v;
      return this;
    }

    Seg ack(int v) {
      ack = v;
      return this;
    }

    Seg win(int v) {
      window = v;
      return this;
    }

    Seg mss(int v) {
      options.add(new TcpOption.Mss(v));
      return this;
    }

    Seg data(String s) {
      payload = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return this;
    }

    /** Any option, appended as is. */
    Seg option(TcpOption o) {
      options.add(o);
      return this;
    }

    Seg nop() {
      return option(new TcpOption.Nop());
    }

    /**
     * A SYN's SACK-permitted and timestamps options in Linux's layout: SACK-permitted then
     * timestamps; NOP, NOP, timestamps; or NOP, NOP, SACK-permitted (after the MSS).
     */
    Seg synOptions(boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr) {
      if (timestamps) {
        if (sackPermitted) {
          option(new TcpOption.SackPermitted());
        } else {
          nop().nop();
        }
        option(new TcpOption.Timestamps(tsVal, tsEcr));
      } else if (sackPermitted) {
        nop().nop().option(new TcpOption.SackPermitted());
      }
      return this;
    }

    /** The timestamps option as Linux places it on a non-SYN segment: NOP, NOP, TSval, TSecr. */
    Seg ts(int tsVal, int tsEcr) {
      return nop().nop().option(new TcpOption.Timestamps(tsVal, tsEcr));
    }

    /**
     * SACK blocks {@code [left, right)} given as {@code left1, right1, left2, right2, ...}, first
     * block first, after NOP, NOP as Linux writes them.
     */
    Seg sack(int... edges) {
      if (edges.length == 0 || edges.length % 2 != 0) {
        throw new IllegalArgumentException("SACK edges come in pairs; got " + edges.length);
      }
      List<SackBlock> blocks = new ArrayList<>();
      for (int i = 0; i < edges.length; i += 2) {
        blocks.add(new SackBlock(edges[i], edges[i + 1]));
      }
      return nop().nop().option(new TcpOption.Sack(blocks));
    }

    TcpSegment from(int srcPort, int dstPort) {
      return new TcpSegment(srcPort, dstPort, seq, ack, flags, window, 0, options, payload);
    }
  }
}
