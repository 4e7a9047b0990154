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
      "  jtcp listen 5001 --link tap:jtcp0 --ip 192.0.2.2/24 > received.bin"
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
