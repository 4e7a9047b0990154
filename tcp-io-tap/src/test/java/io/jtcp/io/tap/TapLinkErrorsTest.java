package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.io.linux.Libc;
import io.jtcp.io.tap.TapLink.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names the kernel would refuse and the sentences errno becomes. None of these needs root: names
 * are checked before any system call, and the messages are built from errno alone.
 */
class TapLinkErrorsTest {

  @Test
  void aNameOfSixteenBytesIsTooLong() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TapLink.open("jtcp-sixteen-byt", Mode.TAP));
    assertEquals(
        "interface name 'jtcp-sixteen-byt' is 16 bytes long; Linux allows at most 15 (IFNAMSIZ is"
            + " 16 with the terminating NUL)",
        e.getMessage());
  }

  @Test
  void fifteenBytesAreAllowed() {
    TapLink.validateName("jtcp-fifteen-by");
    TapLink.validateName("jtcp%d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "a:b", "a b", "tab\there"})
  void slashesColonsAndWhitespaceAreRefused(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TapLink.validateName(name));
    assertTrue(
        e.getMessage().endsWith("Linux forbids '/', ':' and whitespace in interface names"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jtcp%s", "jt%d%d", "jtcp%", "%x%d"})
  void aPatternHasOnePercentD(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TapLink.validateName(name));
    assertTrue(e.getMessage().contains("'%' may appear once, as %d"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", ".."})
  void emptyAndDotNamesAreRefused(String name) {
    assertThrows(IllegalArgumentException.class, () -> TapLink.validateName(name));
  }

  @Test
  void aMissingCloneDeviceSaysToLoadTheModule() {
    // A real open(2) through the binding, of a path that does not exist: ENOENT, no root needed.
    TapException e =
        assertThrows(
            TapException.class, () -> TapLink.open("/nonexistent/net/tun", "jtcp%d", Mode.TAP));
    assertEquals(Libc.ENOENT, e.errno());
    assertEquals("ENOENT", e.errnoName());
    assertEquals(
        "no /nonexistent/net/tun: load the tun module (modprobe tun)"
            + " [No such file or directory (ENOENT)]",
        e.getMessage());
  }

  @Test
  void permissionDeniedNamesTheCapabilityAndTheWayAround() {
    TapException e = Errors.setIff("jtcp0", Mode.TAP, Libc.EPERM);
    assertEquals(
        "permission denied: needs CAP_NET_ADMIN — run as root or create the device with `ip"
            + " tuntap add dev jtcp0 mode tap user $USER` [TUNSETIFF: Operation not permitted"
            + " (EPERM)]",
        e.getMessage());
    assertEquals("EPERM", e.errnoName());
  }

  @Test
  void permissionAdviceForAPatternNamesADevice() {
    String m = Errors.setIff("jtcp%d", Mode.TUN, Libc.EPERM).getMessage();
    assertTrue(
        m.contains(
            "create the device with `ip tuntap add dev jtcp0 mode tun user $USER` and open"
                + " jtcp0"),
        m);
  }

  @Test
  void noAccessToTheCloneDeviceIsAPermissionProblem() {
    String m = Errors.openDevice("/dev/net/tun", "jtcp0", Mode.TAP, Libc.EACCES).getMessage();
    assertTrue(m.startsWith("permission denied opening /dev/net/tun: needs CAP_NET_ADMIN"), m);
    assertTrue(m.endsWith("[Permission denied (EACCES)]"), m);
  }

  @Test
  void busyAndWrongKindHaveTheirOwnSentences() {
    String busy = Errors.setIff("jtcp0", Mode.TAP, Libc.EBUSY).getMessage();
    assertTrue(busy.startsWith("device jtcp0 is in use: another file descriptor"), busy);
    // No interface of this name exists here, so the sentence cannot say which kind it was.
    String invalid = Errors.setIff("jtcp-nosuch", Mode.TAP, Libc.EINVAL).getMessage();
    assertTrue(
        invalid.startsWith(
            "the kernel refused tap device jtcp-nosuch: an existing interface of that name is of"
                + " another kind or mode"),
        invalid);
  }

  @Test
  void otherErrnosKeepTheirText() {
    String m = Errors.setIff("jtcp0", Mode.TAP, Libc.ENODEV).getMessage();
    assertEquals(
        "cannot create or attach tap device jtcp0 [TUNSETIFF: No such device (ENODEV)]", m);
  }
}
