/**
 * The TCP state machine of RFC 9293 as a table: every (state, event) pair has explicit rows with a
 * guard, the next state and the actions, and the table is the documentation ({@code jtcp fsm}
 * prints it).
 *
 * <p>The package decides, it does not do: {@link io.jtcp.core.fsm.TransitionTable} names what must
 * happen, the connection engine evaluates the guards against its TCB and performs the actions. The
 * acceptability tests the guards rest on (RFC 9293 §3.10.7.4, RFC 5961) are small pure functions in
 * {@link io.jtcp.core.fsm.Checks}.
 */
@NullMarked
package io.jtcp.core.fsm;

import org.jspecify.annotations.NullMarked;
