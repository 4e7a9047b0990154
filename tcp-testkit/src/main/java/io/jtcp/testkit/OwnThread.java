package io.jtcp.testkit;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code on a platform thread of its own and waits for it: for what changes the calling thread
 * for good, such as dropping a capability or entering a network namespace with setns(2), both of
 * which belong to one thread in Linux. The thread ends afterwards, so nothing else is affected.
 */
public final class OwnThread {
  private OwnThread() {}

  /** Calls {@code body} on a new platform thread named {@code name}; rethrows what it throws. */
  public static <T> T call(String name, Callable<T> body) throws Exception {
    FutureTask<T> task = new FutureTask<>(body);
    Thread t = Thread.ofPlatform().name(name).start(task);
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
}
