package io.jtcp.cli;

import io.jtcp.core.api.TcpConnection;
import io.jtcp.core.api.TcpStack;
import io.jtcp.core.wire.Ipv4Address;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
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

/** {@code jtcp get URL}: an HTTP/1.1 GET over a real link, like {@code curl -o}. */
@Command(
    name = "get",
    header = "An HTTP/1.1 GET over a TAP, TUN or pcap link, like curl.",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads an http:// URL over a TAP, TUN or pcap link: the body to standard output, or to a",
      "file with -o. The host must be an IPv4 address. A status other than 2xx fails (exit 1)."
    },
    footer = {
      "",
      "Examples:",
      "  jtcp get http://192.0.2.1:8000/big.iso --link tap:jtcp0 --ip 192.0.2.2/24 -o big.iso",
      "  jtcp get http://192.0.2.1/ --link tun:jtcp1 --ip 192.0.2.2/24 | head"
    })
final class GetCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "http://ADDR[:PORT]/PATH")
  String url;

  @Mixin LinkOptions link;

  @Mixin PluginOptions plugins;

  @Mixin ReportOptions report;

  @Mixin TuningOptions tuning;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the body to FILE.")
  @Nullable Path output;

  @Override
  public Integer call() throws Exception {
    try {
      return session();
    } finally {
      report.finishTrace();
    }
  }

  private Integer session() throws Exception {
    HttpGet.Target t;
    try {
      t = HttpGet.Target.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    io.jtcp.core.api.Sysctls sysctls = tuning.sysctls();
    io.jtcp.core.api.SocketOptions options = tuning.socketOptions();
    Path file = output;
    Progress progress = Progress.onStderr(spec.commandLine().getErr(), "jtcp: get", -1);
    try (TcpStack stack =
            link.start(plugins.registry(), sysctls, report.observer(spec.commandLine().getErr()));
        TcpConnection c = stack.connect(Ipv4Address.parse(t.host()), t.port(), options);
        OutputStream body =
            new BufferedOutputStream(
                file == null ? System.out : Files.newOutputStream(file), 1 << 16)) {
      HttpGet.sendRequest(t, c.outputStream());
      HttpGet.Response r;
      try {
        r = HttpGet.readResponse(c.inputStream(), progress.counting(body), progress::total);
      } finally {
        progress.finish();
      }
      body.flush();
      report.stats(c, stack.address() + ":" + c.localPort(), spec.commandLine().getErr());
      if (r.status() / 100 != 2) {
        spec.commandLine()
            .getErr()
            .printf("jtcp: %s answered %d %s%n", url, r.status(), r.reason());
        return 1;
      }
    }
    return 0;
  }
}
