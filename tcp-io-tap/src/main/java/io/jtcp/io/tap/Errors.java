package io.jtcp.io.tap;

import io.jtcp.io.linux.Libc;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns the errno of a failed open or TUNSETIFF into a sentence that says what to do. */
final class Errors {
  private Errors() {}

  /** Where sysfs tells what an existing interface is (sysfs-class-net(5)). */
  private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

  /** open(2) of the clone device failed. */
  static TapException openDevice(String device, String name, TapLink.Mode mode, int errno) {
    String message =
        switch (errno) {
          // ENXIO/ENODEV: the node exists but no driver answers it (tun built as a module, not
          // loaded); ENOENT: not even the node.
          case Libc.ENOENT, Libc.ENODEV, Libc.ENXIO ->
              "no " + device + ": load the tun module (modprobe tun)";
          case Libc.EACCES, Libc.EPERM ->
              "permission denied opening " + device + ": " + permissionAdvice(name, mode);
          default -> "cannot open " + device;
        };
    return new TapException(message + " [" + Libc.describe(errno) + "]", errno);
  }

  /** ioctl(TUNSETIFF) failed for {@code name} in {@code mode}. */
  static TapException setIff(String name, TapLink.Mode mode, int errno) {
    String message =
        switch (errno) {
          case Libc.EPERM, Libc.EACCES -> "permission denied: " + permissionAdvice(name, mode);
          // drivers/net/tun.c, tun_attach(): a device without IFF_MULTI_QUEUE takes one queue,
          // that is one open file.
          case Libc.EBUSY ->
              "device "
                  + name
                  + " is in use: another file descriptor (this process or another) has it open;"
                  + " close that one first, or open another name";
          case Libc.EINVAL -> wrongKind(name, mode);
          case Libc.ENFILE ->
              "no free name for the pattern " + name + ": every number up to the limit is taken";
          default -> "cannot create or attach " + mode.kind() + " device " + name;
        };
    return new TapException(message + " [TUNSETIFF: " + Libc.describe(errno) + "]", errno);
  }

  /**
   * TUNSETIFF answers EINVAL when the name belongs to an interface of another kind (tun_set_iff()
   * compares the netdev_ops) or one whose multi_queue flag differs; sysfs's {@code tun_flags} tells
   * which.
   */
  private static String wrongKind(String name, TapLink.Mode mode) {
    Path dir = SYS_CLASS_NET.resolve(name);
    Path flagsFile = dir.resolve("tun_flags");
    if (Files.isReadable(flagsFile)) {
      try {
        int flags = Integer.decode(Files.readString(flagsFile).strip());
        String actual = (flags & Tun.IFF_TAP) != 0 ? "TAP" : "TUN";
        if (!actual.equals(mode.name())) {
          return "device "
              + name
              + " exists as a "
              + actual
              + " device and cannot be opened as "
              + mode.name()
              + ": open it with Mode."
              + actual
              + ", or delete it (ip link del "
              + name
              + ")";
        }
        if ((flags & Tun.IFF_MULTI_QUEUE) != 0) {
          return "device "
              + name
              + " was created with multi_queue, which this driver does not use: recreate it"
              + " without (ip tuntap del dev "
              + name
              + " mode "
              + mode.kind()
              + " multi_queue; ip tuntap add dev "
              + name
              + " mode "
              + mode.kind()
              + ")";
        }
      } catch (java.io.IOException | NumberFormatException e) {
        // Fall through to the general sentence: sysfs changed under us or is not what we know.
      }
    } else if (Files.isDirectory(dir)) {
      return "interface "
          + name
          + " exists and is not a TUN/TAP device: choose a name that no other interface has";
    }
    return "the kernel refused "
        + mode.kind()
        + " device "
        + name
        + ": an existing interface of that name is of another kind or mode";
  }

  private static String permissionAdvice(String name, TapLink.Mode mode) {
    String example = name.contains("%d") ? name.replace("%d", "0") : name;
    return "needs CAP_NET_ADMIN — run as root or create the device with `ip tuntap add dev "
        + example
        + " mode "
        + mode.kind()
        + " user $USER`"
        + (example.equals(name) ? "" : " and open " + example);
  }
}
