package io.jtcp.io.pcap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jtcp.io.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The libpcap calls the live driver makes, bound through the Foreign Function and Memory API to
 * whichever shared library is installed. Signatures and constants are libpcap's documented ABI
 * (pcap/pcap.h, pcap(3PCAP) and the pcap_*(3PCAP) pages), stable since libpcap 1.0; {@code
 * pcap_set_immediate_mode} needs 1.5 (2013) or later.
 *
 * <p>The library is found once, when this class initialises; {@link #require()} says, in a sentence
 * with the package to install, when it was not. The downcall handles live in a nested class that
 * initialises only after that check, so that a machine without libpcap gets the sentence rather
 * than a linkage error.
 */
@SuppressWarnings("restricted") // the linker and library lookup are restricted; the pom grants it
final class Libpcap {
  private Libpcap() {}

  /** The sonames tried, in order: Debian's, then libpcap's own, then the development symlink. */
  static final List<String> SONAMES = List.of("libpcap.so.0.8", "libpcap.so.1", "libpcap.so");

  /** A system property naming the library (a path or a soname), tried before {@link #SONAMES}. */
  static final String LIBRARY_PROPERTY = "jtcp.libpcap";

  /** {@code PCAP_ERRBUF_SIZE}: the size of the buffer libpcap writes its error messages into. */
  static final int ERRBUF_SIZE = 256;

  /** {@code PCAP_NETMASK_UNKNOWN}: no netmask, for filters that test no IP broadcast address. */
  static final int NETMASK_UNKNOWN = 0xFFFF_FFFF;

  /** {@code DLT_EN10MB}: Ethernet, the data link type of Ethernet (and veth, and lo) on Linux. */
  static final int DLT_EN10MB = 1;

  // pcap_direction_t
  static final int PCAP_D_INOUT = 0;
  static final int PCAP_D_IN = 1;

  // Status codes (pcap/pcap.h): warnings are positive, errors negative.
  static final int PCAP_WARNING = 1;
  static final int PCAP_WARNING_PROMISC_NOTSUP = 2;
  static final int PCAP_WARNING_TSTAMP_TYPE_NOTSUP = 3;
  static final int PCAP_ERROR = -1;
  static final int PCAP_ERROR_BREAK = -2;
  static final int PCAP_ERROR_NOT_ACTIVATED = -3;
  static final int PCAP_ERROR_ACTIVATED = -4;
  static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
  static final int PCAP_ERROR_RFMON_NOTSUP = -6;
  static final int PCAP_ERROR_NOT_RFMON = -7;
  static final int PCAP_ERROR_PERM_DENIED = -8;
  static final int PCAP_ERROR_IFACE_NOT_UP = -9;
  static final int PCAP_ERROR_CANTSET_TSTAMP_TYPE = -10;
  static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
  static final int PCAP_ERROR_TSTAMP_PRECISION_NOTSUP = -12;
  static final int PCAP_ERROR_CAPTURE_NOTSUP = -13;

  /**
   * {@code struct pcap_pkthdr} on LP64: a {@code struct timeval} (two longs), then {@code caplen}
   * (the bytes captured) and {@code len} (the frame's length on the wire), both 32-bit.
   */
  static final long PKTHDR_CAPLEN = 16;

  static final long PKTHDR_LEN = 20;

  /** {@code struct bpf_program} on LP64: a {@code u_int} count, padding, a pointer: 16 bytes. */
  static final long BPF_PROGRAM_SIZE = 16;

  /**
   * {@code struct pcap_stat}: {@code ps_recv}, {@code ps_drop} (dropped for want of room in the
   * capture buffer), {@code ps_ifdrop}, each a {@code u_int}.
   */
  static final long PCAP_STAT_SIZE = 12;

  static final long PCAP_STAT_DROP = 4;

  private static final @Nullable SymbolLookup LIBRARY;
  private static final String LOAD_FAILURE;

  static {
    SymbolLookup found = null;
    String failure = "";
    try {
      found = find(candidates());
    } catch (PcapException e) {
      failure = e.getMessage();
    }
    LIBRARY = found;
    LOAD_FAILURE = failure;
  }

  /** The property's value, if set, then {@link #SONAMES}. */
  static List<String> candidates() {
    List<String> names = new ArrayList<>();
    String property = System.getProperty(LIBRARY_PROPERTY, "").strip();
    if (!property.isEmpty()) {
      names.add(property);
    }
    names.addAll(SONAMES);
    return names;
  }

  /**
   * Loads the first of {@code names} that the dynamic linker finds (dlopen(3): a bare soname is
   * searched on the usual paths, one with a '/' is a file).
   *
   * @throws PcapException naming what was tried and the package that provides libpcap
   */
  static SymbolLookup find(List<String> names) throws PcapException {
    for (String name : names) {
      try {
        return SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException notThere) {
        // The next name, then the sentence below.
      }
    }
    throw new PcapException(
        "libpcap not found (tried "
            + String.join(", ", names)
            + "): install libpcap0.8 (Debian/Ubuntu) or libpcap (Fedora), or name the library"
            + " with -D"
            + LIBRARY_PROPERTY
            + "=/path/to/libpcap.so",
        0);
  }

  /**
   * Returns normally when libpcap was loaded.
   *
   * @throws PcapException saying which package to install when it was not
   */
  static void require() throws PcapException {
    if (LIBRARY == null) {
      throw new PcapException(LOAD_FAILURE, 0);
    }
  }

  /** The handles, made when first used, which {@link #require()} guards. */
  private static final class Calls {
    private static final Linker LINKER = Linker.nativeLinker();

    static final MethodHandle LIB_VERSION = downcall("pcap_lib_version", ADDRESS);
    static final MethodHandle CREATE = downcall("pcap_create", ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle OPEN_DEAD = downcall("pcap_open_dead", ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle SET_SNAPLEN =
        downcall("pcap_set_snaplen", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle SET_PROMISC =
        downcall("pcap_set_promisc", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle SET_IMMEDIATE =
        downcall("pcap_set_immediate_mode", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle SET_TIMEOUT =
        downcall("pcap_set_timeout", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle SET_BUFFER_SIZE =
        downcall("pcap_set_buffer_size", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle ACTIVATE = downcall("pcap_activate", JAVA_INT, ADDRESS);
    static final MethodHandle DATALINK = downcall("pcap_datalink", JAVA_INT, ADDRESS);
    static final MethodHandle SETNONBLOCK =
        downcall("pcap_setnonblock", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    static final MethodHandle SELECTABLE_FD = downcall("pcap_get_selectable_fd", JAVA_INT, ADDRESS);
    static final MethodHandle SETDIRECTION =
        downcall("pcap_setdirection", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle COMPILE =
        downcall("pcap_compile", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle SETFILTER = downcall("pcap_setfilter", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle FREECODE = downcallVoid("pcap_freecode", ADDRESS);
    static final MethodHandle NEXT_EX =
        downcall("pcap_next_ex", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);

    /**
     * pcap_inject(3PCAP) ends in send(2) on Linux and returns PCAP_ERROR with errno as send left it
     * (libpcap formats its message with strerror, which keeps errno): captured, so a full queue is
     * told apart from a vanished interface.
     */
    static final MethodHandle INJECT =
        LINKER.downcallHandle(
            symbol("pcap_inject"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
            Libc.CAPTURE_ERRNO);

    static final MethodHandle GETERR = downcall("pcap_geterr", ADDRESS, ADDRESS);
    static final MethodHandle STATUSTOSTR = downcall("pcap_statustostr", ADDRESS, JAVA_INT);
    static final MethodHandle STATS = downcall("pcap_stats", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle CLOSE = downcallVoid("pcap_close", ADDRESS);

    private static MemorySegment symbol(String name) {
      SymbolLookup library = LIBRARY;
      if (library == null) {
        throw new IllegalStateException(LOAD_FAILURE);
      }
      return library
          .find(name)
          .orElseThrow(
              () ->
                  new UnsatisfiedLinkError(
                      "the installed libpcap has no "
                          + name
                          + ": jtcp needs libpcap 1.5 or later (pcap_set_immediate_mode)"));
    }

    private static MethodHandle downcall(
        String name,
        java.lang.foreign.MemoryLayout result,
        java.lang.foreign.MemoryLayout... args) {
      return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args));
    }

    private static MethodHandle downcallVoid(String name, java.lang.foreign.MemoryLayout... args) {
      return LINKER.downcallHandle(symbol(name), FunctionDescriptor.ofVoid(args));
    }
  }

  /** libpcap's own description of itself, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
  static String libVersion() {
    try {
      return string((MemorySegment) Calls.LIB_VERSION.invokeExact());
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static MemorySegment create(MemorySegment device, MemorySegment errbuf) {
    try {
      return (MemorySegment) Calls.CREATE.invokeExact(device, errbuf);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  /** A handle on no device, for compiling filters without privileges (pcap_open_dead(3PCAP)). */
  static MemorySegment openDead(int linkType, int snaplen) {
    try {
      return (MemorySegment) Calls.OPEN_DEAD.invokeExact(linkType, snaplen);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int setSnaplen(MemorySegment p, int snaplen) {
    return call(Calls.SET_SNAPLEN, p, snaplen);
  }

  static int setPromisc(MemorySegment p, int on) {
    return call(Calls.SET_PROMISC, p, on);
  }

  static int setImmediateMode(MemorySegment p, int on) {
    return call(Calls.SET_IMMEDIATE, p, on);
  }

  static int setTimeout(MemorySegment p, int millis) {
    return call(Calls.SET_TIMEOUT, p, millis);
  }

  static int setBufferSize(MemorySegment p, int bytes) {
    return call(Calls.SET_BUFFER_SIZE, p, bytes);
  }

  static int activate(MemorySegment p) {
    try {
      return (int) Calls.ACTIVATE.invokeExact(p);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int datalink(MemorySegment p) {
    try {
      return (int) Calls.DATALINK.invokeExact(p);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int setNonblock(MemorySegment p, int on, MemorySegment errbuf) {
    try {
      return (int) Calls.SETNONBLOCK.invokeExact(p, on, errbuf);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int selectableFd(MemorySegment p) {
    try {
      return (int) Calls.SELECTABLE_FD.invokeExact(p);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int setDirection(MemorySegment p, int direction) {
    return call(Calls.SETDIRECTION, p, direction);
  }

  static int compile(
      MemorySegment p, MemorySegment program, MemorySegment expression, int optimize, int mask) {
    try {
      return (int) Calls.COMPILE.invokeExact(p, program, expression, optimize, mask);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int setFilter(MemorySegment p, MemorySegment program) {
    try {
      return (int) Calls.SETFILTER.invokeExact(p, program);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static void freeCode(MemorySegment program) {
    try {
      Calls.FREECODE.invokeExact(program);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  /**
   * pcap_next_ex(3PCAP): 1 and a frame (its header and data pointers written to the two out
   * parameters), 0 when none is waiting on a non-blocking handle, {@code PCAP_ERROR} on failure.
   */
  static int nextEx(MemorySegment p, MemorySegment header, MemorySegment data) {
    try {
      return (int) Calls.NEXT_EX.invokeExact(p, header, data);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int inject(MemorySegment state, MemorySegment p, MemorySegment frame, long length) {
    try {
      return (int) Calls.INJECT.invokeExact(state, p, frame, length);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  /** The handle's last error message (pcap_geterr(3PCAP)). */
  static String geterr(MemorySegment p) {
    try {
      return string((MemorySegment) Calls.GETERR.invokeExact(p));
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  /** libpcap's words for a status code (pcap_statustostr(3PCAP)). */
  static String statusToString(int status) {
    try {
      return string((MemorySegment) Calls.STATUSTOSTR.invokeExact(status));
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static int stats(MemorySegment p, MemorySegment stat) {
    try {
      return (int) Calls.STATS.invokeExact(p, stat);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static void close(MemorySegment p) {
    try {
      Calls.CLOSE.invokeExact(p);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  private static int call(MethodHandle setter, MemorySegment p, int value) {
    try {
      return (int) setter.invokeExact(p, value);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  /** A NUL-terminated string libpcap returned, at most {@link #ERRBUF_SIZE} bytes. */
  static String string(MemorySegment s) {
    return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(ERRBUF_SIZE).getString(0).strip();
  }
}
