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
    expect(seg(TcpFlags.SYN).seq(ISS).mss(MSS));
    return c;
  }

  /** A passive child after our SYN-ACK. */
  Connection synReceived(Listener l) {
    recv(seg(TcpFlags.SYN).seq(IRS).mss(MSS));
    expect(seg(TcpFlags.SYN | TcpFlags.ACK).seq(ISS).ack(IRS + 1).mss(MSS));
    return stack.connections().getFirst();
  }

  /** A passive connection after the three-way handshake, accepted. */
  Connection established() {
    return established(SocketOptions.DEFAULTS);
  }

  /** A passive connection with {@code options} after the three-way handshake, accepted. */
  Connection established(SocketOptions options) {
    Listener l = listening(options);
    synReceived(l);
    recv(seg(TcpFlags.ACK).seq(IRS + 1).ack(ISS + 1));
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
    recv(seg(TcpFlags.SYN | TcpFlags.ACK).seq(IRS).ack(ISS + 1).mss(MSS));
    expect(seg(TcpFlags.ACK).seq(ISS + 1).ack(IRS + 1));
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

    TcpSegment from(int srcPort, int dstPort) {
      return new TcpSegment(srcPort, dstPort, seq, ack, flags, window, 0, options, payload);
    }
  }
}
