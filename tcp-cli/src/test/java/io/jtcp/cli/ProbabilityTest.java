package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProbabilityTest {
  @Test
  void fractionsAndPercentages_areTheSameDoubles() {
    assertEquals(0.02, Probability.parse("0.02"));
    assertEquals(0.02, Probability.parse("2%"));
    assertEquals(0.025, Probability.parse("2.5%"));
    assertEquals(0.001, Probability.parse("0.1%"));
    assertEquals(0.1, Probability.parse("10 %"));
    assertEquals(0.5, Probability.parse(".5"));
    assertEquals(1e-4, Probability.parse("1e-4"));
    assertEquals(0, Probability.parse("0"));
    assertEquals(1, Probability.parse("1"));
    assertEquals(1, Probability.parse("100%"));
  }

  @Test
  void rejects_sayWhatIsAccepted() {
    for (String bad : new String[] {"", "-0.1", "abc", "2%%", "%", "1.5", "101%", "NaN"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Probability.parse(bad), bad);
      assertTrue(e.getMessage().endsWith(Probability.ACCEPTED), e.getMessage());
    }
  }

  @Test
  void format_isAPercentage() {
    assertEquals("2%", Probability.format(0.02));
    assertEquals("0.5%", Probability.format(0.005));
    assertEquals("0%", Probability.format(0));
    assertEquals("100%", Probability.format(1));
  }

  @Test
  void burstLoss_isARateAndAMeanLength() {
    assertEquals(new BurstLoss(0.02, 4), BurstLoss.parse("2%,4"));
    assertEquals(new BurstLoss(0.01, 2.5), BurstLoss.parse("0.01, 2.5"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> BurstLoss.parse("2%"))
            .getMessage()
            .endsWith(BurstLoss.ACCEPTED));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> BurstLoss.parse("2%,x"))
            .getMessage()
            .startsWith("'x' is not a burst length"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> BurstLoss.parse("2%,0.5"))
            .getMessage()
            .startsWith("mean burst length must be a finite number of packets >= 1"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> BurstLoss.parse("90%,1"))
            .getMessage()
            .contains("cannot come in bursts of 1.0 packets"));
  }
}
