package io.jtcp.io.tap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code on a thread of its own without CAP_NET_ADMIN, to see what a user without it sees.
 * Capabilities belong to a thread (capabilities(7)), and the raw capset(2) that glibc's wrapper
 * makes changes the calling thread only; the thread ends afterwards, so nothing else loses the
 * capability.
 */
@SuppressWarnings("restricted") // the linker is restricted; surefire grants native access
final class Capabilities {
  private Capabilities() {}

  private static final int CAP_NET_ADMIN = 12;
  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

  private static final MethodHandle CAPGET = downcall("capget");
  private static final MethodHandle CAPSET = downcall("capset");

  private static MethodHandle downcall(String name) {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(
        linker.defaultLookup().find(name).orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  }

  static <T> T withoutNetAdmin(Callable<T> body) throws Exception {
    FutureTask<T> task =
        new FutureTask<>(
            () -> {
              dropNetAdmin();
              return body.call();
            });
    Thread t = Thread.ofPlatform().name("without-CAP_NET_ADMIN").start(task);
    t.join();
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static void dropNetAdmin() {
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
      data.set(JAVA_INT, 0, effective & ~(1 << CAP_NET_ADMIN));
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
