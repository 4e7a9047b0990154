package io.jtcp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jtcp sim}: experiments on the simulated network, in virtual time. */
@Command(
    name = "sim",
    header = "Experiments between stacks on the simulated network, in virtual time.",
    mixinStandardHelpOptions = true,
    description = {
      "Experiments between jtcp stacks on the simulated network, in virtual time: a run",
      "replays exactly from its seed and takes as long as its computation, not its simulated time."
    },
    subcommands = {
      SimTransferCommand.class,
      SimCompareCommand.class,
      CommandLine.HelpCommand.class
    })
final class SimCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(
        spec.commandLine(), "jtcp sim needs a command; see the list above.");
  }
}
