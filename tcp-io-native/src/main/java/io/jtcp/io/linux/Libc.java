package io.jtcp.io.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * The libc calls jtcp's Linux drivers make (the TAP/TUN driver and the libpcap live driver), bound
 * through the Foreign Function and Memory API, and the x86_64 Linux constants and struct layouts
 * they take: open, close, read and write on a device, ioctl and fcntl, ppoll on the device and an
 * eventfd that ends the wait, and a datagram socket for the SIOCGIF* ioctls. Every call that can
 * fail captures {@code errno} into a call-state segment the caller owns ({@link #CALL_STATE}),
 * since errno is per thread and the JVM may overwrite it between a downcall and the next Java
 * statement.
 *
 * <p>Constants are from the kernel's UAPI headers ({@code linux/sockios.h}, {@code linux/if_arp.h},
 * {@code asm-generic/errno*.h}, {@code asm-generic/fcntl.h}) for x86_64.
 */
@SuppressWarnings("restricted") // the linker and reinterpret are restricted; the pom grants access
public final class Libc {
  private Libc() {}

  // open(2) and fcntl(2), fcntl.h
  public static final int O_RDWR = 0x2;
  public static final int F_GETFL = 3;
  public static final int F_SETFL = 4;
  public static final int O_NONBLOCK = 0x800;
  public static final int O_CLOEXEC = 0x80000;

  // eventfd(2)
  public static final int EFD_NONBLOCK = 0x800;
  public static final int EFD_CLOEXEC = 0x80000;

  // socket(2): an AF_INET datagram socket is the usual handle for the SIOCGIF* ioctls
  // (netdevice(7)).
  public static final int AF_INET = 2;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_CLOEXEC = 0x80000;

  // poll(2)
  public static final short POLLIN = 0x1;

  // linux/sockios.h
  public static final long SIOCGIFMTU = 0x8921L;
  public static final long SIOCGIFHWADDR = 0x8927L;

  // linux/if_arp.h: the hardware type SIOCGIFHWADDR reports for Ethernet.
  public static final int ARPHRD_ETHER = 1;

  // asm-generic/errno-base.h and errno.h
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int ENXIO = 6;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ENFILE = 23;
  public static final int EMFILE = 24;
  public static final int ENOTTY = 25;
  public static final int EBADFD = 77;
  public static final int EMSGSIZE = 90;
  public static final int ENETDOWN = 100;
  public static final int ENOBUFS = 105;

  private static final Map<Integer, String> ERRNO_NAMES =
      Map.ofEntries(
          Map.entry(EPERM, "EPERM"),
          Map.entry(ENOENT, "ENOENT"),
          Map.entry(EINTR, "EINTR"),
          Map.entry(EIO, "EIO"),
          Map.entry(ENXIO, "ENXIO"),
          Map.entry(EBADF, "EBADF"),
          Map.entry(EAGAIN, "EAGAIN"),
          Map.entry(EACCES, "EACCES"),
          Map.entry(EFAULT, "EFAULT"),
          Map.entry(EBUSY, "EBUSY"),
          Map.entry(EEXIST, "EEXIST"),
          Map.entry(ENODEV, "ENODEV"),
          Map.entry(EINVAL, "EINVAL"),
          Map.entry(ENFILE, "ENFILE"),
          Map.entry(EMFILE, "EMFILE"),
          Map.entry(ENOTTY, "ENOTTY"),
          Map.entry(EBADFD, "EBADFD"),
          Map.entry(EMSGSIZE, "EMSGSIZE"),
          Map.entry(ENETDOWN, "ENETDOWN"),
          Map.entry(ENOBUFS, "ENOBUFS"));

  /** {@code IFNAMSIZ}: an interface name and its terminating NUL. */
  public static final int IFNAMSIZ = 16;

  /**
   * {@code struct ifreq} (netdevice(7)): a 16-byte name, then a union whose largest member, {@code
   * struct ifmap}, takes 24 bytes and 8-byte alignment on LP64; 40 bytes in all.
   */
  public static final StructLayout IFREQ =
      MemoryLayout.structLayout(
          MemoryLayout.sequenceLayout(IFNAMSIZ, JAVA_BYTE).withName("ifr_name"),
          MemoryLayout.unionLayout(
                  JAVA_SHORT.withName("ifr_flags"),
                  JAVA_INT.withName("ifr_mtu"),
                  MemoryLayout.structLayout(
                          JAVA_SHORT.withName("sa_family"),
                          MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data"))
                      .withName("ifr_hwaddr"),
                  MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("ifr_map"))
              .withName("ifr_ifru"));

  public static final long IFR_FLAGS = ifru("ifr_flags");
  public static final long IFR_MTU = ifru("ifr_mtu");
  public static final long IFREQ_SIZE = IFREQ.byteSize();
  public static final long IFR_HWADDR_FAMILY =
      IFREQ.byteOffset(
          PathElement.groupElement("ifr_ifru"),
          PathElement.groupElement("ifr_hwaddr"),
          PathElement.groupElement("sa_family"));
  public static final long IFR_HWADDR_DATA =
      IFREQ.byteOffset(
          PathElement.groupElement("ifr_ifru"),
          PathElement.groupElement("ifr_hwaddr"),
          PathElement.groupElement("sa_data"));

  /** {@code struct pollfd}: the fd, the events asked for, the events that happened. */
  public static final StructLayout POLLFD =
      MemoryLayout.structLayout(
          JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

  public static final long POLLFD_FD = POLLFD.byteOffset(PathElement.groupElement("fd"));
  public static final long POLLFD_EVENTS = POLLFD.byteOffset(PathElement.groupElement("events"));
  public static final long POLLFD_REVENTS = POLLFD.byteOffset(PathElement.groupElement("revents"));

  /** {@code struct timespec} on LP64. */
  public static final StructLayout TIMESPEC =
      MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

  /** Where a capturing call leaves errno; allocate one per thread that makes calls. */
  public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

  private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));

  private static final Linker LINKER = Linker.nativeLinker();

  /** Captures errno: for the drivers' own downcalls into other libraries (libpcap). */
  public static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final MethodHandle OPEN =
      downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
  private static final MethodHandle READ =
      downcall(
          "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
  private static final MethodHandle WRITE =
      downcall(
          "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);

  /** write(2) without errno, for waking through an eventfd, where a failure changes nothing. */
  private static final MethodHandle WRITE_NO_ERRNO =
      downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

  // ioctl(2) is variadic: int ioctl(int fd, unsigned long request, ...).
  private static final MethodHandle IOCTL_POINTER =
      downcall(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          CAPTURE_ERRNO,
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle IOCTL_VALUE =
      downcall(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
          CAPTURE_ERRNO,
          Linker.Option.firstVariadicArg(2));

  private static final MethodHandle FCNTL_INT =
      downcall(
          "fcntl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
          CAPTURE_ERRNO,
          Linker.Option.firstVariadicArg(2));

  // ppoll(2) rather than poll(2): a timespec timeout keeps the event loop's sub-millisecond
  // deadlines, where poll's milliseconds would round them.
  private static final MethodHandle PPOLL =
      downcall(
          "ppoll",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS),
          CAPTURE_ERRNO);
  private static final MethodHandle EVENTFD =
      downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
  private static final MethodHandle SOCKET =
      downcall(
          "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
  private static final MethodHandle STRERROR =
      downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  private static long ifru(String member) {
    return IFREQ.byteOffset(PathElement.groupElement("ifr_ifru"), PathElement.groupElement(member));
  }

  /** The errno the last capturing call on {@code state} left. */
  public static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** The symbolic name of an errno, e.g. "EBUSY", or "errno N" for one this binding lacks. */
  public static String errnoName(int errno) {
    return ERRNO_NAMES.getOrDefault(errno, "errno " + errno);
  }

  /** {@code strerror(errno)} and the symbolic name, e.g. "Device or resource busy (EBUSY)". */
  public static String describe(int errno) {
    String name = errnoName(errno);
    String text;
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
      // glibc's strerror returns a pointer into a static table (or a short "Unknown error N").
      text = s.equals(MemorySegment.NULL) ? "" : s.reinterpret(256).getString(0);
    } catch (Throwable t) {
      text = "";
    }
    return text.isEmpty() ? name : text + " (" + name + ")";
  }

  public static int open(MemorySegment state, MemorySegment path, int flags) {
    try {
      return (int) OPEN.invokeExact(state, path, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int close(MemorySegment state, int fd) {
    try {
      return (int) CLOSE.invokeExact(state, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static long read(MemorySegment state, int fd, MemorySegment buffer, long count) {
    try {
      return (long) READ.invokeExact(state, fd, buffer, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static long write(MemorySegment state, int fd, MemorySegment buffer, long count) {
    try {
      return (long) WRITE.invokeExact(state, fd, buffer, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static long writeIgnoringErrno(int fd, MemorySegment buffer, long count) {
    try {
      return (long) WRITE_NO_ERRNO.invokeExact(fd, buffer, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int ioctl(MemorySegment state, int fd, long request, MemorySegment argument) {
    try {
      return (int) IOCTL_POINTER.invokeExact(state, fd, request, argument);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int ioctl(MemorySegment state, int fd, long request, long argument) {
    try {
      return (int) IOCTL_VALUE.invokeExact(state, fd, request, argument);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int fcntl(MemorySegment state, int fd, int command, int argument) {
    try {
      return (int) FCNTL_INT.invokeExact(state, fd, command, argument);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int ppoll(
      MemorySegment state, MemorySegment fds, long count, MemorySegment timeout) {
    try {
      return (int) PPOLL.invokeExact(state, fds, count, timeout, MemorySegment.NULL);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int eventfd(MemorySegment state, int initial, int flags) {
    try {
      return (int) EVENTFD.invokeExact(state, initial, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int socket(MemorySegment state, int domain, int type, int protocol) {
    try {
      return (int) SOCKET.invokeExact(state, domain, type, protocol);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /**
   * A downcall declares no checked exception; anything thrown is a bug in the binding. Public for
   * the drivers' own downcalls into other libraries (libpcap).
   */
  public static IllegalStateException unexpected(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("libc downcall failed", t);
  }
}
