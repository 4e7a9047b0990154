package io.jtcp.cli;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Probabilities as people write them: a fraction ({@code 0.02}) or a percentage ({@code 2%}). */
final class Probability {
  static final String ACCEPTED =
      "a fraction from 0 to 1 or a percentage from 0% to 100%, e.g. 0.02 or 2%";

  private static final Pattern FORM = Pattern.compile("(\\d*\\.?\\d+(?:[eE][-+]?\\d+)?)\\s*(%?)");

  private Probability() {}

  /**
   * @throws IllegalArgumentException saying what is accepted
   */
  static double parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a probability: use " + ACCEPTED);
    }
    // Through BigDecimal, so that 2% is exactly the double 0.02, not 2 / 100.0's neighbour.
    BigDecimal v = new BigDecimal(m.group(1));
    if (!m.group(2).isEmpty()) {
      v = v.movePointLeft(2);
    }
    if (v.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("'" + text + "' is more than certain: use " + ACCEPTED);
    }
    return v.doubleValue();
  }

  /** As a percentage with no more digits than it needs: {@code 2%}, {@code 0.5%}, {@code 0%}. */
  static String format(double p) {
    return BigDecimal.valueOf(p).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** For picocli: a probability option. */
  static final class Converter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
