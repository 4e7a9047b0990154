package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void help_printsUsageAndExitsZero() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().startsWith("Usage: jtcp"), out.toString());
    assertTrue(out.toString().contains("--version"), out.toString());
  }

  @Test
  void version_namesTheBuildVersionAndTheJdk() {
    assertEquals(0, run("--version"));
    String text = out.toString();
    assertTrue(text.matches("(?s)jtcp \\d+\\.\\d+\\.\\d+.*"), text);
    assertTrue(text.contains("Java " + Runtime.version().feature()), text);
  }

  @Test
  void unknownOption_isAUsageErrorThatNamesIt() {
    assertEquals(2, run("--frobnicate"));
    assertTrue(err.toString().contains("--frobnicate"), err.toString());
  }

  @Test
  void noCommand_showsTheCommandsAndExitsTwo() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("Usage: jtcp"), err.toString());
    assertTrue(err.toString().contains("jtcp needs a command"), err.toString());
  }
}
