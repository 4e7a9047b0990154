package io.jtcp.core.wire;

/**
 * An IPv4 address as its 32 bits in network order. The engine passes raw {@code int}s; this record
 * is for the API, configuration and logs.
 *
 * @param bits the address, most significant byte first
 */
public record Ipv4Address(int bits) {
  public static final Ipv4Address ANY = new Ipv4Address(0);
  public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

  /**
   * Parses dotted-quad notation.
   *
   * @throws IllegalArgumentException with the expected form, for anything else
   */
  public static Ipv4Address parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw bad(text);
    }
    int bits = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw bad(text);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw bad(text);
      }
      bits = bits << 8 | octet;
    }
    return new Ipv4Address(bits);
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        "not an IPv4 address: '" + text + "' (expected four numbers 0-255 like 192.0.2.1)");
  }

  /** The dotted-quad form of raw address bits. */
  public static String toString(int bits) {
    return (bits >>> 24)
        + "."
        + (bits >>> 16 & 0xFF)
        + "."
        + (bits >>> 8 & 0xFF)
        + "."
        + (bits & 0xFF);
  }

  @Override
  public String toString() {
    return toString(bits);
  }
}
