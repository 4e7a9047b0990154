package io.jtcp.cli;

import io.jtcp.core.api.TcpConnection;
import io.jtcp.core.api.TcpStack;
import io.jtcp.core.wire.Ipv4Address;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jtcp connect HOST PORT}: a client on a real link, like {@code nc}. */
@Command(
    name = "connect",
    header = "A client on a TAP, TUN or pcap link, like nc.",
    mixinStandardHelpOptions = true,
    description = {
      "Connects to HOST:PORT over a TAP, TUN or pcap link, then works like nc: standard input to"
          + " the",
      "connection (a half-close at its end), the connection to standard output; it exits when",
      "both directions are done. --send FILE sends a file instead of standard input."
    },
    footer = {
      "",
      "Examples:",
      "  echo hello | jtcp connect 192.0.2.1 7 --link tap:jtcp0 --ip 192.0.2.2/24",
      "  jtcp connect 192.0.2.1 9000 --link tun:jtcp1 --ip 192.0.2.2/24 --send big.iso",
      "  jtcp connect 192.0.2.1 80 --link tap:jtcp0 --ip 192.0.2.2/24 --stats < request.txt"
    })
final class ConnectCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST", description = "An IPv4 address (no DNS).")
  String host;

  @Parameters(index = "1", paramLabel = "PORT", description = "The TCP port, 1-65535.")
  int port;

  @Mixin LinkOptions link;

  @Mixin PluginOptions plugins;

  @Mixin ReportOptions report;

  @Mixin TuningOptions tuning;

  @Option(names = "--send", paramLabel = "FILE", description = "Send FILE, then half-close.")
  @Nullable Path send;

  @Override
  public Integer call() throws Exception {
    try {
      return session();
    } finally {
      report.finishTrace();
    }
  }

  private Integer session() throws Exception {
    Ipv4Address to;
    try {
      to = Ipv4Address.parse(host);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "HOST must be an IPv4 address (jtcp has no resolver); got " + host);
    }
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "PORT must be 1-65535; got " + port);
    }
    if (send != null && !Files.isReadable(send)) {
      throw new ParameterException(spec.commandLine(), "--send: cannot read " + send);
    }
    // Every usage error before anything is opened.
    io.jtcp.core.api.Sysctls sysctls = tuning.sysctls();
    io.jtcp.core.api.SocketOptions options = tuning.socketOptions();
    PrintWriter err = spec.commandLine().getErr();
    try (TcpStack stack =
            link.start(plugins.registry(), sysctls, report.observer(spec.commandLine().getErr()));
        TcpConnection c = stack.connect(to, port, options)) {
      Path file = send;
      if (file != null) {
        Progress progress = Progress.onStderr(err, "jtcp: send", Files.size(file));
        long n;
        try {
          n = Pump.send(c, progress.counting(Files.newInputStream(file)), System.out);
        } finally {
          progress.finish();
        }
        err.printf("jtcp: sent %d bytes to %s:%d%n", n, to, port);
      } else {
        Pump.run(c, System.in, System.out, System.console() != null);
      }
      report.stats(c, stack.address() + ":" + c.localPort(), err);
    }
    return 0;
  }
}
