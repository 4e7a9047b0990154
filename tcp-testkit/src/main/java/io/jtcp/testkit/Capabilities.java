package io.jtcp.testkit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;

/**
 * Drops Linux capabilities from one thread, to see what a user without them sees. Capabilities
 * belong to a thread (capabilities(7)), and the raw capset(2) that glibc's wrapper makes changes
 * the calling thread alone, so the rest of the JVM keeps them. Callers need native access ({@code
 * --enable-native-access}), which the modules' surefire configurations grant.
 */
@SuppressWarnings("restricted") // the linker is restricted
public final class Capabilities {
  private Capabilities() {}

  /** Configures interfaces and opens TUN/TAP devices. */
  public static final int CAP_NET_ADMIN = 12;

  /** Opens packet sockets, which libpcap captures on. */
  public static final int CAP_NET_RAW = 13;

  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

  private static final MethodHandle CAPGET = downcall("capget");
  private static final MethodHandle CAPSET = downcall("capset");

  private static MethodHandle downcall(String name) {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(
        linker.defaultLookup().find(name).orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  }

  /**
   * Runs {@code body} on a platform thread of its own that first drops {@code capabilities}; the
   * thread ends afterwards, so nothing else loses them. What {@code body} throws is rethrown.
   */
  public static <T> T without(Callable<T> body, int... capabilities) throws Exception {
    return OwnThread.call(
        "without-capabilities",
        () -> {
          dropFromThisThread(capabilities);
          return body.call();
        });
  }

  /**
   * Removes {@code capabilities} (numbers below 32) from the calling thread's effective set; call
   * it only on a thread that ends afterwards.
   */
  public static void dropFromThisThread(int... capabilities) {
    try (Arena arena = Arena.ofConfined()) {
      // struct __user_cap_header_struct {u32 version; int pid;} and, for version 3, two
      // struct __user_cap_data_struct {u32 effective, permitted, inheritable;} (linux/capability.h)
      MemorySegment header = arena.allocate(8);
      header.set(JAVA_INT, 0, LINUX_CAPABILITY_VERSION_3);
      header.set(JAVA_INT, 4, 0); // this thread
      MemorySegment data = arena.allocate(24);
      if ((int) CAPGET.invokeExact(header, data) != 0) {
        throw new IllegalStateException("capget failed");
      }
      int effective = data.get(JAVA_INT, 0);
      for (int c : capabilities) {
        effective &= ~(1 << c);
      }
      data.set(JAVA_INT, 0, effective);
      if ((int) CAPSET.invokeExact(header, data) != 0) {
        throw new IllegalStateException("capset failed");
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
