package io.jtcp.core.time;

/**
 * Receives the timers a {@link TimerWheel#poll} fires. The engine implements it once and dispatches
 * on {@code kind}, so that arming a timer needs no lambda or object per timer.
 */
@FunctionalInterface
public interface TimerHandler {
  /**
   * Called once per fired timer, on the polling thread. By the time this runs the timer is no
   * longer pending: {@code timerId} is stale (cancelling it returns {@code false}) and its slot may
   * already be reused by a timer this handler schedules. The handler may schedule and cancel
   * timers; see {@link TimerWheel#poll} for what happens to the ones due in the same poll.
   *
   * @param target the object given to {@link TimerWheel#schedule}, typically the connection
   * @param kind the kind given to {@link TimerWheel#schedule}, typically which of its timers
   * @param timerId the id {@link TimerWheel#schedule} returned
   * @param now the time passed to {@link TimerWheel#poll}, not the deadline: a timer polled late
   *     learns how late it is from {@code now}
   */
  void onTimer(Object target, int kind, long timerId, long now);
}
