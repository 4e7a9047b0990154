package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly: picocli formats descriptions with {@code String.format}, so
 * a bare percent sign (jtcp%d, 2%) made it print warnings and show the raw text. Every command that
 * runs something also shows examples.
 */
class HelpTextTest {
  private static List<CommandLine> all(CommandLine c) {
    List<CommandLine> out = new ArrayList<>(List.of(c));
    for (CommandLine sub : c.getSubcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        out.addAll(all(sub));
      }
    }
    return out;
  }

  @Test
  void everyHelpRendersWithoutWarningsAndHasExamples() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    List<String> missing = new ArrayList<>();
    try {
      System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
      for (CommandLine c : all(new CommandLine(new Main()))) {
        StringWriter text = new StringWriter();
        c.usage(new PrintWriter(text));
        String name = c.getCommandSpec().qualifiedName();
        if (c.getParent() != null
            && !name.endsWith(" help")
            && c.getSubcommands().isEmpty()
            && !text.toString().contains("Example")) {
          missing.add(name + " has no examples");
        }
      }
    } finally {
      System.setErr(stderr);
    }
    assertEquals(
        "", warnings.toString(StandardCharsets.UTF_8), "picocli warned while rendering help");
    assertTrue(missing.isEmpty(), missing.toString());
  }
}
