package io.jtcp.cli;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --sysctl NAME=VALUE} and {@code --option NAME=VALUE}: the stack's knobs by their Linux
 * sysctl names and the connection's by their socket-option names, each repeatable, applied in
 * order. An unknown name or a bad value is a usage error (exit 2) that lists what is valid.
 */
final class TuningOptions {
  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sysctl",
      paramLabel = "NAME=VALUE",
      description = {
        "Set a stack-wide knob by its Linux name (net.ipv4. may be left out), e.g.",
        "tcp_sack=0, net.ipv4.tcp_syn_retries=2, tcp_congestion_control=reno. Repeatable."
      })
  List<String> sysctls = new ArrayList<>();

  @Option(
      names = "--option",
      paramLabel = "NAME=VALUE",
      description = {
        "Set a socket option of the connection, e.g. TCP_NODELAY=1, SO_LINGER=0,",
        "SO_KEEPALIVE=1, SO_RCVBUF=262144, TCP_CONGESTION=reno. Repeatable."
      })
  List<String> options = new ArrayList<>();

  /** Linux's defaults with every {@code --sysctl} applied. */
  Sysctls sysctls() {
    Sysctls s = Sysctls.LINUX;
    for (String setting : sysctls) {
      String[] kv = split("--sysctl", setting, "net.ipv4.tcp_sack=0");
      try {
        s = s.with(kv[0], kv[1]);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--sysctl " + setting + ": " + e.getMessage());
      }
    }
    return s;
  }

  /** The default socket options with every {@code --option} applied. */
  SocketOptions socketOptions() {
    SocketOptions o = SocketOptions.DEFAULTS;
    for (String setting : options) {
      String[] kv = split("--option", setting, "TCP_NODELAY=1");
      try {
        o = o.with(kv[0], kv[1]);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--option " + setting + ": " + e.getMessage());
      }
    }
    return o;
  }

  private String[] split(String option, String setting, String example) {
    int eq = setting.indexOf('=');
    if (eq <= 0) {
      throw new ParameterException(
          spec.commandLine(),
          option + " takes NAME=VALUE, e.g. " + example + "; got '" + setting + "'");
    }
    return new String[] {setting.substring(0, eq), setting.substring(eq + 1)};
  }
}
