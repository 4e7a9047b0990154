package io.jtcp.core.fsm;

import java.util.List;
import java.util.stream.Collectors;

/** Renders the transition table as aligned text, as {@code jtcp fsm} prints it. */
public final class TableFormat {
  private TableFormat() {}

  /** One line per row: state, event, guard, next state, actions (or the error), RFC reference. */
  public static String render(List<Transition> rows) {
    String[] head = {"STATE", "EVENT", "GUARD", "NEXT", "ACTIONS", "REFERENCE"};
    String[][] cells = new String[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Transition t = rows.get(i);
      String what =
          t.error() != null
              ? "error: " + t.error()
              : t.actions().isEmpty()
                  ? "(nothing)"
                  : t.actions().stream().map(Action::text).collect(Collectors.joining(", "));
      cells[i] =
          new String[] {
            t.state().rfcName(),
            t.event().name(),
            t.guard().text(),
            t.next() == t.state() ? "=" : t.next().rfcName(),
            what,
            t.rfc()
          };
    }
    int[] width = new int[head.length];
    for (int c = 0; c < head.length; c++) {
      width[c] = head[c].length();
      for (String[] row : cells) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, head, width);
    String previous = "";
    for (String[] row : cells) {
      if (!row[0].equals(previous) && !previous.isEmpty()) {
        sb.append('\n');
      }
      previous = row[0];
      line(sb, row, width);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] width) {
    for (int c = 0; c < cells.length; c++) {
      sb.append(cells[c]);
      if (c < cells.length - 1) {
        sb.append(" ".repeat(width[c] - cells[c].length() + 2));
      }
    }
    sb.append('\n');
  }
}
