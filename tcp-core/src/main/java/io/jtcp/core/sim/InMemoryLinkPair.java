package io.jtcp.core.sim;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;
import org.jspecify.annotations.Nullable;

/**
 * Two {@link LinkDriver}s wired back to back, for two stacks driven by two real-time threads in one
 * JVM: what {@link #a()} transmits {@link #b()} receives, in order, and the other way round. There
 * is no delay, loss or bandwidth limit; use {@link SimNetwork} for those.
 *
 * <p>Each direction is a ring of {@code capacity} buffers of {@code mtu} bytes, allocated once and
 * passed between the two threads through two single-producer single-consumer queues (jctools'
 * VarHandle {@code SpscArrayQueue}): a transmit takes a free buffer, lets the engine fill it in
 * place and queues it; a receive lends it to the engine's sink and hands it back. Nothing is
 * allocated per frame. When every buffer of a direction is in flight the ring is full: {@link
 * Endpoint#transmitReady()} says so, and the receiving end wakes the sending one once it hands
 * buffers back, so the engine waits for room rather than sending into the full ring; a frame sent
 * anyway (an ACK, a retransmission on timeout) is dropped and {@code transmit} returns false, as a
 * NIC ring does, and the drop is counted.
 *
 * <p>A {@link #loopback} pair is Linux's loopback device: checksums offloaded, and TCP packets of
 * up to 64 KB carried whole whatever the MTU ({@link LinkDriver#segmentationOffload()}), so the
 * stacks send and take many segments per packet. Its buffers grow to the largest frame they
 * carried, and a direction is full once its queued frames hold {@code capacity} MTUs' worth of
 * bytes, or {@code capacity} frames, whichever comes first.
 *
 * <p>Thread safety: each driver is used by one thread at a time (its stack's event loop), which
 * calls both its {@code transmit} and its {@code receive}; the two drivers may be used by two
 * threads concurrently. The queues' release/acquire ordering publishes a buffer's bytes with it.
 * The counters may be read from any thread. {@link #close()} the pair once both threads have
 * stopped using it.
 */
public final class InMemoryLinkPair implements AutoCloseable {
  /** Frames in flight per direction unless told otherwise; Linux's default TX ring is 256. */
  public static final int DEFAULT_CAPACITY = 256;

  /** The largest IPv4 packet, which a {@link #loopback} pair carries whole. */
  private static final int MAX_PACKET = 65_535;

  private final Endpoint a;
  private final Endpoint b;

  /** A pair with {@value #DEFAULT_CAPACITY} frames per direction and an MTU of 1500. */
  public InMemoryLinkPair() {
    this(DEFAULT_CAPACITY, LinkParams.DEFAULT_MTU);
  }

  /**
   * @param capacity frames each direction holds in flight, at least 1
   * @param mtu the largest frame, in [68, 65535]
   */
  public InMemoryLinkPair(int capacity, int mtu) {
    this(capacity, mtu, false);
  }

  /**
   * @param capacity frames each direction holds in flight, at least 1
   * @param mtu the largest frame, in [68, 65535]
   * @param checksumOffload whether the ends declare {@link LinkDriver#checksumOffload()}, as
   *     Linux's loopback does: stacks then neither fill nor verify TCP checksums on this pair
   */
  public InMemoryLinkPair(int capacity, int mtu, boolean checksumOffload) {
    this(capacity, mtu, checksumOffload, false, LinkType.RAW_IP);
  }

  /**
   * @param capacity frames each direction holds in flight, at least 1
   * @param mtu the MTU, which sets the MSS the stacks announce, in [68, 65535]
   * @param checksumOffload as {@link #InMemoryLinkPair(int, int, boolean)}
   * @param segmentationOffload whether the ends carry TCP packets of up to 65,535 bytes whole,
   *     whatever the MTU, as Linux's loopback does ({@link LinkDriver#segmentationOffload()})
   */
  public InMemoryLinkPair(
      int capacity, int mtu, boolean checksumOffload, boolean segmentationOffload) {
    this(capacity, mtu, checksumOffload, segmentationOffload, LinkType.RAW_IP);
  }

  /**
   * A pair that behaves as Linux's loopback device does: checksums offloaded, and TCP packets of up
   * to 65,535 bytes carried whole ({@link LinkDriver#segmentationOffload()}), however small the
   * MTU, so that segments of one MSS each travel in packets of up to 45 of them: {@code iperf3 -M
   * 1460} on 127.0.0.1 sends 65,226-byte packets. A frame buffer grows to the largest frame sent in
   * it, once.
   *
   * @param capacity frames each direction holds in flight, at least 1
   * @param mtu the MTU, which sets the MSS the stacks announce, in [68, 65535]
   */
  public static InMemoryLinkPair loopback(int capacity, int mtu) {
    return new InMemoryLinkPair(capacity, mtu, true, true, LinkType.RAW_IP);
  }

