package io.jtcp.io.linux;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The kernel's rule for network interface names, dev_valid_name() in net/core/dev.c, checked before
 * a name reaches an ioctl or libpcap, so that a typo gets a sentence rather than an errno.
 */
public final class InterfaceName {
  private InterfaceName() {}

  /**
   * Refuses what Linux refuses: an empty name, one of more than {@code IFNAMSIZ − 1} bytes, "." and
   * "..", and '/', ':', whitespace or NUL anywhere.
   *
   * @param whenEmpty what to tell the user to do instead of an empty name
   * @throws IllegalArgumentException saying what is wrong with the name
   */
  public static void check(String name, String whenEmpty) {
    Objects.requireNonNull(name, "name");
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("an interface name must not be empty" + whenEmpty);
    }
    if (bytes.length > Libc.IFNAMSIZ - 1) {
      throw new IllegalArgumentException(
          "interface name '"
              + name
              + "' is "
              + bytes.length
              + " bytes long; Linux allows at most "
              + (Libc.IFNAMSIZ - 1)
              + " (IFNAMSIZ is 16 with the terminating NUL)");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("'" + name + "' is not a valid interface name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == ':' || Character.isWhitespace(c) || c == 0) {
        throw new IllegalArgumentException(
            "interface name '"
                + name
                + "' contains '"
                + (c == 0 ? "\\0" : Character.isWhitespace(c) ? "whitespace" : String.valueOf(c))
                + "': Linux forbids '/', ':' and whitespace in interface names");
      }
    }
  }
}
