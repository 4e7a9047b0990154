package io.jtcp.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes in bytes as people write them: {@code 65536}, {@code 64KiB}, {@code 8MiB}, {@code 1GiB}
 * (binary, IEC) or {@code 64KB}, {@code 8MB}, {@code 1GB} (decimal, SI), units in any case, an
 * optional space and a fraction when the result is whole ({@code 1.5KiB} is 1536). Decimal units
 * mean decimal, as they do for disks and links, rather than {@code ls}'s binary K.
 */
final class ByteSize {
  static final String ACCEPTED =
      "a whole number of bytes, or a number with a unit: KiB, MiB, GiB, TiB (1024-based) or KB,"
          + " MB, GB, TB (1000-based), e.g. 65536, 64KiB, 8MiB, 1.5MB";

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");

  private static final Map<String, Long> UNITS =
      Map.of(
          "", 1L,
          "b", 1L,
          "kib", 1L << 10,
          "mib", 1L << 20,
          "gib", 1L << 30,
          "tib", 1L << 40,
          "kb", 1000L,
          "mb", 1000_000L,
          "gb", 1000_000_000L,
          "tb", 1000_000_000_000L);

  private ByteSize() {}

  /**
   * @throws IllegalArgumentException saying what is accepted
   */
  static long parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("'" + text + "' is not a size: use " + ACCEPTED);
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (bytes.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a whole number of bytes (" + bytes.toPlainString() + ")");
    }
    try {
      return bytes.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large", e);
    }
  }

  /**
   * The size in the largest binary unit it reaches, to three significant digits: {@code 512 B},
   * {@code 64 KiB}, {@code 1.5 MiB}, {@code 3.33 GiB}.
   */
  static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int i = 0;
    double v = bytes;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    if (i == 0) {
      return bytes + " B";
    }
    String digits =
        new BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    return digits + " " + units[i];
  }

  /** For picocli: a size option. */
  static final class Converter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
