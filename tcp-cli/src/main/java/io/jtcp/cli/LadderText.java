package io.jtcp.cli;

import java.util.List;
import java.util.Locale;

/**
 * The text layout both ladders share ({@code jtcp demo}'s and {@code jtcp trace}'s): a time column
 * aligned right, then columns aligned left, two spaces apart, and arrows that carry their label.
 */
final class LadderText {
  private LadderText() {}

  /**
   * Lays out {@code rows} as a table: the first column right-aligned, the others left-aligned to
   * the widest cell of their column, the last one unpadded; trailing blanks are stripped from each
   * line. Every row has the same number of cells.
   */
  static String align(List<String[]> rows) {
    int columns = rows.isEmpty() ? 0 : rows.getFirst().length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        if (c > 0) {
          line.append("  ");
        }
        String cell = r[c];
        if (c == 0) {
          line.repeat(' ', width[c] - cell.length()).append(cell);
        } else if (c < columns - 1) {
          line.append(cell).repeat(' ', width[c] - cell.length());
        } else {
          line.append(cell);
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /**
   * An arrow carrying {@code label} (which brings its own surrounding spaces): {@code -- label -->}
   * to the right, {@code <-- label --} to the left; a segment that never arrived ends in {@code X}.
   */
  static String arrow(boolean rightward, String label, boolean lost) {
    return rightward
        ? "--" + label + (lost ? "--X" : "-->")
        : (lost ? "X--" : "<--") + label + "--";
  }

  /** Nanoseconds as milliseconds with three decimals: {@code 60060.000}. */
  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  /** A SYN's options in short form, each after a space: {@code mss=1460 ws=7 sack ts}. */
  static String synOptions(io.jtcp.core.wire.TcpView v) {
    StringBuilder sb = new StringBuilder();
    if (v.mss() >= 0) {
      sb.append(" mss=").append(v.mss());
    }
    if (v.windowScale() >= 0) {
      sb.append(" ws=").append(v.windowScale());
    }
    if (v.sackPermitted()) {
      sb.append(" sack");
    }
    if (v.hasTimestamps()) {
      sb.append(" ts");
    }
    return sb.toString();
  }
}
