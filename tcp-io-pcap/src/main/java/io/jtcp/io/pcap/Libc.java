package io.jtcp.io.pcap;

import static java.lang.foreign.ValueLayout.ADDRESS;
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
 * The libc calls the live driver makes beside libpcap's, bound through the Foreign Function and
 * Memory API: the interface's MTU and hardware address (SIOCGIFMTU, SIOCGIFHWADDR on a datagram
 * socket, netdevice(7)), a non-blocking descriptor (fcntl), and the wait in ppoll(2) on libpcap's
 * descriptor plus an eventfd. Constants and layouts are those of x86_64 and aarch64 Linux (the
 * kernel's UAPI headers, asm-generic). Every call that can fail captures errno into a call-state
 * segment the caller owns ({@link #CALL_STATE}), since the JVM may overwrite errno between a
 * downcall and the next Java statement.
 */
@SuppressWarnings("restricted") // the linker and reinterpret are restricted; the pom grants access
final class Libc {
  private Libc() {}

  // fcntl(2)
  static final int F_GETFL = 3;
  static final int F_SETFL = 4;
  static final int O_NONBLOCK = 0x800;

  // eventfd(2)
  static final int EFD_NONBLOCK = 0x800;
  static final int EFD_CLOEXEC = 0x80000;

  // socket(2)
  static final int AF_INET = 2;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;

  // poll(2)
  static final short POLLIN = 0x1;

  // linux/sockios.h
  static final long SIOCGIFMTU = 0x8921L;
  static final long SIOCGIFHWADDR = 0x8927L;

  /** ARPHRD_ETHER (linux/if_arp.h): the hardware type of an Ethernet interface's address. */
  static final int ARPHRD_ETHER = 1;

  // asm-generic/errno-base.h and errno.h
  static final int EPERM = 1;
  static final int EINTR = 4;
  static final int ENXIO = 6;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int ENODEV = 19;
  static final int EINVAL = 22;
  static final int EMSGSIZE = 90;
  static final int ENETDOWN = 100;
  static final int ENOBUFS = 105;

  private static final Map<Integer, String> ERRNO_NAMES =
      Map.ofEntries(
          Map.entry(EPERM, "EPERM"),
          Map.entry(EINTR, "EINTR"),
          Map.entry(ENXIO, "ENXIO"),
          Map.entry(EAGAIN, "EAGAIN"),
          Map.entry(EACCES, "EACCES"),
          Map.entry(ENODEV, "ENODEV"),
          Map.entry(EINVAL, "EINVAL"),
          Map.entry(EMSGSIZE, "EMSGSIZE"),
          Map.entry(ENETDOWN, "ENETDOWN"),
          Map.entry(ENOBUFS, "ENOBUFS"));

  /** {@code IFNAMSIZ}: an interface name and its terminating NUL. */
  static final int IFNAMSIZ = 16;

  /**
   * {@code struct ifreq} (netdevice(7)): a 16-byte name, then a 24-byte union (its largest member,
   * {@code struct ifmap}, on LP64) in which {@code ifr_mtu} is an int and {@code ifr_hwaddr} a
   * {@code struct sockaddr} (a short family, then the address bytes).
   */
  static final long IFREQ_SIZE = 40;

  static final long IFR_MTU = IFNAMSIZ;
  static final long IFR_HWADDR_FAMILY = IFNAMSIZ;
  static final long IFR_HWADDR_DATA = IFNAMSIZ + 2;

  /** {@code struct pollfd}: the fd, the events asked for, the events that happened. */
  static final StructLayout POLLFD =
      MemoryLayout.structLayout(
          JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

  static final long POLLFD_FD = POLLFD.byteOffset(PathElement.groupElement("fd"));
  static final long POLLFD_EVENTS = POLLFD.byteOffset(PathElement.groupElement("events"));
  static final long POLLFD_REVENTS = POLLFD.byteOffset(PathElement.groupElement("revents"));

  /** {@code struct timespec} on LP64. */
  static final StructLayout TIMESPEC =
      MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

  /** Where a capturing call leaves errno; allocate one per thread that makes calls. */
  static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

  private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));

  /** Captures errno after a downcall; also used for libpcap's calls that end in a system call. */
  static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final Linker LINKER = Linker.nativeLinker();

  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
  private static final MethodHandle READ =
      downcall(
          "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);

  /** write(2) without errno, for waking through an eventfd, where a failure changes nothing. */
  private static final MethodHandle WRITE_NO_ERRNO =
      downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

  // ioctl(2) and fcntl(2) are variadic: int ioctl(int fd, unsigned long request, ...).
  private static final MethodHandle IOCTL_POINTER =
      downcall(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
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

  /** The errno the last capturing call on {@code state} left. */
  static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** The symbolic name of an errno, e.g. "ENODEV", or "errno N" for one this binding lacks. */
  static String errnoName(int errno) {
    return ERRNO_NAMES.getOrDefault(errno, "errno " + errno);
  }

  /** {@code strerror(errno)} and the symbolic name, e.g. "No such device (ENODEV)". */
  static String describe(int errno) {
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

  static int close(MemorySegment state, int fd) {
    try {
      return (int) CLOSE.invokeExact(state, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long read(MemorySegment state, int fd, MemorySegment buffer, long count) {
    try {
      return (long) READ.invokeExact(state, fd, buffer, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long writeIgnoringErrno(int fd, MemorySegment buffer, long count) {
    try {
      return (long) WRITE_NO_ERRNO.invokeExact(fd, buffer, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int ioctl(MemorySegment state, int fd, long request, MemorySegment argument) {
    try {
      return (int) IOCTL_POINTER.invokeExact(state, fd, request, argument);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int fcntl(MemorySegment state, int fd, int command, int argument) {
    try {
      return (int) FCNTL_INT.invokeExact(state, fd, command, argument);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int ppoll(MemorySegment state, MemorySegment fds, long count, MemorySegment timeout) {
    try {
      return (int) PPOLL.invokeExact(state, fds, count, timeout, MemorySegment.NULL);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int eventfd(MemorySegment state, int initial, int flags) {
    try {
      return (int) EVENTFD.invokeExact(state, initial, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int socket(MemorySegment state, int domain, int type, int protocol) {
    try {
      return (int) SOCKET.invokeExact(state, domain, type, protocol);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** A downcall declares no checked exception; anything thrown is a bug in the binding. */
  static IllegalStateException unexpected(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native downcall failed", t);
  }
}
