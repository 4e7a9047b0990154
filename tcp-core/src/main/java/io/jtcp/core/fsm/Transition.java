package io.jtcp.core.fsm;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of the table: in {@code state}, on {@code event}, if {@code guard} holds, perform {@code
 * actions} and move to {@code next}.
 *
 * @param state the state the row applies in
 * @param event the event
 * @param guard the condition; {@link Guard#ALWAYS} for the fallback row
 * @param next the state afterwards (the same state for rows that stay)
 * @param actions what to do, in order
 * @param error for rows that fail a user call, what the call reports (RFC 9293's "error: ...");
 *     else null
 * @param rfc where the behaviour is specified, e.g. "9293 §3.10.7.4"
 */
public record Transition(
    TcpState state,
    TcpEvent event,
    Guard guard,
    TcpState next,
    List<Action> actions,
    @Nullable String error,
    String rfc) {

  public Transition {
    Objects.requireNonNull(state);
    Objects.requireNonNull(event);
    Objects.requireNonNull(guard);
    Objects.requireNonNull(next);
    actions = List.copyOf(actions);
    Objects.requireNonNull(rfc);
    if (actions.contains(Action.FAIL_CALL) != (error != null)) {
      throw new IllegalArgumentException(
          "a row fails the call exactly when it names an error: " + state + "/" + event);
    }
  }

  public boolean has(Action action) {
    return actions.contains(action);
  }

  /** Whether processing of the arriving segment ends with this row. */
  public boolean discards() {
    return actions.contains(Action.DISCARD) || next == TcpState.CLOSED;
  }
}
