package io.jtcp.core.sim;

import io.jtcp.core.spi.Pollable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A node with nothing but timers: it records when it is polled and fires what is due. */
final class TimerNode implements Pollable {
  private final TreeSet<Long> timers = new TreeSet<>();
  final List<Long> polls = new ArrayList<>();
  final List<Long> fired = new ArrayList<>();

  void arm(long at) {
    timers.add(at);
  }

  void disarm(long at) {
    timers.remove(at);
  }

  @Override
  public void poll(long now) {
    polls.add(now);
    while (!timers.isEmpty() && timers.first() <= now) {
      fired.add(timers.pollFirst());
    }
  }

  @Override
  public long nextDeadline() {
    return timers.isEmpty() ? NO_DEADLINE : timers.first();
  }
}
