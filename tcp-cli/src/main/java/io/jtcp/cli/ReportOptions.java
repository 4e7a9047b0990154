package io.jtcp.cli;

import io.jtcp.core.api.TcpConnection;
import io.jtcp.core.api.TcpInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What jtcp tells about its connections, on standard error (standard output carries the data):
 * {@code --trace}, the live ladder of every segment ({@link LiveLadder}); {@code --stats}, the
 * TCP_INFO record when a connection ends, in the words of {@code ss -ti}, or with {@code --json} as
 * one JSON object.
 */
final class ReportOptions {
  @Option(
      names = "--trace",
      description = {
        "Draw the ladder of the connection on standard error as it runs: one line per segment",
        "with jtcp's state, flags, relative seq/ack, window, length and SYN options."
      })
  boolean trace;

  @Option(
      names = "--stats",
      description = {
        "When the connection ends, print its TCP_INFO record on standard error, in the",
        "style of ss -ti (cwnd in segments, times in ms)."
      })
  boolean stats;

  @Option(
      names = "--json",
      description = "With --stats: print the record as one JSON object (every TcpInfo field).")
  boolean json;

  private @org.jspecify.annotations.Nullable LiveLadder ladder;

  /** The stack's observer: the live ladder with {@code --trace}, else none. */
  io.jtcp.core.spi.PacketObserver observer(PrintWriter err) {
    if (!trace) {
      return io.jtcp.core.spi.PacketObserver.NONE;
    }
    LiveLadder l = new LiveLadder(err);
    ladder = l;
    return l;
  }

  /** Prints the last lines of the live ladder, if one runs; the command calls it as it ends. */
  void finishTrace() {
    LiveLadder l = ladder;
    if (l != null) {
      l.close();
    }
  }

  /** Prints the record of {@code c} if asked to; the connection must still be open. */
  void stats(TcpConnection c, String local, PrintWriter err) throws IOException {
    if (!stats && !json) {
      return;
    }
    TcpInfo info = c.info();
    String remote = c.remoteAddress() + ":" + c.remotePort();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("local", local);
      m.put("remote", remote);
      m.putAll(RecordMaps.snakeCase(info));
      err.println(Json.write(m));
    } else {
      err.println("jtcp: " + local + " -> " + remote + " " + ssLine(info));
    }
    err.flush();
  }

  /** The record as {@code ss -ti} prints its second line, with the fields TcpInfo adds. */
  static String ssLine(TcpInfo i) {
    StringBuilder sb = new StringBuilder();
    sb.append(i.state().rfcName()).append(' ').append(i.congestionControl());
    if (i.windowScaleSend() >= 0 || i.windowScaleReceive() >= 0) {
      sb.append(" wscale:").append(i.windowScaleSend()).append(',').append(i.windowScaleReceive());
    }
    sb.append(i.timestamps() ? " ts" : "").append(i.sack() ? " sack" : "");
    sb.append(" rto:").append(ms(i.rtoMicros()));
    sb.append(" rtt:").append(ms(i.rttMicros())).append('/').append(ms(i.rttVarMicros()));
    sb.append(" minrtt:").append(ms(i.minRttMicros()));
    sb.append(" mss:").append(i.sendMss()).append(" rcvmss:").append(i.receiveMss());
    int mss = Math.max(1, i.sendMss());
    sb.append(" cwnd:").append(i.cwnd() / mss);
    if (i.ssthresh() >= 0) { // -1: still infinite, which ss leaves out too
      sb.append(" ssthresh:").append(i.ssthresh() / mss);
    }
    sb.append(" bytes_sent:").append(i.bytesSent());
    sb.append(" bytes_acked:").append(i.bytesAcked());
    sb.append(" bytes_received:").append(i.bytesReceived());
    sb.append(" segs_out:").append(i.segmentsOut()).append(" segs_in:").append(i.segmentsIn());
    sb.append(" retrans:").append(i.retransmissions());
    if (i.retransmissions() > 0) {
      sb.append(" fast_retrans:").append(i.fastRetransmits());
      sb.append(" rto_retrans:").append(i.rtoRetransmits());
      sb.append(" recoveries:").append(i.fastRecoveries());
      sb.append(" timeouts:").append(i.rtoCount());
    }
    sb.append(" snd_wnd:").append(i.sendWindow()).append(" rcv_wnd:").append(i.receiveWindow());
    return sb.toString();
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.3f", micros / 1000.0).replaceAll("\\.?0+$", "");
  }
}
