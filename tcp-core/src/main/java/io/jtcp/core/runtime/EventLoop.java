package io.jtcp.core.runtime;

import io.jtcp.core.engine.Stack;
import io.jtcp.core.spi.Clock;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.Pollable;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

/**
 * Drives one {@link Stack} in real time on its own thread: read the clock, run queued commands,
 * poll the engine, then wait on the link until a frame, a command or the next deadline is due.
 * Protocol state is touched by this thread only, so the engine needs no locks.
 */
public final class EventLoop implements AutoCloseable {
  /** Commands waiting at most; a full queue makes senders spin, never drops a call. */
  private static final int COMMAND_CAPACITY = 4096;

  /** The longest wait, so a driver that cannot wake us still gets read. */
  private static final long MAX_WAIT_NANOS = 10_000_000L;

  /** Work for the loop thread, given the loop's current time. */
  @FunctionalInterface
  public interface Command {
    void run(long now);
  }

  private final Stack stack;
  private final LinkDriver link;
  private final Clock clock;
  private final MpscVarHandleArrayQueue<Command> commands =
      new MpscVarHandleArrayQueue<>(COMMAND_CAPACITY);
  private final Thread thread;
  private volatile boolean running = true;

  /** Whether the loop thread is in (or about to enter) {@link LinkDriver#await}. */
  private volatile boolean waiting;

  private volatile Throwable failure;

  /** The time of the iteration the loop is in; read on the loop thread only. */
  private long now;

  public EventLoop(Stack stack, LinkDriver link, Clock clock, String name) {
    this.stack = stack;
    this.link = link;
    this.clock = clock;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
    link.setWakeup(() -> LockSupport.unpark(thread));
  }

  public EventLoop start() {
    thread.start();
    return this;
  }

  /**
   * The time of the current iteration, for engine callbacks that run inside it (loop thread only).
   */
  public long now() {
    return now;
  }

  /** Whether the caller is the loop thread (where blocking would deadlock). */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * Runs {@code c} on the loop thread: now if called from it, else as soon as the loop gets to it.
   */
  public void execute(Command c) {
    if (inLoop()) {
      c.run(now);
      return;
    }
    if (!running) {
      throw new IllegalStateException("the stack's event loop has stopped" + cause());
    }
    while (!commands.offer(c)) {
      Thread.onSpinWait();
    }
    wakeLoop();
  }

  /**
   * Unparks the loop thread and, if it waits in the link (a native poll that an unpark cannot end),
   * wakes the link too; a busy loop costs no system call. {@code waiting} is set before the loop's
   * last look at the queue and both are volatile, so a command offered meanwhile is seen by one
   * side or the other.
   */
  private void wakeLoop() {
    LockSupport.unpark(thread);
    if (waiting) {
      link.wake();
    }
  }

  private String cause() {
    Throwable f = failure;
    return f == null ? "" : ": " + f;
  }

  private void loop() {
    while (running) {
      now = clock.nanos();
      Command c;
      while ((c = commands.poll()) != null) {
        try {
          c.run(now);
        } catch (RuntimeException e) {
          // A command's own completion reports its failure; one failing call must not stop the
          // stack.
          failure = e;
        }
      }
      try {
        stack.poll(now);
      } catch (RuntimeException e) {
        failure = e;
        running = false;
        return;
      }
      waiting = true;
      if (!commands.isEmpty() || !running) {
        waiting = false;
        continue;
      }
      // Only now, with no command left to run, is the burst over: the segments that commands
      // queued behind the ones the stack sent may still join them (LinkDriver.flushTransmit).
      link.flushTransmit();
      long deadline = stack.nextDeadline();
      long wait =
          deadline == Pollable.NO_DEADLINE
              ? MAX_WAIT_NANOS
              : Math.min(deadline - clock.nanos(), MAX_WAIT_NANOS);
      if (wait > 0) {
        link.await(wait);
      }
      waiting = false;
    }
  }

  /** Stops the loop and waits for the thread to end. */
  @Override
  public void close() {
    running = false;
    wakeLoop();
    if (!inLoop()) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
