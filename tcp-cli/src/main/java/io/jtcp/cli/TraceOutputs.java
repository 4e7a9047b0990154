package io.jtcp.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code --trace-csv FILE} and {@code --plot FILE.svg} of the {@code sim} commands: checked before
 * the run, so a typo in a directory costs no simulation, and written after it.
 */
final class TraceOutputs {
  private TraceOutputs() {}

  /**
   * @throws ParameterException naming the option when the file's directory does not exist or the
   *     path is a directory
   */
  static void check(CommandLine cli, String option, @Nullable Path file) {
    if (file == null) {
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new ParameterException(
          cli, option + " takes a file in an existing directory; " + dir + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new ParameterException(cli, option + " takes a file name; " + file + " is a directory");
    }
  }

  /**
   * Writes what was asked for and says so on {@code report} (null for none, as with {@code
   * --json}).
   *
   * @throws UncheckedIOException when a file cannot be written
   */
  static void write(
      @Nullable Path csv,
      @Nullable Path svg,
      List<FlowTrace> flows,
      Supplier<String> plot,
      java.util.function.@Nullable BiConsumer<String, String> report) {
    try {
      if (csv != null) {
        long rows;
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
          rows = TraceCsv.write(w, flows);
        }
        if (report != null) {
          report.accept("trace csv", csv + " (" + rows + " rows)");
        }
      }
      if (svg != null) {
        Files.writeString(svg, plot.get(), StandardCharsets.UTF_8);
        if (report != null) {
          report.accept("plot", svg.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
