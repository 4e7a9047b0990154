package io.jtcp.cli;

import io.jtcp.core.congestion.CongestionRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jtcp cc}: the congestion-control algorithms. */
@Command(
    name = "cc",
    mixinStandardHelpOptions = true,
    description = "Congestion-control algorithms: the built-in ones and plug-ins.",
    subcommands = {CcCommand.ListCommand.class, CommandLine.HelpCommand.class})
final class CcCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(
        spec.commandLine(), "jtcp cc needs a command; see the list above.");
  }

  /** {@code jtcp cc list}: like Linux's {@code tcp_available_congestion_control}, with sources. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Lists the congestion-control algorithms found: the built-ins (tcp-core's reno,",
        "tcp-congestion's cubic and newreno) and plug-ins from --plugin jars and $JTCP_PLUGINS."
      },
      footer = {
        "",
        "Examples:",
        "  jtcp cc list",
        "  jtcp cc list --plugin examples/cc-plugin/target/cc-plugin.jar",
        "  JTCP_PLUGINS=a.jar:b.jar jtcp cc list --json"
      })
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Mixin PluginOptions plugins;

    @Option(
        names = "--json",
        description = "An array of {\"name\",\"description\",\"source\"} objects.")
    boolean json;

    @Override
    public Integer call() {
      CongestionRegistry r = plugins.registry();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        List<Object> rows = new ArrayList<>();
        for (CongestionRegistry.Entry e : r.entries()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", e.name());
          m.put("description", e.description());
          m.put("source", e.source());
          rows.add(m);
        }
        out.println(Json.write(rows));
        return 0;
      }
      int width = 4;
      for (String n : r.names()) {
        width = Math.max(width, n.length());
      }
      int sourceWidth = 6;
      for (CongestionRegistry.Entry e : r.entries()) {
        sourceWidth = Math.max(sourceWidth, e.source().length());
      }
      String format = "%-" + width + "s  %-" + sourceWidth + "s  %s%n";
      out.printf(format, "NAME", "SOURCE", "DESCRIPTION");
      for (CongestionRegistry.Entry e : r.entries()) {
        out.printf(format, e.name(), e.source(), e.description());
      }
      return 0;
    }
  }
}
