package io.jtcp.io.pcap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a classic pcap capture file (draft-ietf-opsawg-pcap; pcap-savefile(5)) in either byte order
 * and either timestamp resolution.
 *
 * <pre>{@code
 * try (PcapReader r = PcapReader.open(path)) {
 *   for (PcapRecord rec; (rec = r.next()) != null; ) {
 *     int ip = LinkType.ipv4Offset(r.linkType(), rec);
 *   }
 * }
 * }</pre>
 *
 * <p>Problems in the file throw {@link PcapFormatException} with the byte offset: a file cut inside
 * a header or a record, an unknown magic number, a pcapng file, a major version other than 2, or a
 * record whose {@code incl_len} exceeds the snap length, {@value #MAX_RECORD_LENGTH} bytes, or its
 * own {@code orig_len}. The reader never asks the stream for bytes beyond the record it is reading.
 * Not thread-safe.
 */
public final class PcapReader implements AutoCloseable {
  /**
   * The largest {@code incl_len} accepted: 256 KiB, libpcap's MAXIMUM_SNAPLEN, so a corrupt length
   * cannot make the reader allocate gigabytes.
   */
  public static final int MAX_RECORD_LENGTH = 256 * 1024;

  private static final int GLOBAL_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int PCAPNG_SHB = 0x0a0d0d0a;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final InputStream in;
  private final String source;
  private final ByteOrder order;
  private final TimestampResolution resolution;
  private final int versionMajor;
  private final int versionMinor;
  private final int snapLength;
  private final int linkType;
  private final int linkTypeInfo;
  private final byte[] header = new byte[RECORD_HEADER];
  private long position;

  /**
   * Reads the global header from {@code in}; the reader owns {@code in} and closes it.
   *
   * @param source a name for {@code in} used in messages, such as the file name
   * @throws PcapFormatException if the header is short, has an unknown magic, or is pcapng
   */
  public PcapReader(InputStream in, String source) throws IOException {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    this.source = Objects.requireNonNull(source, "source");
    byte[] g = new byte[GLOBAL_HEADER];
    int got = readFully(g, 0, GLOBAL_HEADER);
    if (got >= 4 && getInt(g, 0, ByteOrder.BIG_ENDIAN) == PCAPNG_SHB) {
      // A pcapng file starts with a Section Header Block whose type is this byte palindrome
      // (draft-ietf-opsawg-pcapng, "Section Header Block").
      throw new PcapFormatException(
          0,
          source
              + " is a pcapng file, not a classic pcap file; convert it with"
              + " `editcap -F pcap IN OUT`");
    }
    if (got < GLOBAL_HEADER) {
      throw new PcapFormatException(
          got, source + " ends inside the 24-byte pcap global header (" + got + " bytes)");
    }
    // The writer stores the magic in its own byte order, so reading it either way tells us both
    // the order of every later field and the timestamp resolution (pcap-savefile(5)).
    ByteOrder found = null;
    TimestampResolution res = null;
    for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      for (TimestampResolution r : TimestampResolution.values()) {
        if (getInt(g, 0, o) == r.magic()) {
          found = o;
          res = r;
        }
      }
    }
    if (found == null) {
      throw new PcapFormatException(
          0,
          String.format(
              "%s is not a pcap file: magic number 0x%08x is neither 0xa1b2c3d4 nor 0xa1b23c4d in"
                  + " either byte order",
              source, getInt(g, 0, ByteOrder.BIG_ENDIAN)));
    }
    this.order = found;
    this.resolution = res;
    this.versionMajor = getShort(g, 4);
    this.versionMinor = getShort(g, 6);
    if (versionMajor != 2) {
      throw new PcapFormatException(
          4, source + " has pcap version " + versionMajor + "." + versionMinor + ", not 2.x");
    }
    long snap = getInt(g, 16, order) & 0xffff_ffffL;
    if (snap == 0 || snap > Integer.MAX_VALUE) {
      throw new PcapFormatException(16, source + " has an invalid snap length " + snap);
    }
    this.snapLength = (int) snap;
    int network = getInt(g, 20, order);
    // Only the low 16 bits are the link type; the rest is FCS information
    // (draft-ietf-opsawg-pcap, "LinkType and additional information").
    this.linkType = network & 0xffff;
    this.linkTypeInfo = network >>> 16;
    this.position = GLOBAL_HEADER;
  }

  /** A reader over {@code in}, named "input" in messages. */
  public PcapReader(InputStream in) throws IOException {
    this(in, "input");
  }

  /** Opens {@code file} and reads its global header. */
  public static PcapReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return new PcapReader(in, file.toString());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The byte order the file was written in. */
  public ByteOrder byteOrder() {
    return order;
  }

  /** The timestamp resolution announced by the magic number. */
  public TimestampResolution resolution() {
    return resolution;
  }

  /** The major version (always 2). */
  public int versionMajor() {
    return versionMajor;
  }

  /** The minor version (4 for any file written since 1998). */
  public int versionMinor() {
    return versionMinor;
  }

  /** The snap length from the global header. */
  public int snapLength() {
    return snapLength;
  }

  /** The link type: the low 16 bits of the header's link-type field (see {@link LinkType}). */
  public int linkType() {
    return linkType;
  }

  /** The upper 16 bits of the link-type field (FCS length and flag); usually 0. */
  public int linkTypeInfo() {
    return linkTypeInfo;
  }

  /** Bytes consumed so far: where the next record header starts. */
  public long position() {
    return position;
  }

  /**
   * Reads the next record, or returns {@code null} at the end of the file.
   *
   * @throws PcapFormatException if the file ends inside a record or a record is corrupt
   */
  public PcapRecord next() throws IOException {
    long start = position;
    int got = readFully(header, 0, RECORD_HEADER);
    if (got == 0) {
      return null;
    }
    position += got;
    if (got < RECORD_HEADER) {
      throw new PcapFormatException(
          start,
          source
              + " ends inside a 16-byte record header ("
              + got
              + " bytes left after the last record)");
    }
    long seconds = getInt(header, 0, order) & 0xffff_ffffL;
    long fraction = getInt(header, 4, order) & 0xffff_ffffL;
    long included = getInt(header, 8, order) & 0xffff_ffffL;
    long original = getInt(header, 12, order) & 0xffff_ffffL;
    if (included > snapLength || included > MAX_RECORD_LENGTH) {
      throw new PcapFormatException(
          start + 8,
          String.format(
              "record incl_len %d is above the snap length %d or the %d-byte limit; the file is"
                  + " corrupt",
              included, snapLength, MAX_RECORD_LENGTH));
    }
    if (original < included || original > Integer.MAX_VALUE) {
      throw new PcapFormatException(
          start + 12,
          "record orig_len " + original + " is below its incl_len " + included + " or too large");
    }
    byte[] data = new byte[(int) included];
    int read = readFully(data, 0, data.length);
    position += read;
    if (read < data.length) {
      throw new PcapFormatException(
          start + RECORD_HEADER,
          String.format(
              "record incl_len %d runs past the end of %s: only %d bytes follow the header",
              included, source, read));
    }
    // Out-of-range sub-second fields occur in the wild; they are added in rather than rejected,
    // as tcpdump does.
    long nanos = seconds * NANOS_PER_SECOND + fraction * resolution.nanosPerUnit();
    return new PcapRecord(nanos, data, (int) original, start);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads up to {@code len} bytes, stopping only at end of stream; returns how many it read. */
  private int readFully(byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = in.read(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private int getShort(byte[] b, int at) {
    int lo = b[at] & 0xff;
    int hi = b[at + 1] & 0xff;
    return order == ByteOrder.LITTLE_ENDIAN ? lo | hi << 8 : lo << 8 | hi;
  }

  private static int getInt(byte[] b, int at, ByteOrder o) {
    int b0 = b[at] & 0xff;
    int b1 = b[at + 1] & 0xff;
    int b2 = b[at + 2] & 0xff;
    int b3 = b[at + 3] & 0xff;
    return o == ByteOrder.LITTLE_ENDIAN
        ? b0 | b1 << 8 | b2 << 16 | b3 << 24
        : b0 << 24 | b1 << 16 | b2 << 8 | b3;
  }
}
