package io.jtcp.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FairnessTest {
  @Test
  void anEqualSplit_isOne() {
    assertEquals(1.0, Fairness.jain(5, 5, 5, 5));
    assertEquals(1.0, Fairness.jain(42));
    assertEquals(1.0, Fairness.jain(0.1, 0.1, 0.1), "rounding never lifts it above 1");
  }

  @Test
  void oneFlowTakingEverything_isOneOverN() {
    assertEquals(0.25, Fairness.jain(0, 0, 9, 0));
    assertEquals(0.5, Fairness.jain(10, 0));
  }

  @Test
  void theFormula_sumSquaredOverNTimesSumOfSquares() {
    // (1 + 2 + 3)² / (3 · (1 + 4 + 9)) = 36 / 42
    assertEquals(36.0 / 42, Fairness.jain(1, 2, 3), 1e-15);
    // (3 + 1)² / (2 · (9 + 1)) = 16 / 20
    assertEquals(0.8, Fairness.jain(3, 1), 1e-15);
  }

  @Test
  void itDependsOnTheSharesNotTheirUnit() {
    assertEquals(Fairness.jain(1, 2, 3), Fairness.jain(1e6, 2e6, 3e6), 1e-15);
  }

  @Test
  void nothingDelivered_isUndefined() {
    assertTrue(Double.isNaN(Fairness.jain(0, 0)));
  }

  @Test
  void badInput_isRefused() {
    assertThrows(IllegalArgumentException.class, Fairness::jain);
    assertThrows(IllegalArgumentException.class, () -> Fairness.jain(1, -1));
    assertThrows(IllegalArgumentException.class, () -> Fairness.jain(1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Fairness.jain(1, Double.POSITIVE_INFINITY));
  }
}
