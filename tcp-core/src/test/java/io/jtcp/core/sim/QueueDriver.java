package io.jtcp.core.sim;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The simplest driver there is, for testing decorators: frames the test {@link #arrive}s wait in a
 * queue for {@code receive}, which lends them from one reused buffer; transmitted frames are kept
 * in {@link #sent}. It can refuse transmits, as a full ring does.
 */
final class QueueDriver implements LinkDriver {
  final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
  final List<byte[]> sent = new ArrayList<>();
  private final LinkType type;
  private final int mtu;
  private final byte[] rx;
  private final byte[] tx;
  int receiveCalls;
  int awaits;
  boolean refuse;
  boolean closed;

  QueueDriver(LinkType type, int mtu) {
    this.type = type;
    this.mtu = mtu;
    int frame = mtu + (type == LinkType.ETHERNET ? 14 : 0);
    this.rx = new byte[frame];
    this.tx = new byte[frame];
  }

  QueueDriver() {
    this(LinkType.RAW_IP, 1500);
  }

  void arrive(byte[] frame) {
    inbound.addLast(frame.clone());
  }

  @Override
  public LinkType linkType() {
    return type;
  }

  @Override
  public int mtu() {
    return mtu;
  }

  @Override
  public int receive(FrameSink sink, int limit) {
    receiveCalls++;
    int n = 0;
    byte[] f;
    while (n < limit && (f = inbound.pollFirst()) != null) {
      Arrays.fill(rx, (byte) 0x5A); // stale bytes beyond the frame, as a reused buffer has
      System.arraycopy(f, 0, rx, 0, f.length);
      sink.onFrame(MemorySegment.ofArray(rx), 0, f.length);
      Arrays.fill(rx, (byte) 0xA5); // whoever kept a reference past the call sees garbage
      n++;
    }
    return n;
  }

  @Override
  public boolean transmit(int length, FrameWriter writer) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (length < 1 || length > tx.length) {
      throw new IllegalArgumentException("length " + length);
    }
    if (refuse) {
      return false;
    }
    writer.write(MemorySegment.ofArray(tx), 0, length);
    sent.add(Arrays.copyOf(tx, length));
    return true;
  }

  @Override
  public void await(long timeoutNanos) {
    awaits++;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Transmits {@code frame} through {@code link} as an engine would. */
  static boolean send(LinkDriver link, byte[] frame) {
    return link.transmit(
        frame.length,
        (seg, off, len) -> MemorySegment.copy(frame, 0, seg, ValueLayout.JAVA_BYTE, off, len));
  }

  /** Receives up to {@code limit} frames from {@code link}, as copies. */
  static List<byte[]> take(LinkDriver link, int limit) {
    List<byte[]> got = new ArrayList<>();
    link.receive(
        (seg, off, len) -> got.add(seg.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE)), limit);
    return got;
  }
}
