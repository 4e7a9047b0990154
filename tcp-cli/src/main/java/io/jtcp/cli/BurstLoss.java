package io.jtcp.cli;

import io.jtcp.core.sim.GilbertElliott;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --burst-loss P,LEN}: a long-run loss rate and a mean burst length in packets, the two
 * numbers people quote for bursty loss (Gilbert–Elliott, {@link GilbertElliott#ofBurstLoss}).
 */
record BurstLoss(double rate, double length) {
  static final String ACCEPTED =
      "P,LEN: a loss rate (0.02 or 2%) and a mean burst length of at least 1 packet, e.g. 2%,4";

  /**
   * @throws IllegalArgumentException saying what is accepted
   */
  static BurstLoss parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not " + ACCEPTED);
    }
    double rate = Probability.parse(parts[0]);
    double length;
    try {
      length = Double.parseDouble(parts[1].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + parts[1] + "' is not a burst length: use " + ACCEPTED, e);
    }
    GilbertElliott.ofBurstLoss(rate, length); // says which pairs are impossible, and why
    return new BurstLoss(rate, length);
  }

  /** For picocli. */
  static final class Converter implements ITypeConverter<BurstLoss> {
    @Override
    public BurstLoss convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
