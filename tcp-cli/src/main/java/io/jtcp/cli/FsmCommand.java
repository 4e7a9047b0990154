package io.jtcp.cli;

import io.jtcp.core.fsm.TableFormat;
import io.jtcp.core.fsm.TcpEvent;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.fsm.Transition;
import io.jtcp.core.fsm.TransitionTable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jtcp fsm}: the transition table the engine runs, row by row. */
@Command(
    name = "fsm",
    header =
        "The TCP state machine the engine runs (RFC 9293): one row per state, event and guard.",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the TCP state machine the engine runs (RFC 9293), one row per state, event and"
          + " guard:",
      "the next state (= stays), the actions in order, and the RFC clause or Linux behaviour it"
          + " follows."
    },
    footer = {
      "",
      "Examples:",
      "  jtcp fsm                      the whole table",
      "  jtcp fsm --state ESTABLISHED  the rows of one state",
      "  jtcp fsm --event RST          how every state answers a reset"
    })
final class FsmCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--state", description = "Only this state (e.g. SYN-SENT or SYN_SENT).")
  String state;

  @Option(names = "--event", description = "Only this event (e.g. RST, CLOSE, RTO).")
  String event;

  @Override
  public Integer call() {
    List<Transition> rows = TransitionTable.rfc9293().all();
    if (state != null) {
      TcpState s = parse(TcpState.class, state, "--state");
      rows = rows.stream().filter(t -> t.state() == s).toList();
    }
    if (event != null) {
      TcpEvent e = parse(TcpEvent.class, event, "--event");
      rows = rows.stream().filter(t -> t.event() == e).toList();
    }
    spec.commandLine().getOut().print(TableFormat.render(rows));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private <E extends Enum<E>> E parse(Class<E> type, String text, String option) {
    String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    List<String> valid = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "unknown " + option.substring(2) + " '" + text + "'; valid: " + String.join(", ", valid));
  }
}
