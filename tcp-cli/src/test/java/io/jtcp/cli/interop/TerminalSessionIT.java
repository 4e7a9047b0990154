package io.jtcp.cli.interop;

import static io.jtcp.cli.interop.Sandbox.JTCP;
import static io.jtcp.cli.interop.Sandbox.KERNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtcp get} as a person sees it: on a terminal (a pseudo-terminal from {@code script(1)}) it
 * draws a progress bar on standard error and erases it at the end; in a pipe it draws nothing. With
 * {@code --stats} both print the connection's TCP_INFO line, and {@code --json} makes it JSON.
 */
class TerminalSessionIT {
  @TempDir static Path dir;
  static Path file;

  @BeforeAll
  static void files() throws IOException {
    Sandbox.requireCapable("ip", "ss", "python3", "script");
    file = dir.resolve("four.bin");
    byte[] b = new byte[4 << 20];
    new SplittableRandom(4).nextBytes(b);
    Files.write(file, b);
  }

  private static List<String> get(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "get",
                "http://" + KERNEL + ":8000/" + file.getFileName(),
                "--link",
                "tap:" + Sandbox.DEVICE,
                "--ip",
                JTCP + "/24",
                "-o",
                out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void onATerminalTheBarIsDrawnThenErased() throws IOException {
    try (Sandbox s = Sandbox.create("tap")) {
      Transfers.pythonServer(s, dir);
      Path got = dir.resolve("tty-" + s.name);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-jar");
      command.add(Sandbox.jar().toAbsolutePath().toString());
      command.addAll(get(got, "--stats"));
      // script -q -e -c CMD /dev/null: CMD on a new pseudo-terminal, its output copied to ours.
      Sandbox.Result r =
          s.tryRun(
              "script",
              "-qec",
              String.join(" ", command.stream().map(TerminalSessionIT::quote).toList()),
              "/dev/null");
      assertEquals(0, r.exit(), r.all());
      // The output was stripped, so a bar drawn first has lost its leading carriage return.
      String tty = r.stdout();
      assertTrue(tty.contains("jtcp: get "), "no progress bar drawn: " + printable(tty));
      assertTrue(tty.contains("% ["), "the bar shows a percentage: " + printable(tty));
      assertTrue(tty.contains("\r\033[2K"), "the bar is erased: " + printable(tty));
      assertTrue(
          tty.indexOf("\r\033[2K") > tty.lastIndexOf("jtcp: get "),
          "erased after the last redraw: " + printable(tty));
      assertTrue(tty.contains("bytes_received:"), "--stats: " + printable(tty));
      assertEquals(Files.size(file), Files.size(got));
    }
  }

  @Test
  void inAPipeNothingIsDrawnAndJsonStatsArePrinted() throws IOException {
    try (Sandbox s = Sandbox.create("tap")) {
      Transfers.pythonServer(s, dir);
      Path got = dir.resolve("pipe-" + s.name);
      Sandbox.Result r = s.jtcp(get(got, "--stats", "--json").toArray(String[]::new)).finish();
      assertEquals(0, r.exit(), r.all());
      assertFalse(r.stderr().contains("\r"), "a bar drawn into a pipe: " + printable(r.stderr()));
      String json = r.stderr().lines().filter(l -> l.startsWith("{")).findFirst().orElse("");
      assertTrue(json.contains("\"remote\":\"" + KERNEL + ":8000\""), r.all());
      assertTrue(json.contains("\"bytes_received\":"), r.all());
      assertEquals(Files.size(file), Files.size(got));
    }
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private static String printable(String s) {
    return s.replace("\r", "\\r").replace("\033", "\\e");
  }
}
