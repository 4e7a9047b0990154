package io.jtcp.io.pcap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Drops capabilities from the calling thread only, to see what a user without them sees.
 * Capabilities belong to a thread (capabilities(7)), and the raw capset(2) that glibc's wrapper
 * makes changes the calling thread alone; callers run it on a thread that ends afterwards.
 */
@SuppressWarnings("restricted") // the linker is restricted; surefire grants native access
final class Capabilities {
  private Capabilities() {}

  static final int CAP_NET_ADMIN = 12;
  static final int CAP_NET_RAW = 13;
  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

  private static final MethodHandle CAPGET = downcall("capget");
  private static final MethodHandle CAPSET = downcall("capset");

  private static MethodHandle downcall(String name) {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(
        linker.defaultLookup().find(name).orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  }

  /** Removes {@code capabilities} (numbers below 32) from this thread's effective set. */
  static void dropFromThisThread(int... capabilities) {
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
