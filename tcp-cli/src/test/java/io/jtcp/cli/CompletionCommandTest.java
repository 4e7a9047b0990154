package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The completion script knows every command and their options, and bash accepts it. */
class CompletionCommandTest {
  @Test
  void theScriptCompletesCommandsAndOptions() throws Exception {
    StringWriter out = new StringWriter();
    int exit =
        Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "completion");
    assertEquals(0, exit);
    String script = out.toString();
    assertTrue(
        script.contains("complete -F _complete_jtcp"), "registers a bash completion function");
    for (String command :
        new String[] {"demo", "fsm", "sim", "cc", "listen", "connect", "get", "trace"}) {
      assertTrue(script.contains(command), "command " + command);
    }
    for (String option :
        new String[] {"--link", "--sysctl", "--option", "--pcap", "--svg", "--cc"}) {
      assertTrue(script.contains(option), "option " + option);
    }
    // bash -n parses without running: the script is valid bash.
    Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
    bash.getOutputStream().write(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bash.getOutputStream().close();
    String errors = new String(bash.getInputStream().readAllBytes());
    assertEquals(0, bash.waitFor(), errors);
  }
}
