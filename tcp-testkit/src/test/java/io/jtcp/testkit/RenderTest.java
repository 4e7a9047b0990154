package io.jtcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counterexamples must be readable: arrays and records of arrays especially. */
class RenderTest {
  record Segment(int seq, byte[] payload, List<String> options) {}

  @Test
  void bytesAsHexCutShort() {
    assertEquals("byte[3]{00 7f ff}", Render.value(new byte[] {0, 0x7f, (byte) 0xff}));
    String longOne = Render.value(new byte[100]);
    assertTrue(longOne.startsWith("byte[100]{00 00"), longOne);
    assertTrue(longOne.endsWith(" ... 36 more}"), longOne);
  }

  @Test
  void recordsRenderTheirComponents() {
    assertEquals(
        "Segment[seq=-1, payload=byte[2]{01 02}, options=[\"mss\", \"ws\"]]",
        Render.value(new Segment(-1, new byte[] {1, 2}, List.of("mss", "ws"))));
  }

  @Test
  void arraysCollectionsStringsAndPairs() {
    assertEquals("[1, 2, 3]", Render.value(new int[] {1, 2, 3}));
    assertEquals(
        "[[1, 2], byte[1]{0a}]", Render.value(new Object[] {new long[] {1, 2}, new byte[] {10}}));
    assertEquals("{\"k\"=[true]}", Render.value(Map.of("k", new boolean[] {true})));
    assertEquals("\"a\\n\\\"b\"", Render.value("a\n\"b"));
    assertEquals("(7, null)", Render.value(new BiProperty.Pair<>(7, null)));
    assertEquals("null", Render.value(null));
  }

  @Test
  void hugeValuesAreCutShort() {
    String s = Render.value(java.util.Collections.nCopies(100_000, 12345));
    assertTrue(s.length() < Render.MAX_CHARS + 100, "length " + s.length());
    assertTrue(s.endsWith("more chars)"), s.substring(s.length() - 40));
  }
}
