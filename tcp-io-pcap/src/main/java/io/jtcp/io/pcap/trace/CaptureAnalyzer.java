package io.jtcp.io.pcap.trace;

import io.jtcp.core.wire.TcpFlags;
import io.jtcp.io.pcap.LinkType;
import io.jtcp.io.pcap.PcapFormatException;
import io.jtcp.io.pcap.PcapReader;
import io.jtcp.io.pcap.PcapRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a capture and traces every TCP connection in it.
 *
 * <pre>{@code
 * CaptureTrace t = CaptureAnalyzer.analyze(Path.of("kernel.pcap"));
 * for (ConnectionTrace c : t.connections()) { ... }
 * }</pre>
 *
 * <p>A connection is one 4-tuple from its first segment until a new SYN reuses the tuple after the
 * old connection was reset or both its FINs were seen; a SYN that only repeats the first one's
 * sequence number is a retransmission, not a new connection.
 */
public final class CaptureAnalyzer {
  private static final Set<Integer> READABLE =
      Set.of(
          LinkType.ETHERNET, LinkType.RAW, LinkType.IPV4, LinkType.LINUX_SLL, LinkType.LINUX_SLL2);

  private CaptureAnalyzer() {}

  /**
   * Opens and traces {@code file}.
   *
   * @throws IOException if the file cannot be read or is not a pcap file (a corrupt global header,
   *     pcapng); a file cut or corrupt after its header is traced up to the damage instead
   */
  public static CaptureTrace analyze(Path file) throws IOException {
    try (PcapReader reader = PcapReader.open(file)) {
      return analyze(reader, file.toString());
    }
  }

  /** Traces what {@code reader} has left to read; {@code source} names it in the result. */
  public static CaptureTrace analyze(PcapReader reader, String source) throws IOException {
    SegmentDecoder decoder = new SegmentDecoder(reader.linkType());
    Map<Tuple, Group> open = new HashMap<>();
    List<Group> groups = new ArrayList<>();
    Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
    int records = 0;
    int tcp = 0;
    int ignored = 0;
    long first = 0;
    String damage = null;
    while (true) {
      PcapRecord r;
      try {
        r = reader.next();
      } catch (PcapFormatException e) {
        // A capture whose writer was killed ends inside a record; what came before is still good.
        damage = e.getMessage();
        break;
      }
      if (r == null) {
        break;
      }
      records++;
      if (records == 1) {
        first = r.timestampNanos();
      }
      switch (decoder.decode(r, records)) {
        case Decoded.Segment(CapturedSegment s) -> {
          tcp++;
          Tuple key = Tuple.of(s.source(), s.destination());
          Group g = open.get(key);
          if (g == null || g.replacedBy(s)) {
            g = new Group();
            groups.add(g);
            open.put(key, g);
          }
          g.add(s);
        }
        case Decoded.Ignored i -> ignored++;
        case Decoded.Skipped(SkipReason why) -> skipped.merge(why, 1, Integer::sum);
      }
    }
    List<ConnectionTrace> connections = new ArrayList<>(groups.size());
    for (Group g : groups) {
      connections.add(ConnectionAnalyzer.analyze(connections.size() + 1, g.segments));
    }
    return new CaptureTrace(
        source,
        reader.linkType(),
        READABLE.contains(reader.linkType()),
        reader.resolution(),
        first,
        records,
        tcp,
        ignored,
        skipped,
        connections,
        damage);
  }

  /** Both endpoints, in a fixed order, so that both directions find the same connection. */
  private record Tuple(Endpoint a, Endpoint b) {
    static Tuple of(Endpoint x, Endpoint y) {
      boolean xFirst =
          Integer.compareUnsigned(x.address(), y.address()) < 0
              || x.address() == y.address() && x.port() <= y.port();
      return xFirst ? new Tuple(x, y) : new Tuple(y, x);
    }
  }

  /** The segments of one connection, and enough to tell when its tuple is reused. */
  private static final class Group {
    final List<CapturedSegment> segments = new ArrayList<>();
    final Map<Endpoint, Boolean> finFrom = new HashMap<>();
    @Nullable CapturedSegment firstSyn;
    boolean reset;

    void add(CapturedSegment s) {
      segments.add(s);
      if (s.has(TcpFlags.SYN) && !s.has(TcpFlags.ACK) && firstSyn == null) {
        firstSyn = s;
      }
      if (s.has(TcpFlags.FIN)) {
        finFrom.put(s.source(), true);
      }
      if (s.has(TcpFlags.RST)) {
        reset = true;
      }
    }

    /** Whether {@code s} opens a new connection on this tuple. */
    boolean replacedBy(CapturedSegment s) {
      if (!s.has(TcpFlags.SYN) || s.has(TcpFlags.ACK)) {
        return false;
      }
      boolean over = reset || finFrom.size() == 2;
      CapturedSegment syn = firstSyn;
      boolean repeat = syn != null && syn.source().equals(s.source()) && syn.seq() == s.seq();
      return over && !repeat;
    }
  }
}