  /**
   * A pair that carries Ethernet II frames (of up to {@code mtu} + 14 bytes), as two TAP devices
   * cabled together would: stacks on it run ARP ({@link io.jtcp.core.ip.ArpLink}).
   */
  public static InMemoryLinkPair ethernet(int capacity, int mtu) {
    return new InMemoryLinkPair(capacity, mtu, false, false, LinkType.ETHERNET);
  }

  private InMemoryLinkPair(
      int capacity, int mtu, boolean checksumOffload, boolean wholePackets, LinkType type) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1 frame; got " + capacity);
    }
    if (mtu < LinkParams.MIN_MTU || mtu > LinkParams.MAX_MTU) {
      throw new IllegalArgumentException(
          "mtu must be in ["
              + LinkParams.MIN_MTU
              + ", "
              + LinkParams.MAX_MTU
              + "] bytes; got "
              + mtu);
    }
    int frame = mtu + (type == LinkType.ETHERNET ? 14 : 0);
    int largest = wholePackets ? Math.max(frame, MAX_PACKET) : frame;
    long byteLimit = wholePackets ? (long) capacity * frame : 0;
    Ring aToB = new Ring(capacity, frame, byteLimit);
    Ring bToA = new Ring(capacity, frame, byteLimit);
    this.a = new Endpoint("a", mtu, largest, type, aToB, bToA, checksumOffload, wholePackets);
    this.b = new Endpoint("b", mtu, largest, type, bToA, aToB, checksumOffload, wholePackets);
  }

  /** One end: transmits to {@link #b()}, receives from it. */
  public Endpoint a() {
    return a;
  }

  /** The other end: transmits to {@link #a()}, receives from it. */
  public Endpoint b() {
    return b;
  }

  /** Closes both ends. */
  @Override
  public void close() {
    a.close();
    b.close();
  }

  /** A frame buffer and how much of it the frame fills. */
  private static final class Slot {
    MemorySegment segment;
    int length;

    Slot(int size) {
      segment = MemorySegment.ofArray(new byte[size]);
    }

    /** Grows the buffer to take {@code size} bytes; only the end holding the slot calls it. */
    MemorySegment room(int size) {
      if (segment.byteSize() < size) {
        segment = MemorySegment.ofArray(new byte[size]);
      }
      return segment;
    }
  }

  /**
   * One direction: buffers full of frames travel through {@code frames}, empty ones come back
   * through {@code free}. Each queue has one producer and one consumer thread.
   */
  private static final class Ring {
    final SpscVarHandleArrayQueue<Slot> frames;
    final SpscVarHandleArrayQueue<Slot> free;

    /** Wakes the receiving end's event loop; set by that end, called by the sending one. */
    volatile @Nullable Runnable wakeup;

    /**
     * Set by the sending end when it found no free buffer and is waiting for one; the receiving end
     * clears it and wakes the sender once it hands buffers back.
     */
    volatile boolean senderWaiting;

    /**
     * Bytes in the frames queued, kept only where frames may be large ({@link #loopback}): there a
     * ring of 256 frames could hold 16 MB, so it also stops taking frames once it holds as many
     * bytes as 256 MTU-sized frames would, as Linux's byte queue limits keep a NIC's ring to what
     * it completes in a moment rather than to its count of descriptors. With 16 connections, a ring
     * allowed 16 MB left each frame cold in the cache by the time it was read: 45 Gbit/s against 57
     * with the ring held to 1 MB (BENCHMARKS.md).
     */
    final AtomicLong queuedBytes = new AtomicLong();

    /** The bytes queued at which the ring says it is full; 0 for no such limit. */
    final long byteLimit;

    Ring(int capacity, int frameSize, long byteLimit) {
      this.byteLimit = byteLimit;
      // Both queues round up to a power of two; the number of buffers is the real bound.
      frames = new SpscVarHandleArrayQueue<>(capacity);
      free = new SpscVarHandleArrayQueue<>(capacity);
      for (int i = 0; i < capacity; i++) {
        free.offer(new Slot(frameSize));
      }
    }
  }

  /** One end of the pair. */
  public static final class Endpoint implements LinkDriver {
    private final String name;
    private final int mtu;
    private final int maxFrame;
    private final LinkType type;
    private final boolean checksumOffload;
    private final boolean wholePackets;

    private final Ring out;
    private final Ring in;
    private final AtomicLong transmitted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean closed;

    /** A buffer taken for a frame whose writer threw; reused before the free queue. */
    private @Nullable Slot spare;

    private Endpoint(
        String name,
        int mtu,
        int maxFrame,
        LinkType type,
        Ring out,
        Ring in,
        boolean checksumOffload,
        boolean wholePackets) {
      this.checksumOffload = checksumOffload;
      this.wholePackets = wholePackets;
      this.name = name;
      this.mtu = mtu;
      this.maxFrame = maxFrame;
      this.type = type;
      this.out = out;
      this.in = in;
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
    public boolean checksumOffload() {
      return checksumOffload;
    }

    /** 65,535 for a {@link #loopback} pair, else 0. */
    @Override
    public int segmentationOffload() {
      return wholePackets ? MAX_PACKET : 0;
    }

    /** Returns 0 after {@link #close()}. */
    @Override
    public int receive(FrameSink sink, int limit) {
      if (closed) {
        return 0;
      }
      int n = 0;
      Slot slot;
      while (n < limit && (slot = in.frames.poll()) != null) {
        try {
          sink.onFrame(slot.segment, 0, slot.length);
        } finally {
          if (in.byteLimit > 0) {
            in.queuedBytes.getAndAdd(-slot.length);
          }
          in.free.offer(slot); // cannot fail: the queue holds every buffer there is
          n++;
        }
      }
      // Only this thread writes the counter, so a plain read plus an ordered write suffices.
      received.setRelease(received.getPlain() + n);
      if (n > 0) {
        // Orders the buffers handed back before the flag's read; transmitReady orders its write
        // of the flag before its look at the free queue, so one of the two sees the other.
        VarHandle.fullFence();
        if (in.senderWaiting) {
          in.senderWaiting = false;
          Runnable w = out.wakeup; // the sending end's: it receives on the ring this end sends on
          if (w != null) {
            w.run();
          }
        }
      }
      return n;
    }

    /**
     * False when every buffer of this direction is in flight or, on a {@link #loopback} pair, when
     * the frames queued hold as many bytes as {@code capacity} MTU-sized frames; the receiving end
     * then wakes this end once it hands buffers back.
     */
    @Override
    public boolean transmitReady() {
      if (hasRoom()) {
        return true;
      }
      out.senderWaiting = true;
      VarHandle.fullFence();
      return hasRoom(); // a buffer came back between the two looks
    }

    /**
     * A free buffer, and bytes queued below the limit: the frame that crosses it is still taken, as
     * a byte queue limit does.
     */
    private boolean hasRoom() {
      return (spare != null || !out.free.isEmpty())
          && (out.byteLimit == 0 || out.queuedBytes.get() < out.byteLimit);
    }

    /**
     * @return false, counting a drop, when every buffer of this direction is in flight
     * @throws IllegalArgumentException if {@code length} is not in [1, mtu]
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public boolean transmit(int length, FrameWriter writer) {
      if (closed) {
        throw new IllegalStateException("end " + name + " of the in-memory link is closed");
      }
      if (length < 1 || length > maxFrame) {
        throw new IllegalArgumentException(
            "cannot transmit a frame of "
                + length
                + " bytes: the length must be in [1, "
                + maxFrame
                + "] ("
                + (wholePackets
                    ? "the largest IPv4 packet)"
                    : maxFrame > mtu ? "the MTU and the Ethernet header)" : "the MTU)"));
      }
      Slot slot = spare;
      spare = null;
      if (slot == null && (slot = out.free.poll()) == null) {
        dropped.setRelease(dropped.getPlain() + 1);
        return false;
      }
      try {
        writer.write(slot.room(length), 0, length);
      } catch (RuntimeException | Error e) {
        spare = slot; // the frame is abandoned, not the buffer (only the receiver frees buffers)
        throw e;
      }
      slot.length = length;
      if (out.byteLimit > 0) {
        out.queuedBytes.getAndAdd(length);
      }
      out.frames.offer(slot); // cannot fail: the queue holds every buffer there is
      transmitted.setRelease(transmitted.getPlain() + 1);
      Runnable w = out.wakeup;
      if (w != null) {
        w.run();
      }
      return true;
    }

    @Override
    public void setWakeup(Runnable wakeup) {
      in.wakeup = wakeup;
    }

    /** Frames this end has transmitted (and the other end will receive). */
    public long transmitted() {
      return transmitted.get();
    }

    /** Frames this end dropped because its outgoing ring was full. */
    public long dropped() {
      return dropped.get();
    }

    /** Frames this end has received. */
    public long received() {
      return received.get();
    }

    /** Frames waiting for this end to receive them; a snapshot when the other end is running. */
    public int pending() {
      return in.frames.size();
    }

    /** Idempotent; afterwards {@code receive} returns 0 and {@code transmit} throws. */
    @Override
    public void close() {
      closed = true;
    }

    @Override
    public String toString() {
      return "in-memory link end " + name;
    }
  }
}
