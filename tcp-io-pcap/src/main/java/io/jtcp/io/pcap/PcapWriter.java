package io.jtcp.io.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a classic pcap capture file (draft-ietf-opsawg-pcap; pcap-savefile(5)), little-endian,
 * version 2.4.
 *
 * <p>Timestamps are arguments in nanoseconds since the Unix epoch, so a simulation can record its
 * virtual time; the writer never reads a clock. With {@link TimestampResolution#MICROSECONDS} the
 * sub-microsecond part is dropped. Frames longer than the snap length are cut to it and keep their
 * original length in {@code orig_len}.
 *
 * <pre>{@code
 * try (PcapWriter w = PcapWriter.open(path, TimestampResolution.NANOSECONDS, LinkType.ETHERNET)) {
 *   w.write(nowNanos, frame, 0, frame.byteSize());
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Output is buffered; {@link #flush()} or {@link #close()} pushes it out.
 */
public final class PcapWriter implements AutoCloseable {
  /** The snap length used when none is given: libpcap's own default and this package's maximum. */
  public static final int DEFAULT_SNAP_LENGTH = PcapReader.MAX_RECORD_LENGTH;

  private static final int GLOBAL_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long MAX_SECONDS = 0xffff_ffffL;

  private final OutputStream out;
  private final TimestampResolution resolution;
  private final int linkType;
  private final int snapLength;
  private final byte[] header = new byte[RECORD_HEADER];
  private byte[] scratch = new byte[0];
  private boolean closed;

  /**
   * Writes the global header to {@code out} at once (buffered). The writer owns {@code out} and
   * closes it.
   *
   * @param snapLength the most bytes kept per frame, 1 to {@value PcapReader#MAX_RECORD_LENGTH}
   * @param linkType a {@link LinkType} value (or another {@code LINKTYPE_}), 0 to 65535
   * @throws IllegalArgumentException if the snap length or link type is out of range
   */
  public PcapWriter(OutputStream out, TimestampResolution resolution, int linkType, int snapLength)
      throws IOException {
    Objects.requireNonNull(out, "out");
    this.resolution = Objects.requireNonNull(resolution, "resolution");
    if (snapLength < 1 || snapLength > PcapReader.MAX_RECORD_LENGTH) {
      throw new IllegalArgumentException(
          "snap length must be 1 to " + PcapReader.MAX_RECORD_LENGTH + ": " + snapLength);
    }
    // Only the low 16 bits are the link type; the upper ones carry FCS information
    // (draft-ietf-opsawg-pcap, "LinkType and additional information"), which we never set.
    if (linkType < 0 || linkType > 0xffff) {
      throw new IllegalArgumentException("link type must be 0 to 65535: " + linkType);
    }
    this.linkType = linkType;
    this.snapLength = snapLength;
    this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
    byte[] g = new byte[GLOBAL_HEADER];
    putInt(g, 0, resolution.magic());
    putShort(g, 4, 2); // version 2.4, unchanged since libpcap 0.4
    putShort(g, 6, 4);
    // thiszone and sigfigs (bytes 8..15) stay 0: the draft calls them Reserved1 and Reserved2.
    putInt(g, 16, snapLength);
    putInt(g, 20, linkType);
    this.out.write(g);
  }

  /** A writer with the {@linkplain #DEFAULT_SNAP_LENGTH default snap length}. */
  public PcapWriter(OutputStream out, TimestampResolution resolution, int linkType)
      throws IOException {
    this(out, resolution, linkType, DEFAULT_SNAP_LENGTH);
  }

  /** Creates (or truncates) {@code file} and writes the global header to it. */
  public static PcapWriter open(
      Path file, TimestampResolution resolution, int linkType, int snapLength) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    try {
      return new PcapWriter(out, resolution, linkType, snapLength);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** {@link #open(Path, TimestampResolution, int, int)} with the default snap length. */
  public static PcapWriter open(Path file, TimestampResolution resolution, int linkType)
      throws IOException {
    return open(file, resolution, linkType, DEFAULT_SNAP_LENGTH);
  }

  /** The resolution of the timestamps written. */
  public TimestampResolution resolution() {
    return resolution;
  }

  /** The link type in the global header. */
  public int linkType() {
    return linkType;
  }

  /** The most bytes kept per frame. */
  public int snapLength() {
    return snapLength;
  }

  /**
   * Writes one frame from {@code data[offset, offset + length)}.
   *
   * @param timestampNanos nanoseconds since the Unix epoch; 0 to just under 2^32 seconds
   */
  public void write(long timestampNanos, byte[] data, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, data.length);
    int kept = header(timestampNanos, length);
    out.write(data, offset, kept);
  }

  /** Writes all of {@code frame} as one frame. */
  public void write(long timestampNanos, byte[] frame) throws IOException {
    write(timestampNanos, frame, 0, frame.length);
  }

  /**
   * Writes one frame from {@code segment[offset, offset + length)} (the engine's frames live in
   * segments). The segment may be on or off the heap.
   */
  public void write(long timestampNanos, MemorySegment segment, long offset, long length)
      throws IOException {
    Objects.checkFromIndexSize(offset, length, segment.byteSize());
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("frame longer than orig_len can say: " + length);
    }
    int kept = header(timestampNanos, (int) length);
    if (scratch.length < kept) {
      scratch = new byte[Math.max(kept, Math.min(snapLength, 2 * scratch.length))];
    }
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, scratch, 0, kept);
    out.write(scratch, 0, kept);
  }

  /** Writes the record header and returns how many bytes of the frame to write after it. */
  private int header(long timestampNanos, int length) throws IOException {
    if (closed) {
      throw new IOException("pcap writer is closed");
    }
    long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
    if (timestampNanos < 0 || seconds > MAX_SECONDS) {
      // ts_sec is an unsigned 32-bit count of seconds since 1970 (pcap-savefile(5)).
      throw new IllegalArgumentException("timestamp outside 1970 to 2106: " + timestampNanos);
    }
    long fraction = (timestampNanos % NANOS_PER_SECOND) / resolution.nanosPerUnit();
    int kept = Math.min(length, snapLength);
    putInt(header, 0, (int) seconds);
    putInt(header, 4, (int) fraction);
    putInt(header, 8, kept);
    putInt(header, 12, length);
    out.write(header);
    return kept;
  }

  /** Pushes buffered records to the underlying stream. */
  public void flush() throws IOException {
    if (!closed) {
      out.flush();
    }
  }

  /** Flushes and closes the underlying stream; later calls do nothing. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static void putShort(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }
}
