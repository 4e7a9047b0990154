package io.jtcp.core.engine;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.wire.DropReason;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A link decorator for tests that forwards everything to the link it wraps, its segmentation and
 * checksum offload and its transmit queue's readiness included, and writes each IPv4/TCP packet its
 * end transmits or receives into a trace it may share with the other end of the pair, in the order
 * they happened. It can lose chosen outgoing packets: they are recorded as lost and never reach the
 * wrapped link, as if the wire dropped them.
 */
final class RecordingLink implements LinkDriver {

  /**
   * One TCP packet one end saw.
   *
   * @param end the name of the end that saw it
   * @param out whether the end transmitted it (else it received it)
   * @param lost whether this decorator dropped it on its way out
   * @param totalLength the IPv4 total length
   * @param flags the TCP flags
   * @param seq the sequence number
   * @param ack the acknowledgment number
   * @param window the window field, unscaled
   * @param windowScale the window-scale option's shift, or -1 if absent
   * @param payload the TCP payload's length
   * @param queued what the end's {@link #queued} supplier said when the packet went out (for the
   *     data sender: the bytes its application had queued)
   */
  record Packet(
      String end,
      boolean out,
      boolean lost,
      int totalLength,
      int flags,
      int seq,
      int ack,
      int window,
      int windowScale,
      int payload,
      long queued) {

    boolean has(int flag) {
      return (flags & flag) != 0;
    }

    Packet withQueued(long q) {
      return new Packet(
          end, out, lost, totalLength, flags, seq, ack, window, windowScale, payload, q);
    }

    @Override
    public String toString() {
      return String.format(
          "%s %s%s len %d %s seq %d ack %d win %d payload %d queued %d",
          end,
          out ? "out" : "in",
          lost ? " (lost)" : "",
          totalLength,
          TcpFlags.toString(flags),
          Integer.toUnsignedLong(seq),
          Integer.toUnsignedLong(ack),
          window,
          payload,
          queued);
    }
  }

  private final LinkDriver inner;
  private final String name;
  private final List<Packet> trace;
  private final Ipv4View ip = new Ipv4View();
  private final TcpView tcp = new TcpView();
  private LongSupplier queued = () -> -1;
  private Predicate<Packet> lose = p -> false;
  private int declaredOffload = -1;
  private int ringDrops;

  /**
   * @param inner the link to wrap
   * @param name what the trace calls this end
   * @param trace where packets are recorded, in order; the other end may write to it too
   */
  RecordingLink(LinkDriver inner, String name, List<Packet> trace) {
    this.inner = inner;
    this.name = name;
    this.trace = trace;
  }

  /** What each outgoing packet records as {@link Packet#queued}. */
  RecordingLink queued(LongSupplier q) {
    this.queued = q;
    return this;
  }

  /** Which outgoing packets to lose; asked once per packet, in the order they go out. */
  RecordingLink lose(Predicate<Packet> rule) {
    this.lose = rule;
    return this;
  }

  /**
   * Declares {@code bytes} as this end's {@link #segmentationOffload()} instead of what the wrapped
   * link says; call it before a stack is built on this end.
   */
  RecordingLink declareOffload(int bytes) {
    this.declaredOffload = bytes;
    return this;
  }

  /** Frames the wrapped link refused because its transmit queue was full. */
  int ringDrops() {
    return ringDrops;
  }

  private Packet parse(MemorySegment buf, long off, int length, boolean out, boolean lost) {
    DropReason r = ip.wrap(buf, off, length, false);
    if (r != null) {
      throw new AssertionError(name + ": a frame that is no IPv4 packet: " + r);
    }
    if (ip.protocol() != IpProtocol.TCP) {
      throw new AssertionError(name + ": a packet that is not TCP: protocol " + ip.protocol());
    }
    r = tcp.wrapUnverified(buf, ip.payloadOffset(), ip.payloadLength());
    if (r != null) {
      throw new AssertionError(name + ": a malformed TCP segment: " + r);
    }
    return new Packet(
        name,
        out,
        lost,
        ip.totalLength(),
        tcp.flags(),
        tcp.sequenceNumber(),
        tcp.acknowledgmentNumber(),
        tcp.window(),
        tcp.windowScale(),
        tcp.payloadLength(),
        out ? queued.getAsLong() : -1);
  }

  @Override
  public LinkType linkType() {
    return inner.linkType();
  }

  @Override
  public int mtu() {
    return inner.mtu();
  }

  @Override
  public boolean checksumOffload() {
    return inner.checksumOffload();
  }

  @Override
  public int segmentationOffload() {
    return declaredOffload >= 0 ? declaredOffload : inner.segmentationOffload();
  }

  @Override
  public int receive(FrameSink sink, int limit) {
    return inner.receive(
        (buf, off, length) -> {
          trace.add(parse(buf, off, length, false, false));
          sink.onFrame(buf, off, length);
        },
        limit);
  }

  @Override
  public boolean transmit(int length, FrameWriter writer) {
    return send(-1, length, writer, false);
  }

  @Override
  public boolean transmit(int destination, int length, FrameWriter writer) {
    return send(destination, length, writer, true);
  }

  private boolean send(int destination, int length, FrameWriter writer, boolean routed) {
    MemorySegment copy = MemorySegment.ofArray(new byte[length]);
    writer.write(copy, 0, length);
    Packet p = parse(copy, 0, length, true, false);
    if (lose.test(p)) {
      trace.add(
          new Packet(
              p.end(),
              true,
              true,
              p.totalLength(),
              p.flags(),
              p.seq(),
              p.ack(),
              p.window(),
              p.windowScale(),
              p.payload(),
              p.queued()));
      return true; // gone on the wire: the sender cannot tell
    }
    FrameWriter fill = (buf, off, len) -> MemorySegment.copy(copy, 0, buf, off, len);
    boolean sent =
        routed ? inner.transmit(destination, length, fill) : inner.transmit(length, fill);
    if (sent) {
      trace.add(p);
    } else {
      ringDrops++;
    }
    return sent;
  }

  @Override
  public boolean transmitReady() {
    return inner.transmitReady();
  }

  @Override
  public void flushTransmit() {
    inner.flushTransmit();
  }

  @Override
  public void setWakeup(Runnable wakeup) {
    inner.setWakeup(wakeup);
  }

  @Override
  public void await(long timeoutNanos) {
    inner.await(timeoutNanos);
  }

  @Override
  public void wake() {
    inner.wake();
  }

  @Override
  public void close() {
    inner.close();
  }
}
