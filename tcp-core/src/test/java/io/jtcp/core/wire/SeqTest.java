package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {
  @Test
  void orderAcrossTheWrap() {
    assertTrue(Seq.lt(0xFFFF_FFF0, 0x10));
    assertTrue(Seq.gt(0x10, 0xFFFF_FFF0));
    assertFalse(Seq.lt(0x10, 0xFFFF_FFF0));
    assertEquals(0x20, Seq.distance(0xFFFF_FFF0, 0x10));
    assertEquals(0x10, Seq.max(0xFFFF_FFF0, 0x10));
    assertEquals(0xFFFF_FFF0, Seq.min(0xFFFF_FFF0, 0x10));
  }

  @Test
  void exactlyHalfTheSpaceApartIsUnordered() {
    int a = 5;
    int b = a + Integer.MIN_VALUE;
    assertFalse(Seq.lt(a, b));
    assertFalse(Seq.lt(b, a));
    assertFalse(Seq.comparable(a, b));
    assertTrue(Seq.comparable(a, b - 1));
    assertTrue(Seq.lt(a, b - 1));
  }

  @Test
  void betweenIsHalfOpenAndWraps() {
    assertTrue(Seq.between(0xFFFF_FFFE, 0xFFFF_FFFE, 2));
    assertTrue(Seq.between(0xFFFF_FFFE, 1, 2));
    assertFalse(Seq.between(0xFFFF_FFFE, 2, 2));
    assertFalse(Seq.between(7, 7, 7), "an empty window holds nothing");
    assertTrue(Seq.inWindow(3, 0xFFFF_FFFF, 5));
    assertFalse(Seq.inWindow(4, 0xFFFF_FFFF, 5));
    assertTrue(Seq.inWindow(0, 1, 1L << 32), "a window of the whole space holds everything");
  }

  @Test
  void unsignedRendering() {
    assertEquals("4294967295", Seq.toString(-1));
  }
}
