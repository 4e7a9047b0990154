package io.jtcp.core.wire;

import java.util.HexFormat;

/**
 * A 48-bit Ethernet address, held in the low 48 bits of a {@code long}.
 *
 * @param bits the address, most significant byte first
 */
public record MacAddress(long bits) {
  public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
  public static final MacAddress ZERO = new MacAddress(0);

  public MacAddress {
    if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
      throw new IllegalArgumentException(
          "a MAC address has 48 bits; got 0x" + Long.toHexString(bits));
    }
  }

  /**
   * Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes).
   *
   * @throws IllegalArgumentException with the expected form, for anything else
   */
  public static MacAddress parse(String text) {
    String[] parts = text.split("[:-]", -1);
    if (parts.length != 6) {
      throw new IllegalArgumentException(
          "not a MAC address: '" + text + "' (expected six hex bytes like 02:00:00:00:00:01)");
    }
    long bits = 0;
    for (String part : parts) {
      if (part.length() != 2
          || !HexFormat.isHexDigit(part.charAt(0))
          || !HexFormat.isHexDigit(part.charAt(1))) {
        throw new IllegalArgumentException(
            "not a MAC address: '" + text + "' (expected six hex bytes like 02:00:00:00:00:01)");
      }
      bits = bits << 8 | HexFormat.fromHexDigits(part);
    }
    return new MacAddress(bits);
  }

  /** Whether the group bit is set (broadcast or multicast). */
  public boolean isMulticast() {
    return (bits >>> 40 & 1) != 0;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(17);
    for (int shift = 40; shift >= 0; shift -= 8) {
      if (shift != 40) {
        sb.append(':');
      }
      sb.append(HexFormat.of().toHexDigits((byte) (bits >>> shift)));
    }
    return sb.toString();
  }
}
