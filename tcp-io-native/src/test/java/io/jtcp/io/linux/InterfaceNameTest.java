package io.jtcp.io.linux;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InterfaceNameTest {
  private static String refusal(String name) {
    return assertThrows(IllegalArgumentException.class, () -> InterfaceName.check(name, ": hint"))
        .getMessage();
  }

  @Test
  void refusesWhatDevValidNameRefuses_sayingWhy() {
    assertEquals("an interface name must not be empty: hint", refusal(""));
    assertEquals(
        "interface name 'sixteen-bytes-xx' is 16 bytes long; Linux allows at most 15 (IFNAMSIZ is"
            + " 16 with the terminating NUL)",
        refusal("sixteen-bytes-xx"));
    assertEquals("'..' is not a valid interface name", refusal(".."));
    assertEquals(
        "interface name 'eth0:1' contains ':': Linux forbids '/', ':' and whitespace in interface"
            + " names",
        refusal("eth0:1"));
    assertEquals(
        "interface name 'a b' contains 'whitespace': Linux forbids '/', ':' and whitespace in"
            + " interface names",
        refusal("a b"));
    assertDoesNotThrow(() -> InterfaceName.check("fifteen-bytes-x", ""));
  }
}
