package io.jtcp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jtcp} command. Subcommands arrive with the capabilities they show (see DESIGN.md's
 * command table).
 *
 * <p>Exit codes follow the usual convention: 0 success, 1 a runtime failure, 2 a usage error.
 */
@Command(
    name = "jtcp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "A user-space TCP/IP stack: connections, captures and experiments from the command line.",
    subcommands = {
      DemoCommand.class,
      FsmCommand.class,
      CcCommand.class,
      SimCommand.class,
      ListenCommand.class,
      ConnectCommand.class,
      GetCommand.class,
      TraceCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 runtime failure, 2 usage error.",
      "Documentation: README.md in the jtcp repository."
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command with the given streams and returns its exit code; the tests call this. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(Main::failure);
    return cli.execute(args);
  }

  /**
   * A failure the user can act on (refused, timed out, no permission, no such file) is one line and
   * exit 1; anything else is a bug in jtcp and keeps its stack trace.
   */
  private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
      throws Exception {
    Throwable t = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
    if (t instanceof java.io.IOException
        || t instanceof IllegalArgumentException
        || t instanceof IllegalStateException) {
      cmd.getErr().println("jtcp: " + t.getMessage());
      cmd.getErr().flush();
      return 1;
    }
    throw e;
  }

  /**
   * Without a subcommand there is nothing to do: show what there is, as {@code git} does, and fail.
   */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(
        spec.commandLine(), "jtcp needs a command; see the list above.");
  }
}
