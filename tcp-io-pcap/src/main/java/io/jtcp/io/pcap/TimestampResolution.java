package io.jtcp.io.pcap;

/**
 * The unit of a classic pcap file's sub-second timestamp field, which its magic number selects
 * (draft-ietf-opsawg-pcap, section "File Header").
 */
public enum TimestampResolution {
  /** Magic {@code 0xa1b2c3d4}: the record header carries {@code ts_usec}. */
  MICROSECONDS(0xa1b2c3d4, 1_000),
  /** Magic {@code 0xa1b23c4d}: the record header carries {@code ts_nsec}. */
  NANOSECONDS(0xa1b23c4d, 1);

  private final int magic;
  private final int nanosPerUnit;

  TimestampResolution(int magic, int nanosPerUnit) {
    this.magic = magic;
    this.nanosPerUnit = nanosPerUnit;
  }

  /** The magic number that announces this resolution, as the writer's byte order would read it. */
  public int magic() {
    return magic;
  }

  /** Nanoseconds in one unit of the sub-second field. */
  public int nanosPerUnit() {
    return nanosPerUnit;
  }
}
