package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.LinkType;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.io.linux.Libc;
import io.jtcp.io.tap.TapLink.Mode;
import io.jtcp.testkit.Capabilities;
import io.jtcp.testkit.Machine;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opening, naming, attaching and refusing, on real devices: needs root and /dev/net/tun (see {@link
 * Host}). Devices the driver creates live until it closes; the persistent ones these tests make
 * with {@code ip tuntap add} stay down and unaddressed in the root namespace, so they carry
 * nothing, and the fixture deletes them.
 */
class TapLinkDeviceTest {
  private TapFixture fx;

  @BeforeEach
  void setUp() {
    fx = TapFixture.create();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void aPatternGetsTheKernelsNumberAndTheDeviceGoesWithClose() throws Exception {
    String prefix = TapFixture.uniqueName();
    TapLink tap = fx.open(prefix + "%d", Mode.TAP);
    assertTrue(tap.name().matches(Pattern.quote(prefix) + "\\d+"), tap.name());
    assertEquals(Mode.TAP, tap.mode());
    assertEquals(LinkType.ETHERNET, tap.linkType());

    String shown = Machine.run("ip", "-o", "link", "show", "dev", tap.name());
    Matcher mtu = Pattern.compile(" mtu (\\d+) ").matcher(shown);
    assertTrue(mtu.find(), shown);
    assertEquals(Integer.parseInt(mtu.group(1)), tap.mtu());
    MacAddress mac = tap.kernelMacAddress();
    assertNotNull(mac);
    assertTrue(shown.contains("link/ether " + mac + " "), shown + " should show " + mac);

    tap.close();
    tap.close(); // idempotent
    assertTrue(tap.isClosed());
    assertFalse(Host.linkExists(tap.name()), "a device the driver created goes with its close");
  }

  @Test
  void theMtuIsReadFromTheDevice() throws Exception {
    String name = TapFixture.uniqueName();
    fx.persistentDevice(name, Mode.TUN);
    Machine.run("ip", "link", "set", "dev", name, "mtu", "1280");
    TapLink tun = fx.open(name, Mode.TUN);
    assertEquals(1280, tun.mtu());
    assertEquals(LinkType.RAW_IP, tun.linkType());
    assertNull(tun.kernelMacAddress(), "a TUN device has no hardware address");
  }

  @Test
  void attachesToAPersistentDeviceAndCanLetItGo() throws Exception {
    String name = TapFixture.uniqueName();
    fx.persistentDevice(name, Mode.TAP);
    TapLink tap = fx.open(name, Mode.TAP);
    assertEquals(name, tap.name());
    tap.close();
    assertTrue(Host.linkExists(name), "closing does not delete a persistent device");

    TapLink again = fx.open(name, Mode.TAP);
    again.setPersistent(false);
    again.close();
    assertFalse(Host.linkExists(name), "no longer persistent, it goes with the last close");
  }

  @Test
  void aDeviceMadePersistentOutlivesTheDriver() throws Exception {
    TapLink tun = fx.open(TapFixture.uniqueName(), Mode.TUN);
    String name = tun.name();
    tun.setPersistent(true);
    tun.close();
    try {
      assertTrue(Host.linkExists(name));
    } finally {
      Machine.tryRun("ip", "link", "del", "dev", name);
    }
  }

  @Test
  void aSecondOpenOfTheSameDeviceIsBusy() throws Exception {
    TapLink first = fx.open(TapFixture.uniqueName(), Mode.TAP);
    TapException e = assertThrows(TapException.class, () -> fx.open(first.name(), Mode.TAP));
    assertEquals(Libc.EBUSY, e.errno());
    assertEquals(
        "device "
            + first.name()
            + " is in use: another file descriptor (this process or another) has it open; close"
            + " that one first, or open another name [TUNSETIFF: Device or resource busy (EBUSY)]",
        e.getMessage());
  }

  @Test
  void aTunDeviceIsNotATapDevice() throws Exception {
    TapLink tun = fx.open(TapFixture.uniqueName(), Mode.TUN);
    TapException e = assertThrows(TapException.class, () -> fx.open(tun.name(), Mode.TAP));
    assertEquals(Libc.EINVAL, e.errno());
    assertEquals(
        "device "
            + tun.name()
            + " exists as a TUN device and cannot be opened as TAP: open it with Mode.TUN, or"
            + " delete it (ip link del "
            + tun.name()
            + ") [TUNSETIFF: Invalid argument (EINVAL)]",
        e.getMessage());
  }

  @Test
  void anInterfaceOfAnotherKindIsRefused() {
    // Every namespace has lo; TUNSETIFF refuses it before touching it.
    TapException e = assertThrows(TapException.class, () -> fx.open("lo", Mode.TAP));
    assertEquals(Libc.EINVAL, e.errno());
    assertTrue(
        e.getMessage()
            .startsWith(
                "interface lo exists and is not a TUN/TAP device: choose a name that no other"
                    + " interface has"),
        e.getMessage());
  }

  @Test
  void aDeviceDeletedWhileOpenIsReportedGone() throws Exception {
    TapLink tap = fx.open(TapFixture.uniqueName(), Mode.TAP);
    fx.ns.adopt(tap);
    fx.ns.ip("link", "del", "dev", tap.name());
    // tun_chr_poll() reports the detached file as an error, so the wait ends at once.
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> tap.await(TimeUnit.SECONDS.toNanos(30)));
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> tap.receive((b, o, l) -> {}, 1));
    assertEquals(
        "tap device " + tap.name() + " is gone: it was deleted while the driver had it open",
        e.getCause().getMessage());
    assertEquals(Libc.EBADFD, ((TapException) e.getCause()).errno());
  }

  @Test
  void withoutCapNetAdminCreatingIsRefusedWithAdvice() throws Exception {
    String name = TapFixture.uniqueName();
    TapException e =
        withoutNetAdmin(() -> assertThrows(TapException.class, () -> TapLink.open(name, Mode.TAP)));
    assertEquals(Libc.EPERM, e.errno());
    assertEquals(
        "permission denied: needs CAP_NET_ADMIN — run as root or create the device with `ip"
            + " tuntap add dev "
            + name
            + " mode tap user $USER` [TUNSETIFF: Operation not permitted (EPERM)]",
        e.getMessage());
    assertFalse(Host.linkExists(name));
  }

  @Test
  void theAdviceWorks_aDeviceOwnedByTheUserNeedsNoCapability() throws Exception {
    // uid 0 stands for $USER: without CAP_NET_ADMIN, root is an ordinary user here.
    String mine = TapFixture.uniqueName();
    fx.persistentDevice(mine, Mode.TAP, "user", "0");
    TapLink tap = withoutNetAdmin(() -> TapLink.open(mine, Mode.TAP));
    fx.track(tap);
    assertEquals(mine, tap.name());

    String theirs = TapFixture.uniqueName();
    fx.persistentDevice(theirs, Mode.TAP, "user", "65534");
    TapException e =
        withoutNetAdmin(
            () -> assertThrows(TapException.class, () -> TapLink.open(theirs, Mode.TAP)));
    assertEquals(Libc.EPERM, e.errno());
  }

  /** Runs {@code body} on a thread of its own without CAP_NET_ADMIN. */
  private static <T> T withoutNetAdmin(Callable<T> body) throws Exception {
    return Capabilities.without(body, Capabilities.CAP_NET_ADMIN);
  }
}
