package io.jtcp.core.engine;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.fsm.TcpEvent;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.fsm.Transition;
import io.jtcp.core.fsm.TransitionTable;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Proves that a segment script exists for every row of the table a segment can reach: runs every
 * script of this package (each class with a {@link Script} field) with {@link RowTrace} recording,
 * then requires every row whose event is a segment to have fired in a script named for its state
 * ({@code state_event_outcome}: {@code finWait2_...} for FIN-WAIT-2 rows), except the rows {@link
 * #UNREACHABLE} lists, each with the reason no segment can get there. A new reachable row without a
 * script fails this test; so does a listed row that some script reaches after all.
 */
class TableCoverageTest {
  /** Rows no segment reaches, keyed as {@link #key} prints them, with the reason. */
  static final Map<String, String> UNREACHABLE =
      Map.ofEntries(
          entry(
              "CLOSED x UNACCEPTABLE [ALWAYS]",
              "no TCB, so no window to miss: the demux classifies by flags (9293 §3.10.7.1)"),
          entry(
              "LISTEN x UNACCEPTABLE [ALWAYS]",
              "LISTEN has no receive window: the listener classifies by flags (9293 §3.10.7.2)"),
          entry(
              "SYN_SENT x UNACCEPTABLE [ALWAYS]",
              "SYN-SENT checks the ACK field, not the sequence number (9293 §3.10.7.3)"),
          entry(
              "SYN_RECEIVED x DATA [ALWAYS]",
              "text is reached only past an ACK row, and SYN-RECEIVED's either goes to ESTABLISHED"
                  + " or discards; a crossing SYN's text is discarded with it in SYN-SENT"),
          entry(
              "SYN_RECEIVED x FIN [ALWAYS]",
              "a FIN is reached only past an ACK row, and SYN-RECEIVED's either goes to ESTABLISHED"
                  + " or discards; a crossing SYN's FIN is discarded with it in SYN-SENT"),
          entry(
              "ESTABLISHED x DATA [ORPHANED]",
              "no socket is orphaned in ESTABLISHED: close() there always leaves it (FIN-WAIT-1,"
                  + " or CLOSED with a RST)"));

  /** How the names of scripts for {@code state} begin: {@code "finWait2_"} for FIN-WAIT-2. */
  static String scriptPrefix(TcpState state) {
    StringBuilder b = new StringBuilder();
    for (String word : state.name().toLowerCase(Locale.ROOT).split("_")) {
      b.append(b.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return b.append('_').toString();
  }

  static String key(Transition t) {
    return t.state() + " x " + t.event() + " [" + t.guard() + "]";
  }

  @Test
  void everySegmentRowHasAScriptOrIsListedUnreachable() throws Exception {
    Map<String, String> firstFiredBy = new LinkedHashMap<>(); // in a script named for its state
    Map<String, String> touchedBy = new LinkedHashMap<>(); // in any script
    List<String> failures = new ArrayList<>();
    List<Class<?>> scripts = scriptClasses();
    int runs = 0;
    for (Class<?> type : scripts) {
      for (Method m : testMethods(type)) {
        String name = type.getSimpleName() + "." + m.getName();
        String method = m.getName();
        try (RowTrace.Recording _ =
            RowTrace.record(
                t -> {
                  touchedBy.putIfAbsent(key(t), name);
                  if (method.startsWith(scriptPrefix(t.state()))) {
                    firstFiredBy.putIfAbsent(key(t), name);
                  }
                })) {
          runOne(type, m);
        } catch (Throwable e) {
          failures.add(name + ": " + e);
        }
        runs++;
      }
    }
    assertTrue(failures.isEmpty(), "scripts failed, so they prove nothing:\n" + lines(failures));

    Set<String> segmentRows = new TreeSet<>();
    for (Transition t : TransitionTable.rfc9293().all()) {
      if (t.event().kind() == TcpEvent.Kind.SEGMENT) {
        segmentRows.add(key(t));
      }
    }
    List<String> stale = new ArrayList<>();
    for (String row : UNREACHABLE.keySet()) {
      if (!segmentRows.contains(row)) {
        stale.add(row);
      }
    }
    assertTrue(stale.isEmpty(), "UNREACHABLE names rows the table does not have:\n" + lines(stale));

    List<String> reached = new ArrayList<>();
    for (String row : UNREACHABLE.keySet()) {
      if (touchedBy.containsKey(row)) {
        reached.add(row + " (by " + touchedBy.get(row) + ")");
      }
    }
    assertTrue(
        reached.isEmpty(),
        "rows listed as unreachable were reached; take them off the list:\n" + lines(reached));

    List<String> missing = new ArrayList<>();
    for (String row : segmentRows) {
      if (!firstFiredBy.containsKey(row) && !UNREACHABLE.containsKey(row)) {
        String other = touchedBy.get(row);
        missing.add(row + (other == null ? "" : " (fired only in " + other + ")"));
      }
    }
    assertTrue(
        missing.isEmpty(),
        missing.size()
            + " segment rows have no script (write one, named state_event_outcome, or list the row"
            + " in UNREACHABLE with the reason):\n"
            + lines(missing));
    System.out.printf(
        "%d segment rows: %d reached by %d scripts in %d classes, %d unreachable%n",
        segmentRows.size(),
        segmentRows.size() - UNREACHABLE.size(),
        runs,
        scripts.size(),
        UNREACHABLE.size());
  }

  @Test
  void scriptPrefix_camelCaseOfTheState() {
    assertEquals("finWait2_", scriptPrefix(TcpState.FIN_WAIT_2));
    assertEquals("synReceived_", scriptPrefix(TcpState.SYN_RECEIVED));
    assertEquals("closed_", scriptPrefix(TcpState.CLOSED));
  }

  @Test
  void rowTrace_recordsOnlyTheRecordingThread() throws Exception {
    List<String> seen = new ArrayList<>();
    try (RowTrace.Recording _ = RowTrace.record(t -> seen.add(key(t)))) {
      Thread other =
          Thread.ofPlatform()
              .start(
                  () -> {
                    Script elsewhere = new Script();
                    elsewhere.recv(Script.seg(io.jtcp.core.wire.TcpFlags.RST).seq(1));
                  });
      other.join();
      assertEquals(List.of(), seen, "another thread's rows are not ours");
      new Script().recv(Script.seg(io.jtcp.core.wire.TcpFlags.RST).seq(1));
      assertEquals(List.of("CLOSED x RST [ALWAYS]"), seen);
      assertThrows(IllegalStateException.class, () -> RowTrace.record(t -> {}).close());
    }
    new Script().recv(Script.seg(io.jtcp.core.wire.TcpFlags.RST).seq(1));
    assertEquals(1, seen.size(), "closing the recording stops it");
  }

  // ---- Running the scripts
  // -------------------------------------------------------------------------------------

  /** The classes of this package that drive a {@link Script}: the segment scripts. */
  private static List<Class<?>> scriptClasses() throws URISyntaxException, ClassNotFoundException {
    URL here = TableCoverageTest.class.getResource("");
    if (here == null || !"file".equals(here.getProtocol())) {
      throw new IllegalStateException(
          "test classes must be a directory to find the scripts in; got " + here);
    }
    String[] names = new File(here.toURI()).list((dir, n) -> n.endsWith("Test.class"));
    List<Class<?>> out = new ArrayList<>();
    for (String n : names == null ? new String[0] : names) {
      Class<?> type =
          Class.forName(TableCoverageTest.class.getPackageName() + "." + n.replace(".class", ""));
      if (type != TableCoverageTest.class && drivesAScript(type)) {
        out.add(type);
      }
    }
    out.sort(Comparator.comparing(Class::getName));
    assertFalse(out.isEmpty(), "no segment scripts found in " + here);
    return out;
  }

  private static boolean drivesAScript(Class<?> type) {
    for (Field f : type.getDeclaredFields()) {
      if (f.getType() == Script.class) {
        return true;
      }
    }
    return false;
  }

  private static List<Method> testMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class) && !m.isAnnotationPresent(Disabled.class))
        .sorted(Comparator.comparing(Method::getName))
        .collect(Collectors.toList());
  }

  /**
   * One test method on a fresh instance, with its class's {@code @BeforeEach} and
   * {@code @AfterEach}.
   */
  private static void runOne(Class<?> type, Method test) throws Throwable {
    Constructor<?> ctor = type.getDeclaredConstructor();
    ctor.setAccessible(true);
    Object instance;
    try {
      instance = ctor.newInstance();
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    try {
      for (Method m : annotated(type, BeforeEach.class)) {
        invoke(m, instance);
      }
      invoke(test, instance);
    } finally {
      for (Method m : annotated(type, AfterEach.class)) {
        invoke(m, instance);
      }
    }
  }

  private static List<Method> annotated(
      Class<?> type, Class<? extends java.lang.annotation.Annotation> a) {
    return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(a)).toList();
  }

  private static void invoke(Method m, Object instance) throws Throwable {
    m.setAccessible(true);
    try {
      m.invoke(instance);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String lines(List<String> items) {
    return items.stream().map(s -> "  " + s).collect(Collectors.joining("\n"));
  }
}
