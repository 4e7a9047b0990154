package io.jtcp.io.pcap;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A capture decorator for any {@link LinkDriver}: every frame the engine transmits and every frame
 * it receives goes into a pcap file, stamped with the engine's clock (virtual time in the
 * simulator, so a capture of a simulated run shows simulated time). Ethernet links are captured as
 * link type 1, bare-IPv4 links as 228 (LINKTYPE_IPV4).
 *
 * <p>On a link with {@linkplain LinkDriver#checksumOffload() checksum offload} the engine leaves
 * the TCP checksum of what it sends to the device; the capture fills it in first, as the wire would
 * carry it, so that the file reads cleanly with checksum validation on.
 *
 * <p>A write error never reaches the event loop: the capture stops, the link goes on, and {@link
 * #error()} tells what happened. Frames are copied into the file's buffer as they pass, with no
 * allocation per frame.
 */
public final class CaptureLink implements LinkDriver {
  private final LinkDriver inner;
  private final PcapWriter pcap;
  private final LongSupplier clock;
  private final Tap tap = new Tap();
  private final Capturing capturing = new Capturing();
  private final boolean fillChecksums;
  private @Nullable IOException error;
  private long frames;

  /**
   * @param clock the engine's time in nanoseconds since the Unix epoch, or any origin the reader
   *     should see (the simulator's virtual time starts at 0, 1970-01-01 in the file)
   */
  public CaptureLink(LinkDriver inner, PcapWriter pcap, LongSupplier clock) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.pcap = Objects.requireNonNull(pcap, "pcap");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fillChecksums = inner.checksumOffload();
  }

  /** Captures {@code inner} into a new nanosecond-resolution file at {@code file}. */
  public static CaptureLink toFile(LinkDriver inner, Path file, LongSupplier clock)
      throws IOException {
    return new CaptureLink(
        inner, PcapWriter.open(file, TimestampResolution.NANOSECONDS, linkTypeOf(inner)), clock);
  }

  /** The pcap link type for frames of {@code link}. */
  public static int linkTypeOf(LinkDriver link) {
    return link.linkType() == LinkType.ETHERNET
        ? io.jtcp.io.pcap.LinkType.ETHERNET
        : io.jtcp.io.pcap.LinkType.IPV4;
  }

  /** Frames captured so far, both directions. */
  public long frames() {
    return frames;
  }

  /** Why the capture stopped, or null while it runs. */
  public @Nullable IOException error() {
    return error;
  }

  private void capture(MemorySegment buf, long off, int len) {
    if (error != null) {
      return;
    }
    try {
      pcap.write(clock.getAsLong(), buf, off, len);
      frames++;
    } catch (IOException e) {
      error = e;
    } catch (IllegalArgumentException e) {
      error = new IOException("frame not captured: " + e.getMessage(), e);
    }
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
  public int receive(FrameSink sink, int limit) {
    tap.sink = sink;
    try {
      return inner.receive(tap, limit);
    } finally {
      tap.sink = null;
    }
  }

  @Override
  public boolean transmit(int length, FrameWriter writer) {
    capturing.writer = writer;
    try {
      return inner.transmit(length, capturing);
    } finally {
      capturing.writer = null;
    }
  }

  @Override
  public boolean transmit(int destination, int length, FrameWriter writer) {
    capturing.writer = writer;
    try {
      return inner.transmit(destination, length, capturing);
    } finally {
      capturing.writer = null;
    }
  }

  @Override
  public boolean transmitReady() {
    return inner.transmitReady();
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
  public void flushTransmit() {
    inner.flushTransmit();
  }

  @Override
  public void wake() {
    inner.wake();
  }

  /** Closes the wrapped link, then the file. */
  @Override
  public void close() {
    try {
      inner.close();
    } finally {
      try {
        pcap.close();
      } catch (IOException e) {
        if (error == null) {
          error = e;
        }
        throw new UncheckedIOException("closing the capture failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "capture of " + inner;
  }

  /** Hands received frames up after copying them into the file. */
  private final class Tap implements FrameSink {
    @Nullable FrameSink sink;

    @Override
    public void onFrame(MemorySegment buffer, long offset, int length) {
      capture(buffer, offset, length);
      FrameSink s = sink;
      if (s != null) {
        s.onFrame(buffer, offset, length);
      }
    }
  }

  /** Lets the engine fill the frame, then copies it into the file. */
  private final class Capturing implements FrameWriter {
    @Nullable FrameWriter writer;

    @Override
    public void write(MemorySegment buffer, long offset, int length) {
      FrameWriter w = Objects.requireNonNull(writer, "writer");
      w.write(buffer, offset, length);
      if (fillChecksums) {
        TcpChecksums.fill(buffer, offset, length, inner.linkType() == LinkType.ETHERNET ? 14 : 0);
      }
      capture(buffer, offset, length);
    }
  }
}
