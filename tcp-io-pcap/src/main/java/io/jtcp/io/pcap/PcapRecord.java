package io.jtcp.io.pcap;

import java.lang.foreign.MemorySegment;

/**
 * One packet record of a pcap file.
 *
 * <p>The record owns {@code data}, a fresh array per record; {@code equals} compares it by
 * identity, as records do with arrays.
 *
 * @param timestampNanos the capture time in nanoseconds since the Unix epoch (UTC)
 * @param data the captured bytes ({@code incl_len} of them)
 * @param originalLength the frame's length on the wire ({@code orig_len})
 * @param fileOffset where the record header starts in the file
 */
public record PcapRecord(long timestampNanos, byte[] data, int originalLength, long fileOffset) {
  /** How many bytes were captured ({@code incl_len}). */
  public int capturedLength() {
    return data.length;
  }

  /**
   * Whether the capture kept fewer bytes than the frame had, usually because of the snap length.
   */
  public boolean isTruncated() {
    return data.length < originalLength;
  }

  /** The captured bytes as a heap segment over {@link #data()}, without copying. */
  public MemorySegment segment() {
    return MemorySegment.ofArray(data);
  }
}
