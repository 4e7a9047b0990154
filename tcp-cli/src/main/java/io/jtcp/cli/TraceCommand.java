package io.jtcp.cli;

import io.jtcp.io.pcap.trace.CaptureAnalyzer;
import io.jtcp.io.pcap.trace.CaptureTrace;
import io.jtcp.io.pcap.trace.ConnectionTrace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jtcp trace}: the ladder diagram of every TCP connection in a pcap file, whoever made it
 * (jtcp's {@code --pcap}, tcpdump, Wireshark saved as pcap).
 */
@Command(
    name = "trace",
    header = "Ladder diagrams of every TCP connection in a pcap capture.",
    mixinStandardHelpOptions = true,
    description = {
      "Draws every TCP connection in a pcap capture as a ladder diagram: one line per segment with"
          + " its time, arrow, flags, seq, ack, window (scaled when the handshake set a scale),"
          + " length and options, each side's state as the segments prove it, and marks for"
          + " retransmissions, duplicate ACKs, zero windows, window updates, keep-alives,"
          + " out-of-order and uncaptured segments.",
      "",
      "Reads classic pcap (not pcapng: convert with editcap -F pcap) with Ethernet, raw IPv4 and"
          + " Linux cooked (tcpdump -i any) link types; IPv4 only. Connections are numbered in"
          + " order of first appearance. A capture that starts after the handshake shows ? as the"
          + " states before its first segment and ESTABLISHED from there on. Packets cut before"
          + " the end of their TCP header, or malformed, are skipped and counted in the last line."
    },
    footer = {
      "",
      "Examples:",
      "  jtcp demo --pcap demo.pcap && jtcp trace demo.pcap",
      "  tcpdump -i any -w kernel.pcap 'tcp port 80'   then   jtcp trace kernel.pcap",
      "  jtcp trace kernel.pcap --connection 2 --svg ladder.svg"
    })
final class TraceCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.pcap", description = "The capture to read.")
  Path file;

  @Option(
      names = "--connection",
      paramLabel = "N",
      description = "Only the Nth connection (from 1, in order of first appearance).")
  @Nullable Integer connection;

  @Option(
      names = "--absolute",
      description =
          "Show sequence, acknowledgment and SACK numbers as sent, and times as the capture's"
              + " clock of day (UTC), as tcpdump -S does. Without it, numbers are relative to"
              + " each side's initial sequence number and times are milliseconds since the"
              + " file's first packet, as Wireshark shows them.")
  boolean absolute;

  @Option(
      names = "--svg",
      paramLabel = "FILE",
      description = "Also draw the ladder (of the chosen connection, or all) as an SVG picture.")
  @Nullable Path svg;

  @Override
  public Integer call() throws IOException {
    Integer wanted = connection;
    if (wanted != null && wanted < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--connection counts from 1; got " + wanted);
    }
    CaptureTrace trace = read(file);
    if (!trace.linkTypeReadable()) {
      throw new IOException(
          file
              + " has link type "
              + trace.linkType()
              + ", which jtcp trace does not read (it reads Ethernet 1, raw IP 101 and 228,"
              + " Linux cooked 113 and 276)");
    }
    List<ConnectionTrace> shown = trace.connections();
    if (wanted != null) {
      if (wanted > shown.size()) {
        throw new IllegalArgumentException(
            String.format(
                "%s holds %d TCP connection%s; there is no connection %d",
                file, shown.size(), shown.size() == 1 ? "" : "s", wanted));
      }
      shown = List.of(shown.get(wanted - 1));
    }
    TraceLadder ladder = new TraceLadder(trace, absolute);
    PrintWriter out = spec.commandLine().getOut();
    for (ConnectionTrace c : shown) {
      out.print(ladder.render(c));
      out.println();
    }
    out.println(ladder.summary());
    out.flush();
    Path picture = svg;
    if (picture != null && !shown.isEmpty()) {
      Files.writeString(
          picture,
          TraceSvg.render("jtcp trace " + file.getFileName(), shown, ladder),
          StandardCharsets.UTF_8);
      spec.commandLine()
          .getErr()
          .printf(
              "jtcp trace: %d connection%s drawn in %s%n",
              shown.size(), shown.size() == 1 ? "" : "s", picture);
    }
    String damage = trace.damage();
    if (damage != null) {
      // What was read is printed above; the exit code still says the file is damaged, as tcpdump's.
      throw new IOException(
          file
              + " is damaged "
              + damage
              + "; the "
              + trace.records()
              + " records before it are traced");
    }
    return 0;
  }

  private static CaptureTrace read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, not a capture file");
    }
    try {
      return CaptureAnalyzer.analyze(file);
    } catch (NoSuchFileException e) {
      throw new IOException("no such file: " + file, e);
    } catch (AccessDeniedException e) {
      throw new IOException("permission denied: " + file, e);
    }
  }
}
