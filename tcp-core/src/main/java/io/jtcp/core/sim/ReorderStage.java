package io.jtcp.core.sim;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Reordering with a bounded displacement (see {@link Reordering}): a selected packet is held; each
 * packet that passes while it is held counts down its depth, and when the count reaches 0 it leaves
 * right after the packet that brought it there. A packet still held after the timeout leaves at the
 * timeout. Held packets leave in the order they were selected: all count down together and share
 * one timeout, so the oldest is always due first.
 *
 * <p>The stage is last in its link, so "passes" here means "arrives at the far end ahead of it".
 */
final class ReorderStage implements LinkStage {
  private final Reordering model;
  private final SplittableRandom random;
  private final ArrayDeque<Held> held = new ArrayDeque<>();

  private static final class Held {
    final SimFrame frame;
    int remaining;
    int overtaken;
    Scheduler.@Nullable Timer timer;

    Held(SimFrame frame, int depth) {
      this.frame = frame;
      this.remaining = depth;
    }
  }

  ReorderStage(Reordering model, SplittableRandom random) {
    this.model = model;
    this.random = random;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    if (random.nextDouble() < model.rate()) {
      Held h = new Held(frame, model.depth());
      held.addLast(h);
      long at = Math.addExact(now, model.timeoutNanos());
      h.timer = out.wakeAt(at, () -> timeout(h, at, out));
      return;
    }
    out.forward(now, frame);
    for (Held h : held) {
      h.remaining--;
      h.overtaken++;
    }
    Held h;
    while ((h = held.peekFirst()) != null && h.remaining == 0) {
      held.removeFirst();
      if (h.timer != null) {
        h.timer.cancel();
      }
      release(now, h, out);
    }
  }

  private void timeout(Held h, long at, StageOutput out) {
    if (!held.remove(h)) {
      throw new IllegalStateException("the timeout of " + h.frame + " ran after it was let go");
    }
    release(at, h, out);
  }

  private static void release(long at, Held h, StageOutput out) {
    if (h.overtaken > 0) {
      out.annotate(h.frame, FrameFate.REORDERED);
    }
    out.forward(at, h.frame);
  }

  /** Packets held now. */
  int held() {
    return held.size();
  }

  @Override
  public String name() {
    return "reorder "
        + model.rate()
        + " depth "
        + model.depth()
        + " timeout "
        + model.timeoutNanos()
        + " ns";
  }
}
