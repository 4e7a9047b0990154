package io.jtcp.core.spi;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.wire.TcpView;

/**
 * Sees every TCP segment a stack sends or receives, with the connection's state after it, and every
 * state change. It feeds ladder diagrams, traces and statistics; it must not keep the view beyond
 * the call.
 */
public interface PacketObserver {
  PacketObserver NONE = new PacketObserver() {};

  /** Which way a segment went. */
  enum Direction {
    IN,
    OUT
  }

  /**
   * A segment crossed the stack's boundary. For {@code IN}, {@code stateAfter} is the state once
   * the segment was processed (CLOSED when no connection took it); for {@code OUT}, the state it
   * was sent in.
   */
  default void onSegment(
      long now,
      Direction direction,
      int localAddress,
      int remoteAddress,
      TcpView segment,
      TcpState stateAfter) {}

  /** A connection changed state (also without a segment: timers, user calls). */
  default void onStateChange(
      long now,
      int localAddress,
      int localPort,
      int remoteAddress,
      int remotePort,
      TcpState from,
      TcpState to) {}
}
