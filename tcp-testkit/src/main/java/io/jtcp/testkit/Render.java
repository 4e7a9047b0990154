package io.jtcp.testkit;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Values as a failure report shows them. {@code toString} is useless for arrays and for records
 * holding arrays, and counterexamples are mostly byte arrays and records of them, so those get
 * rendered here; everything else falls back to {@code toString}.
 */
final class Render {
  /** Bytes shown before a byte array is cut short. */
  static final int MAX_BYTES = 64;

  /** Characters shown before any rendering is cut short. */
  static final int MAX_CHARS = 4000;

  private static final int MAX_DEPTH = 8;

  private Render() {}

  static String value(Object v) {
    StringBuilder out = new StringBuilder();
    try {
      append(out, v, 0);
    } catch (RuntimeException | StackOverflowError e) {
      out.append(" <rendering failed: ").append(e).append('>');
    }
    if (out.length() > MAX_CHARS) {
      int total = out.length();
      out.setLength(MAX_CHARS);
      out.append("... (").append(total - MAX_CHARS).append(" more chars)");
    }
    return out.toString();
  }

  private static void append(StringBuilder out, Object v, int depth) {
    if (out.length() > MAX_CHARS) {
      return;
    }
    if (v == null) {
      out.append("null");
    } else if (depth > MAX_DEPTH) {
      out.append("...");
    } else if (v instanceof byte[] b) {
      hex(out, b);
    } else if (v instanceof Object[] a) {
      sequence(out, Arrays.asList(a).iterator(), "[", "]", depth);
    } else if (v.getClass().isArray()) {
      primitiveArray(out, v);
    } else if (v instanceof CharSequence s) {
      quote(out, s);
    } else if (v instanceof Character c) {
      out.append('\'').append(c).append('\'');
    } else if (v instanceof BiProperty.Pair<?, ?> p) {
      out.append('(');
      append(out, p.first(), depth + 1);
      out.append(", ");
      append(out, p.second(), depth + 1);
      out.append(')');
    } else if (v instanceof Collection<?> c) {
      sequence(out, c.iterator(), "[", "]", depth);
    } else if (v instanceof Map<?, ?> m) {
      map(out, m, depth);
    } else if (v instanceof Record r) {
      record(out, r, depth);
    } else {
      out.append(v);
    }
  }

  private static void hex(StringBuilder out, byte[] b) {
    out.append("byte[").append(b.length).append("]{");
    int shown = Math.min(b.length, MAX_BYTES);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(Character.forDigit((b[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(b[i] & 0xf, 16));
    }
    if (shown < b.length) {
      out.append(" ... ").append(b.length - shown).append(" more");
    }
    out.append('}');
  }

  private static void primitiveArray(StringBuilder out, Object array) {
    String s = Arrays.deepToString(new Object[] {array});
    out.append(s, 1, s.length() - 1);
  }

  private static void sequence(
      StringBuilder out, Iterator<?> it, String open, String close, int depth) {
    out.append(open);
    boolean first = true;
    while (it.hasNext() && out.length() <= MAX_CHARS) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      append(out, it.next(), depth + 1);
    }
    out.append(close);
  }

  private static void map(StringBuilder out, Map<?, ?> m, int depth) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (out.length() > MAX_CHARS) {
        break;
      }
      if (!first) {
        out.append(", ");
      }
      first = false;
      append(out, e.getKey(), depth + 1);
      out.append('=');
      append(out, e.getValue(), depth + 1);
    }
    out.append('}');
  }

  /** Like a record's own {@code toString}, but with its components rendered here. */
  private static void record(StringBuilder out, Record r, int depth) {
    RecordComponent[] components = r.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        var accessor = components[i].getAccessor();
        accessor.setAccessible(true);
        values[i] = accessor.invoke(r);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      out.append(r); // a record we may not look into still has its own toString
      return;
    }
    out.append(r.getClass().getSimpleName()).append('[');
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(components[i].getName()).append('=');
      append(out, values[i], depth + 1);
    }
    out.append(']');
  }

  private static void quote(StringBuilder out, CharSequence s) {
    out.append('"');
    for (int i = 0; i < s.length() && out.length() <= MAX_CHARS; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
