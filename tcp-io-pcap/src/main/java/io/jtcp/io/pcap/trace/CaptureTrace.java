package io.jtcp.io.pcap.trace;

import io.jtcp.io.pcap.TimestampResolution;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every TCP connection of one capture file, with counts of what was read and left out.
 *
 * @param source the file's name, for messages
 * @param linkType the file's link type ({@link io.jtcp.io.pcap.LinkType})
 * @param linkTypeReadable whether the trace finds IPv4 behind that link type at all
 * @param resolution the resolution of the file's timestamps
 * @param firstTimestampNanos the first record's capture time, nanoseconds since the epoch; 0 for a
 *     file without records. Ladder times are relative to it.
 * @param records how many records were read
 * @param tcpSegments how many of them were IPv4 TCP segments that were traced
 * @param ignored how many were something else (ARP, IPv6, UDP, ICMP, a duplicate loopback copy)
 * @param skipped IPv4 TCP packets that could not be read, by reason
 * @param connections the connections, in order of first appearance
 * @param damage when the file is cut or corrupt after some records, what the reader said (starting
 *     with the byte offset); the records before it are traced. Null for a sound file.
 */
public record CaptureTrace(
    String source,
    int linkType,
    boolean linkTypeReadable,
    TimestampResolution resolution,
    long firstTimestampNanos,
    int records,
    int tcpSegments,
    int ignored,
    Map<SkipReason, Integer> skipped,
    List<ConnectionTrace> connections,
    @Nullable String damage) {

  public CaptureTrace {
    skipped = Map.copyOf(skipped);
    connections = List.copyOf(connections);
  }

  /** How many IPv4 TCP packets were skipped, whatever the reason. */
  public int skippedTotal() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }
}
