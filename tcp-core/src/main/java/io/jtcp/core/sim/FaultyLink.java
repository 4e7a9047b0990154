package io.jtcp.core.sim;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * A fault-injecting decorator for any {@link LinkDriver}: the in-memory links, TAP, TUN, libpcap.
 * It loses (randomly or in {@link GilbertElliott} bursts), duplicates, corrupts, truncates and
 * reorders frames on their way out ({@link Direction#TRANSMIT}), on their way in ({@link
 * Direction#RECEIVE}), or both, each direction with its own {@link Faults} and its own random
 * streams derived from one seed, and counts what it did per kind ({@link #counts}).
 *
 * <pre>{@code
 * LinkDriver link = FaultyLink.onTransmit(
 *     tap, FaultyLink.Faults.NONE.withLossRate(0.01).withDuplicateRate(0.001), 42);
 * }</pre>
 *
 * <h2>What it cannot do</h2>
 *
 * The driver SPI has no clock: a driver is called, it never calls back at a time of its choosing.
 * So delay, jitter and bandwidth, which need time to pass between a frame's arrival and its
 * departure, exist only in the simulator ({@link SimNetwork}, {@link LinkParams}); here they are
 * rejected ({@link Faults#from}). For the same reason reordering has no timeout: a held frame goes
 * after {@code depth} later frames of its direction, or when the link falls idle — when a {@link
 * #receive} call finds nothing more to take from the wrapped driver, which the event loop makes on
 * every turn — or at {@link #flush()}. So on a busy link frames arrive exactly {@code depth} places
 * late, and on a quiet one they move less or not at all; {@link Reordering#timeoutNanos()} is
 * ignored.
 *
 * <h2>Semantics, as in the simulator</h2>
 *
 * <ul>
 *   <li>Per frame, in order: random loss, burst loss, duplication (the copy follows the original),
 *       then for the original and the copy separately corruption, truncation and reordering.
 *   <li>A frame lost on transmit still counts as transmitted ({@code transmit} returns true), as a
 *       frame lost in the network does; {@code transmit} returns false only when the wrapped driver
 *       refuses the frame itself.
 *   <li>Corruption flips 1 to 15 bits within one 16-bit word of the IP packet, which its checksum
 *       always catches (see {@link LinkParams#corruptRate()}); on an Ethernet link the 14-byte
 *       header is left alone, since a real Ethernet would catch those flips by its FCS, which the
 *       stack never sees.
 *   <li>Truncation cuts a frame to a length from 1 byte to one less than its own.
 * </ul>
 *
 * <h2>Counts</h2>
 *
 * Per direction, in the simulator's vocabulary ({@link FrameFate}): {@code SENT} frames taken in
 * (from the engine on transmit, from the wrapped driver on receive), {@code DUPLICATED} copies
 * made, {@code DELIVERED} frames handed on (to the wrapped driver, or to the engine's sink), the
 * drops ({@code DROPPED_LOSS}, {@code DROPPED_BURST_LOSS}, {@code DROPPED_QUEUE_FULL} when the
 * wrapped driver refused a frame, {@code DROPPED_LINK_CLOSED} for frames still held at {@link
 * #close()}), and the annotations {@code CORRUPTED}, {@code TRUNCATED}, {@code REORDERED}. So
 * {@code SENT + DUPLICATED = DELIVERED + drops + }{@link #pending}.
 *
 * <h2>Cost and threads</h2>
 *
 * A direction with {@link Faults#NONE} passes frames straight through. An active direction copies
 * each frame once into a buffer of its own (the wrapped driver's buffer is only lent, and may be
 * read-only), and allocates only for copies and held frames. Like any driver it is used by the one
 * thread that drives the engine; {@link #counts} may be read from any thread.
 */
public final class FaultyLink implements LinkDriver {

  /** Which way a frame goes through the decorator. */
  public enum Direction {
    /** From the engine to the wrapped driver. */
    TRANSMIT,
    /** From the wrapped driver to the engine. */
    RECEIVE
  }

  /**
   * The faults for one direction of a {@link FaultyLink}: the subset of {@link LinkParams} that
   * needs no clock, with the same meaning.
   *
   * @param lossRate probability in [0, 1] that a frame is lost, independently of the others
   * @param burstLoss bursty loss after the random loss; {@link GilbertElliott#NONE} for none
   * @param duplicateRate probability in [0, 1] that a frame is duplicated
   * @param corruptRate probability in [0, 1] that a frame has bits flipped
   * @param truncateRate probability in [0, 1] that a frame is cut short
   * @param reordering which frames are held back and how far they fall behind; the timeout is
   *     ignored (see {@link FaultyLink})
   */
  public record Faults(
      double lossRate,
      GilbertElliott burstLoss,
      double duplicateRate,
      double corruptRate,
      double truncateRate,
      Reordering reordering) {

    /** No fault at all: frames pass straight through. */
    public static final Faults NONE = new Faults(0, GilbertElliott.NONE, 0, 0, 0, Reordering.NONE);

    /**
     * @throws IllegalArgumentException for a probability outside [0, 1]
     */
    public Faults {
      Probabilities.require(lossRate, "lossRate");
      Objects.requireNonNull(burstLoss, "burstLoss (GilbertElliott.NONE for none)");
      Probabilities.require(duplicateRate, "duplicateRate");
      Probabilities.require(corruptRate, "corruptRate");
      Probabilities.require(truncateRate, "truncateRate");
      Objects.requireNonNull(reordering, "reordering (Reordering.NONE for none)");
    }

    /**
     * The faults of a simulator link model, so one set of command-line flags can drive both. Loss,
     * burst loss, reordering, duplication, corruption and truncation carry over; the MTU, the queue
     * limit and the seed do not (the wrapped driver has its own MTU, and the decorator its own
     * seed).
     *
     * @throws IllegalArgumentException if {@code params} has a delay, jitter or bandwidth limit,
     *     which need virtual time and exist only in the simulator
     */
    public static Faults from(LinkParams params) {
      if (params.delayNanos() > 0 || params.jitterNanos() > 0 || !params.unlimitedBandwidth()) {
        throw new IllegalArgumentException(
            "delay, jitter and bandwidth need a clock, which a link driver does not have; they"
                + " exist only in the simulator (got delayNanos="
                + params.delayNanos()
                + ", jitterNanos="
                + params.jitterNanos()
                + ", bandwidthBitsPerSecond="
                + params.bandwidthBitsPerSecond()
                + ")");
      }
      return new Faults(
          params.lossRate(),
          params.burstLoss(),
          params.duplicateRate(),
          params.corruptRate(),
          params.truncateRate(),
          params.reordering());
    }

    public Faults withLossRate(double rate) {
      return new Faults(rate, burstLoss, duplicateRate, corruptRate, truncateRate, reordering);
    }

    public Faults withBurstLoss(GilbertElliott model) {
      return new Faults(lossRate, model, duplicateRate, corruptRate, truncateRate, reordering);
    }

    /** {@link #withBurstLoss(GilbertElliott) withBurstLoss(GilbertElliott.ofBurstLoss(...))}. */
    public Faults withBurstLoss(double lossRate, double meanBurstLength) {
      return withBurstLoss(GilbertElliott.ofBurstLoss(lossRate, meanBurstLength));
    }

    public Faults withDuplicateRate(double rate) {
      return new Faults(lossRate, burstLoss, rate, corruptRate, truncateRate, reordering);
    }

    public Faults withCorruptRate(double rate) {
      return new Faults(lossRate, burstLoss, duplicateRate, rate, truncateRate, reordering);
    }

    public Faults withTruncateRate(double rate) {
      return new Faults(lossRate, burstLoss, duplicateRate, corruptRate, rate, reordering);
    }

    public Faults withReordering(Reordering model) {
      return new Faults(lossRate, burstLoss, duplicateRate, corruptRate, truncateRate, model);
    }

    public Faults withReordering(double rate, int depth) {
      return withReordering(Reordering.of(rate, depth));
    }

    /** Whether any frame can be touched. */
    public boolean isActive() {
      return lossRate > 0
          || burstLoss.isActive()
          || duplicateRate > 0
          || corruptRate > 0
          || truncateRate > 0
          || reordering.isActive();
    }
  }

  private static final int ETHERNET_HEADER_LENGTH = 14;
  private static final FrameFate[] FATES = FrameFate.values();

  private final LinkDriver inner;
  private final long seed;
  private final Path tx;
  private final Path rx;
  private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
  private final FrameSink fromInner = this::onInnerFrame;
  private final FrameWriter fromTxBuffer;

  private byte[] txBuffer;
  private MemorySegment txSegment;
  private byte[] rxBuffer;
  private MemorySegment rxSegment;

  /** The engine's sink and its room, during a {@link #receive} call; null outside one. */
  private @Nullable FrameSink sink;

  private int limit;
  private int delivered;
  private boolean closed;

  /**
   * @param inner the driver to wrap; closing this link closes it
   * @param transmit the faults for frames the engine transmits
   * @param receive the faults for frames the engine receives
   * @param seed seeds every random stream, one per direction and kind of fault, so that the same
   *     seed and the same frames give the same faults
   */
  public FaultyLink(LinkDriver inner, Faults transmit, Faults receive, long seed) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.seed = seed;
    this.tx = new Path(Direction.TRANSMIT, Objects.requireNonNull(transmit, "transmit"), seed);
    this.rx = new Path(Direction.RECEIVE, Objects.requireNonNull(receive, "receive"), seed);
    int size = inner.mtu() + (inner.linkType() == LinkType.ETHERNET ? ETHERNET_HEADER_LENGTH : 0);
    this.txBuffer = new byte[Math.max(size, 1)];
    this.txSegment = MemorySegment.ofArray(txBuffer);
    this.rxBuffer = new byte[Math.max(size, 1)];
    this.rxSegment = MemorySegment.ofArray(rxBuffer);
    this.fromTxBuffer = (seg, off, len) -> MemorySegment.copy(txSegment, 0, seg, off, len);
  }

  /** Faults on transmitted frames only. */
  public static FaultyLink onTransmit(LinkDriver inner, Faults faults, long seed) {
    return new FaultyLink(inner, faults, Faults.NONE, seed);
  }

  /** Faults on received frames only. */
  public static FaultyLink onReceive(LinkDriver inner, Faults faults, long seed) {
    return new FaultyLink(inner, Faults.NONE, faults, seed);
  }

  /** The same faults both ways (each direction with its own random streams). */
  public static FaultyLink bothWays(LinkDriver inner, Faults faults, long seed) {
    return new FaultyLink(inner, faults, faults, seed);
  }

  /** The wrapped driver. */
  public LinkDriver inner() {
    return inner;
  }

  public long seed() {
    return seed;
  }

  public Faults faults(Direction direction) {
    return path(direction).faults;
  }

  /**
   * What the decorator did in one direction, as a snapshot (see the class comment for the meaning
   * of each fate). Safe from any thread; counts of one snapshot may be a frame apart when the link
   * is running.
   */
  public FrameCounts counts(Direction direction) {
    return path(direction).snapshot();
  }

  /**
   * Frames taken in this direction and not yet handed on: held back for reordering, or (on receive)
   * waiting for a {@code receive} call with room for them. Read it from the driving thread.
   */
  public int pending(Direction direction) {
    return path(direction).held.size() + (direction == Direction.RECEIVE ? ready.size() : 0);
  }

  @Override
  public LinkType linkType() {
    return inner.linkType();
  }

  @Override
  public int mtu() {
    return inner.mtu();
  }

  /**
   * Hands over frames the wrapped driver received, after the receive faults: first the ones left
   * from earlier calls, then new ones, taking from the wrapped driver until {@code limit} frames
   * are handed over or it has nothing more. When it has nothing more the link is idle, and every
   * frame held back for reordering, in either direction, goes.
   */
  @Override
  public int receive(FrameSink sink, int limit) {
    Objects.requireNonNull(sink, "sink");
    if (closed || limit <= 0) {
      return 0;
    }
    this.sink = sink;
    this.limit = limit;
    this.delivered = 0;
    try {
      byte[] frame;
      while (delivered < limit && (frame = ready.pollFirst()) != null) {
        handOver(MemorySegment.ofArray(frame), frame.length);
      }
      boolean idle = false;
      while (ready.isEmpty() && delivered < limit && !idle) {
        idle = inner.receive(fromInner, limit - delivered) == 0;
      }
      if (idle) {
        releaseAll(rx);
        releaseAll(tx);
      }
      return delivered;
    } finally {
      this.sink = null;
    }
  }

  /**
   * Transmits through the transmit faults: the frame may be lost (true is returned all the same),
   * duplicated, corrupted, cut or held back.
   *
   * @return false when the wrapped driver refused the frame (a copy or a held frame it refuses
   *     later is counted as {@link FrameFate#DROPPED_QUEUE_FULL} only)
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public boolean transmit(int length, FrameWriter writer) {
    if (closed) {
      throw new IllegalStateException("the fault-injecting link over " + inner + " is closed");
    }
    Objects.requireNonNull(writer, "writer");
    if (!tx.active) {
      tx.count(FrameFate.SENT, length);
      boolean ok = inner.transmit(length, writer);
      tx.count(ok ? FrameFate.DELIVERED : FrameFate.DROPPED_QUEUE_FULL, length);
      return ok;
    }
    if (length < 1) {
      throw new IllegalArgumentException("cannot transmit a frame of " + length + " bytes");
    }
    if (length > txBuffer.length) {
      txBuffer = new byte[length]; // the wrapped driver will judge the length
      txSegment = MemorySegment.ofArray(txBuffer);
    }
    Arrays.fill(txBuffer, 0, length, (byte) 0);
    writer.write(txSegment, 0, length);
    tx.count(FrameFate.SENT, length);
    if (tx.lost(length)) {
      return true;
    }
    byte[] copy = null;
    if (tx.duplicate()) {
      copy = Arrays.copyOf(txBuffer, length);
      tx.count(FrameFate.DUPLICATED, length);
    }
    boolean ok = transmitOne(txBuffer, length, true);
    if (copy != null) {
      transmitOne(copy, length, false);
    }
    return ok;
  }

  /**
   * As {@link #transmit(int, FrameWriter)}; a frame passed straight through keeps its destination
   * for the wrapped driver (an {@link io.jtcp.core.ip.ArpLink} resolves it without a copy), and a
   * frame this decorator copies is handed on without it (such a driver then reads it from the
   * packet).
   */
  @Override
  public boolean transmit(int destination, int length, FrameWriter writer) {
    if (closed || tx.active) {
      return transmit(length, writer);
    }
    Objects.requireNonNull(writer, "writer");
    tx.count(FrameFate.SENT, length);
    boolean ok = inner.transmit(destination, length, writer);
    tx.count(ok ? FrameFate.DELIVERED : FrameFate.DROPPED_QUEUE_FULL, length);
    return ok;
  }

  /**
   * Lets every frame held back for reordering go now, in both directions: transmitted ones to the
   * wrapped driver, received ones to the next {@link #receive} call.
   */
  public void flush() {
    releaseAll(tx);
    releaseAll(rx);
  }

  /** The wrapped driver's answer: frames this decorator holds back do not count against it. */
  @Override
  public boolean transmitReady() {
    return inner.transmitReady();
  }

  @Override
  public void setWakeup(Runnable wakeup) {
    inner.setWakeup(wakeup);
  }

  /** The wrapped link's answer, unless this decorator corrupts frames (then the engine checks). */
  @Override
  public boolean checksumOffload() {
    return inner.checksumOffload() && tx.faults.corruptRate() == 0 && rx.faults.corruptRate() == 0;
  }

  @Override
  public void flushTransmit() {
    inner.flushTransmit();
  }

  @Override
  public void wake() {
    inner.wake();
  }

  /**
   * Returns at once when received frames are waiting here; otherwise waits on the wrapped driver.
   */
  @Override
  public void await(long timeoutNanos) {
    if (!ready.isEmpty() || !rx.held.isEmpty()) {
      return;
    }
    inner.await(timeoutNanos);
  }

  /**
   * Drops the frames still held or waiting (counted as {@link FrameFate#DROPPED_LINK_CLOSED}) and
   * closes the wrapped driver. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Path p : new Path[] {tx, rx}) {
      for (Held h : p.held) {
        p.count(FrameFate.DROPPED_LINK_CLOSED, h.bytes.length);
      }
      p.held.clear();
    }
    for (byte[] frame : ready) {
      rx.count(FrameFate.DROPPED_LINK_CLOSED, frame.length);
    }
    ready.clear();
    inner.close();
  }

  @Override
  public String toString() {
    return "faulty " + inner + " (transmit " + tx.faults + ", receive " + rx.faults + ")";
  }

  // ---- transmit ----

  /** Corrupts, cuts and perhaps holds one frame (ours to change), else sends it on. */
  private boolean transmitOne(byte[] frame, int length, boolean original) {
    int len = tx.mangle(frame, length, linkType());
    if (tx.hold()) {
      tx.held.addLast(new Held(Arrays.copyOf(frame, len), tx.faults.reordering().depth()));
      return true;
    }
    boolean ok = send(frame, len);
    for (Held h : tx.passed()) {
      send(h.bytes, h.bytes.length);
    }
    return ok || !original;
  }

  private boolean send(byte[] frame, int length) {
    boolean ok =
        frame == txBuffer
            ? inner.transmit(length, fromTxBuffer)
            : inner.transmit(
                length,
                (seg, off, len) ->
                    MemorySegment.copy(frame, 0, seg, ValueLayout.JAVA_BYTE, off, len));
    tx.count(ok ? FrameFate.DELIVERED : FrameFate.DROPPED_QUEUE_FULL, length);
    return ok;
  }

  // ---- receive ----

  private void onInnerFrame(MemorySegment segment, long offset, int length) {
    rx.count(FrameFate.SENT, length);
    if (!rx.active) {
      deliver(segment, offset, length);
      return;
    }
    if (rx.lost(length)) {
      return;
    }
    if (length > rxBuffer.length) {
      rxBuffer = new byte[length];
      rxSegment = MemorySegment.ofArray(rxBuffer);
    }
    MemorySegment.copy(segment, offset, rxSegment, 0, length);
    byte[] copy = null;
    if (rx.duplicate()) {
      copy = Arrays.copyOf(rxBuffer, length);
      rx.count(FrameFate.DUPLICATED, length);
    }
    receiveOne(rxBuffer, length);
    if (copy != null) {
      receiveOne(copy, length);
    }
  }

  private void receiveOne(byte[] frame, int length) {
    int len = rx.mangle(frame, length, linkType());
    if (rx.hold()) {
      rx.held.addLast(new Held(Arrays.copyOf(frame, len), rx.faults.reordering().depth()));
      return;
    }
    deliver(frame == rxBuffer ? rxSegment : MemorySegment.ofArray(frame), 0, len);
    for (Held h : rx.passed()) {
      deliver(MemorySegment.ofArray(h.bytes), 0, h.bytes.length);
    }
  }

  /** Hands a frame to the engine now if there is room and nothing older waits, else keeps it. */
  private void deliver(MemorySegment frame, long offset, int length) {
    if (sink != null && ready.isEmpty() && delivered < limit) {
      handOver(frame, length, offset);
    } else {
      ready.addLast(frame.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
    }
  }

  private void handOver(MemorySegment frame, int length) {
    handOver(frame, length, 0);
  }

  private void handOver(MemorySegment frame, int length, long offset) {
    delivered++;
    rx.count(FrameFate.DELIVERED, length);
    Objects.requireNonNull(sink).onFrame(frame, offset, length);
  }

  private void releaseAll(Path p) {
    Held h;
    while ((h = p.held.pollFirst()) != null) {
      p.released(h);
      if (p == tx) {
        send(h.bytes, h.bytes.length);
      } else {
        deliver(MemorySegment.ofArray(h.bytes), 0, h.bytes.length);
      }
    }
  }

  private Path path(Direction direction) {
    return direction == Direction.TRANSMIT ? tx : rx;
  }

  // ---- the faults of one direction ----

  /** A frame held back for reordering. */
  private static final class Held {
    final byte[] bytes;
    int remaining;
    int overtaken;

    Held(byte[] bytes, int depth) {
      this.bytes = bytes;
      this.remaining = depth;
    }
  }

  private static final class Path {
    final Faults faults;
    final boolean active;
    final SplittableRandom loss;
    final SplittableRandom burst;
    final SplittableRandom duplicate;
    final SplittableRandom corrupt;
    final SplittableRandom truncate;
    final SplittableRandom reorder;
    final Impairments.GilbertElliottChain chain;
    final ArrayDeque<Held> held = new ArrayDeque<>();
    final ArrayDeque<Held> due = new ArrayDeque<>();
    final AtomicLongArray frames = new AtomicLongArray(FATES.length);
    final AtomicLongArray bytes = new AtomicLongArray(FATES.length);

    Path(Direction direction, Faults faults, long seed) {
      this.faults = faults;
      this.active = faults.isActive();
      String d = direction.name().toLowerCase(Locale.ROOT) + '/';
      this.loss = random(seed, d + "loss");
      this.burst = random(seed, d + "burst-loss");
      this.duplicate = random(seed, d + "duplicate");
      this.corrupt = random(seed, d + "corrupt");
      this.truncate = random(seed, d + "truncate");
      this.reorder = random(seed, d + "reorder");
      this.chain = new Impairments.GilbertElliottChain(faults.burstLoss());
    }

    private static SplittableRandom random(long seed, String label) {
      return new SplittableRandom(SimSeeds.derive(seed, label));
    }

    /** Only the driving thread writes, so a plain read and an ordered write suffice. */
    void count(FrameFate fate, int length) {
      int i = fate.ordinal();
      frames.setRelease(i, frames.getPlain(i) + 1);
      bytes.setRelease(i, bytes.getPlain(i) + length);
    }

    FrameCounts snapshot() {
      Map<FrameFate, Long> f = new EnumMap<>(FrameFate.class);
      Map<FrameFate, Long> b = new EnumMap<>(FrameFate.class);
      for (FrameFate fate : FATES) {
        f.put(fate, frames.get(fate.ordinal()));
        b.put(fate, bytes.get(fate.ordinal()));
      }
      return new FrameCounts(f, b);
    }

    boolean lost(int length) {
      if (faults.lossRate() > 0 && loss.nextDouble() < faults.lossRate()) {
        count(FrameFate.DROPPED_LOSS, length);
        return true;
      }
      if (faults.burstLoss().isActive() && chain.lose(burst)) {
        count(FrameFate.DROPPED_BURST_LOSS, length);
        return true;
      }
      return false;
    }

    boolean duplicate() {
      return faults.duplicateRate() > 0 && duplicate.nextDouble() < faults.duplicateRate();
    }

    /** Corrupts and cuts {@code frame} in place as drawn; returns its new length. */
    int mangle(byte[] frame, int length, LinkType type) {
      if (faults.corruptRate() > 0 && corrupt.nextDouble() < faults.corruptRate()) {
        int from =
            type == LinkType.ETHERNET && length > ETHERNET_HEADER_LENGTH
                ? ETHERNET_HEADER_LENGTH
                : 0;
        Impairments.corrupt(frame, from, length - from, corrupt);
        count(FrameFate.CORRUPTED, length);
      }
      if (faults.truncateRate() > 0
          && truncate.nextDouble() < faults.truncateRate()
          && length > 1) {
        length = Impairments.truncatedLength(length, truncate);
        count(FrameFate.TRUNCATED, length);
      }
      return length;
    }

    boolean hold() {
      return faults.reordering().isActive() && reorder.nextDouble() < faults.reordering().rate();
    }

    /**
     * A frame passed the reordering point: counts down every held frame and returns the ones now
     * due, oldest first, marked as reordered.
     */
    ArrayDeque<Held> passed() {
      due.clear();
      for (Held h : held) {
        h.remaining--;
        h.overtaken++;
      }
      Held h;
      while ((h = held.peekFirst()) != null && h.remaining == 0) {
        held.removeFirst();
        released(h);
        due.addLast(h);
      }
      return due;
    }

    void released(Held h) {
      if (h.overtaken > 0) {
        count(FrameFate.REORDERED, h.bytes.length);
      }
    }
  }
}
