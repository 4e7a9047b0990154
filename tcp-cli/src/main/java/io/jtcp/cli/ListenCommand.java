package io.jtcp.cli;

import io.jtcp.core.api.TcpConnection;
import io.jtcp.core.api.TcpListener;
import io.jtcp.core.api.TcpStack;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jtcp listen PORT}: a server on a real link, like {@code nc -l} or a tiny web server. */
@Command(
    name = "listen",
    header = "A server on a TAP, TUN or pcap link: like nc -l, or echo, discard or HTTP.",
    mixinStandardHelpOptions = true,
    description = {
      "Listens on PORT on a TAP, TUN or pcap link and serves connections: by default like nc -l",
      "(the connection to standard output, standard input to it), or as an echo, discard or",
      "HTTP file server."
    },
    footer = {
      "",
      "Examples:",
      "  jtcp listen 8080 --link tap:jtcp0 --ip 192.0.2.2/24 --serve big.iso",
      "  jtcp listen 7 --link tun:jtcp1 --ip 192.0.2.2/24 --echo --keep-open",
      "  jtcp listen 5001 --link tap:jtcp0 --ip 192.0.2.2/24 > received.bin",
      "  jtcp listen 80 --link tap:jtcp0 --ip 192.0.2.2/24 --serve index.html --keep-open"
          + " --status-every 10"
    })
final class ListenCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PORT", description = "The TCP port, 1-65535.")
  int port;

  @Mixin LinkOptions link;

  @Mixin PluginOptions plugins;

  @Mixin ReportOptions report;

  @Mixin TuningOptions tuning;

  @ArgGroup(exclusive = true)
  @Nullable Mode mode;

  static final class Mode {
    @Option(names = "--echo", description = "Send back whatever arrives.")
    boolean echo;

    @Option(names = "--discard", description = "Read and drop whatever arrives.")
    boolean discard;

    @Option(
        names = "--serve",
        paramLabel = "FILE",
        description = "Answer an HTTP/1.1 GET for any path with FILE, then close.")
    @Nullable Path serve;
  }

  @Option(
      names = "--keep-open",
      description = "Serve connections one after another (each in its own thread) until killed.")
  boolean keepOpen;

  @Option(
      names = "--status-every",
      paramLabel = "SECONDS",
      description = {
        "Every SECONDS, list the stack's connections on standard error as ss -ti would",
        "(four-tuple, state, algorithm, RTT, cwnd, bytes): a view into a long-running server."
      })
  int statusEvery;

  @Override
  public Integer call() throws Exception {
    try {
      return session();
    } finally {
      report.finishTrace();
    }
  }

  private Integer session() throws Exception {
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "PORT must be 1-65535; got " + port);
    }
    if (statusEvery < 0) {
      throw new ParameterException(
          spec.commandLine(), "--status-every takes a number of seconds >= 1; got " + statusEvery);
    }
    if (mode != null && mode.serve != null && !Files.isReadable(mode.serve)) {
      throw new ParameterException(
          spec.commandLine(), "--serve: cannot read " + mode.serve + " (no such file?)");
    }
    io.jtcp.core.api.Sysctls sysctls = tuning.sysctls();
    io.jtcp.core.api.SocketOptions options = tuning.socketOptions();
    PrintWriter err = spec.commandLine().getErr();
    try (TcpStack stack =
            link.start(plugins.registry(), sysctls, report.observer(spec.commandLine().getErr()));
        TcpListener listener = stack.listen(port, 128, options)) {
      err.printf("jtcp: listening on %s:%d (%s)%n", stack.address(), port, link.link);
      if (statusEvery > 0) {
        Thread.ofVirtual().name("jtcp-status").start(() -> status(stack, err));
      }
      if (!keepOpen) {
        try (TcpConnection c = listener.accept()) {
          serve(c, err);
          report.stats(c, stack.address() + ":" + port, err);
        }
        return 0;
      }
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        while (true) {
          TcpConnection c = listener.accept();
          threads.submit(
              () -> {
                try (TcpConnection conn = c) {
                  serve(conn, err);
                  report.stats(conn, stack.address() + ":" + port, err);
                } catch (Exception e) {
                  err.printf("jtcp: connection from %s failed: %s%n", c.remoteAddress(), e);
                }
                return null;
              });
        }
      }
    }
  }

  /** Lists the connections every {@code --status-every} seconds until the stack closes. */
  private void status(TcpStack stack, PrintWriter err) {
    try {
      while (true) {
        Thread.sleep(statusEvery * 1000L);
        java.util.List<io.jtcp.core.api.SocketEntry> sockets = stack.sockets();
        StringBuilder sb = new StringBuilder();
        sb.append("jtcp: ")
            .append(sockets.size())
            .append(sockets.size() == 1 ? " connection" : " connections")
            .append('\n');
        for (io.jtcp.core.api.SocketEntry e : sockets) {
          sb.append("  ")
              .append(e.localAddress())
              .append(':')
              .append(e.localPort())
              .append(" <- ")
              .append(e.remoteAddress())
              .append(':')
              .append(e.remotePort())
              .append(' ')
              .append(ReportOptions.ssLine(e.info()))
              .append('\n');
        }
        synchronized (err) {
          err.print(sb);
          err.flush();
        }
      }
    } catch (InterruptedException | java.io.IOException | RuntimeException e) {
      // The stack closed (its loop refuses the call) or the process is ending: stop listing.
    }
  }

  private void serve(TcpConnection c, PrintWriter err) throws Exception {
    err.printf("jtcp: connection from %s:%d%n", c.remoteAddress(), c.remotePort());
    InputStream in = c.inputStream();
    OutputStream out = c.outputStream();
    if (mode == null) {
      Pump.run(c, System.in, System.out, System.console() != null);
    } else if (mode.echo) {
      in.transferTo(out);
      c.shutdownOutput();
    } else if (mode.discard) {
      in.transferTo(OutputStream.nullOutputStream());
      c.shutdownOutput();
    } else {
      Path file = mode.serve;
      if (file != null) {
        HttpFileServer.Served s = new HttpFileServer(file).serve(in, out);
        err.printf("jtcp: \"%s\" %d %d bytes%n", s.requestLine(), s.status(), s.bytes());
        c.shutdownOutput();
        // Let the client close first, as HTTP/1.1 expects of a server that said Connection: close.
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
    err.flush();
  }
}
