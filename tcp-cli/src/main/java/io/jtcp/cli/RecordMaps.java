package io.jtcp.cli;

import io.jtcp.core.fsm.TcpState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Records as {@link Json} objects with snake_case keys. Read from the record's components, so that
 * a summary like {@link io.jtcp.core.api.TcpInfo} prints every field it gains without this code
 * changing.
 */
final class RecordMaps {
  private RecordMaps() {}

  /**
   * The components in declaration order; states by their RFC names, other enums by name, nested
   * records as objects.
   */
  static Map<String, Object> snakeCase(Record r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c + " of a public record", e);
      }
      m.put(snakeCase(c.getName()), value(v));
    }
    return m;
  }

  /** What {@link Json} prints as is, as is; records as objects; anything else as its string. */
  private static Object value(Object v) {
    return switch (v) {
      case null -> null;
      case Integer i -> i;
      case Long l -> l;
      case Double d -> d;
      case Boolean b -> b;
      case String s -> s;
      case TcpState s -> s.rfcName();
      case Enum<?> e -> e.name();
      case Record r -> snakeCase(r);
      default -> v.toString();
    };
  }

  /** {@code rttVarMicros} to {@code rtt_var_micros}. */
  static String snakeCase(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        if (i > 0) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
