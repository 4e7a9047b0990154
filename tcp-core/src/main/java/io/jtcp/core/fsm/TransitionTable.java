package io.jtcp.core.fsm;

import static io.jtcp.core.fsm.Action.*;
import static io.jtcp.core.fsm.Guard.*;
import static io.jtcp.core.fsm.TcpEvent.*;
import static io.jtcp.core.fsm.TcpState.*;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * RFC 9293's state machine, row by row. Read {@link #rfc9293()} top to bottom as the specification:
 * each line is "in these states, on this event, when this guard holds, go there, doing this". Rows
 * for one (state, event) pair are tried in the order written; the engine evaluates guards, this
 * class only looks them up. {@code TransitionTableTest} proves every pair ends in an {@link
 * Guard#ALWAYS} row.
 */
public final class TransitionTable {
  private static final Set<TcpState> SYNCHRONIZED =
      EnumSet.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT);
  private static final Set<TcpState> RECEIVING = EnumSet.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2);
  private static final Set<TcpState> FIN_RECEIVED = EnumSet.of(CLOSE_WAIT, CLOSING, LAST_ACK);
  private static final Set<TcpState> DATA_OUTSTANDING =
      EnumSet.of(ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK);
  private static final Set<TcpState> OPEN = EnumSet.of(ESTABLISHED, CLOSE_WAIT);

  private static final TransitionTable RFC_9293 = build();

  private final Map<TcpState, Map<TcpEvent, List<Transition>>> rows;

  /**
   * The same rows by state and event ordinal, as arrays: the per-segment lookup then costs two
   * array loads instead of two enum-map lookups and a list (measured: the maps were 4% of a bulk
   * transfer's receiving thread).
   */
  private final Transition[][][] byOrdinal;

  private TransitionTable(Map<TcpState, Map<TcpEvent, List<Transition>>> rows) {
    this.rows = rows;
    TcpState[] states = TcpState.values();
    TcpEvent[] events = TcpEvent.values();
    this.byOrdinal = new Transition[states.length][events.length][];
    for (TcpState s : states) {
      for (TcpEvent e : events) {
        byOrdinal[s.ordinal()][e.ordinal()] = rows.get(s).get(e).toArray(new Transition[0]);
      }
    }
  }

  /** The table jtcp runs. */
  public static TransitionTable rfc9293() {
    return RFC_9293;
  }

  private static TransitionTable build() {
    Rows t = new Rows();

    // ---- CLOSED: no TCB. Everything but a RST is answered with a RST (§3.10.7.1).
    // ------------------------------
    t.in(CLOSED).on(RST).always().stay(DISCARD).rfc("9293 §3.10.7.1");
    t.in(CLOSED)
        .on(SYN, SYN_ACK, ACK, DATA, FIN, UNACCEPTABLE)
        .always()
        .stay(SEND_RST, DISCARD)
        .rfc("9293 §3.10.7.1");

    // ---- LISTEN (§3.10.7.2)
    // -----------------------------------------------------------------------------------
    t.in(LISTEN).on(RST).always().stay(DISCARD).rfc("9293 §3.10.7.2");
    t.in(LISTEN).on(SYN).when(BACKLOG_FULL).stay(DISCARD).rfc("Linux tcp_conn_request");
    t.in(LISTEN).on(SYN).when(SYN_COOKIES).stay(SEND_COOKIE_SYN_ACK, DISCARD).rfc("4987 §3.6");
    t.in(LISTEN).on(SYN).when(SYN_QUEUE_FULL).stay(DISCARD).rfc("4987 §3.6");
    t.in(LISTEN)
        .on(SYN)
        .always()
        .go(SYN_RECEIVED, SPAWN_CHILD, ACCEPT_SYN, SEND_SYN_ACK, ARM_RTO)
        .rfc("9293 §3.10.7.2");
    t.in(LISTEN)
        .on(ACK)
        .when(COOKIE_VALID)
        .go(ESTABLISHED, SPAWN_CHILD, ACCEPT_COOKIE, QUEUE_FOR_ACCEPT)
        .rfc("4987 §3.6");
    t.in(LISTEN).on(SYN_ACK, ACK).always().stay(SEND_RST, DISCARD).rfc("9293 §3.10.7.2");
    t.in(LISTEN).on(DATA, FIN, UNACCEPTABLE).always().stay(DISCARD).rfc("9293 §3.10.7.2");

    // ---- SYN-SENT (§3.10.7.3)
    // ---------------------------------------------------------------------------------
    t.in(SYN_SENT)
        .on(SYN_ACK)
        .when(ACK_ACCEPTABLE)
        .go(ESTABLISHED, ACCEPT_SYN, PROCESS_ACK, SEND_ACK, SIGNAL_CONNECTED, SEND_DATA)
        .rfc("9293 §3.10.7.3");
    t.in(SYN_SENT).on(ACK).when(ACK_ACCEPTABLE).stay(DISCARD).rfc("9293 §3.10.7.3 fifth");
    t.in(SYN_SENT).on(SYN_ACK, ACK).always().stay(SEND_RST, DISCARD).rfc("9293 §3.10.7.3 first");
    // A crossing SYN's text and FIN are not processed: RFC 9293 queues them until ESTABLISHED,
    // Linux (tcp_rcv_synsent_state_process) drops them unacknowledged, and so do we.
    t.in(SYN_SENT)
        .on(SYN)
        .always()
        .go(SYN_RECEIVED, ACCEPT_SYN, SEND_SYN_ACK, ARM_RTO, DISCARD)
        .rfc("9293 §3.10.7.3 (simultaneous open)");
    t.in(SYN_SENT)
        .on(RST)
        .when(ACK_ACCEPTABLE)
        .go(CLOSED, SIGNAL_REFUSED, DELETE_TCB)
        .rfc("9293 §3.10.7.3");
    t.in(SYN_SENT).on(RST, DATA, FIN, UNACCEPTABLE).always().stay(DISCARD).rfc("9293 §3.10.7.3");

    // ---- SYN-RECEIVED (§3.10.7.4)
    // -----------------------------------------------------------------------------
    t.in(SYN_RECEIVED)
        .on(UNACCEPTABLE)
        .always()
        .stay(SEND_ACK, DISCARD)
        .rfc("9293 §3.10.7.4 first");
    t.in(SYN_RECEIVED)
        .on(RST)
        .when(RST_EXACT)
        .go(CLOSED, SIGNAL_REFUSED, DELETE_TCB)
        .rfc("9293 §3.10.7.4 second");
    t.in(SYN_RECEIVED)
        .on(RST)
        .when(RST_IN_WINDOW)
        .stay(SEND_CHALLENGE_ACK, DISCARD)
        .rfc("5961 §3.2");
    t.in(SYN_RECEIVED).on(RST).always().stay(DISCARD).rfc("5961 §3.2");
    t.in(SYN_RECEIVED)
        .on(SYN)
        .when(SYN_RETRANSMITTED)
        .stay(SEND_SYN_ACK, DISCARD)
        .rfc("Linux tcp_check_req");
    t.in(SYN_RECEIVED)
        .on(SYN)
        .when(PASSIVE_OPEN)
        .go(CLOSED, DELETE_TCB)
        .rfc("9293 §3.10.7.4 fourth (back to LISTEN)");
    t.in(SYN_RECEIVED)
        .on(SYN_ACK)
        .when(SIMULTANEOUS_SYN_ACK)
        .go(ESTABLISHED, PROCESS_ACK, SEND_ACK, SIGNAL_CONNECTED, SEND_DATA, DISCARD)
        .rfc("9293 §3.5 fig. 7");
    t.in(SYN_RECEIVED).on(SYN, SYN_ACK).always().stay(SEND_CHALLENGE_ACK, DISCARD).rfc("5961 §4.2");
    t.in(SYN_RECEIVED)
        .on(ACK)
        .when(ACK_ACCEPTABLE)
        .go(ESTABLISHED, PROCESS_ACK, QUEUE_FOR_ACCEPT, SIGNAL_CONNECTED, SEND_DATA)
        .rfc("9293 §3.10.7.4 fifth");
    t.in(SYN_RECEIVED).on(ACK).always().stay(SEND_RST, DISCARD).rfc("9293 §3.10.7.4 fifth");
    t.in(SYN_RECEIVED).on(DATA).always().stay(DISCARD).rfc("9293 §3.10.7.4 seventh");
    t.in(SYN_RECEIVED)
        .on(FIN)
        .always()
        .go(CLOSE_WAIT, DELIVER_FIN, SEND_ACK)
        .rfc("9293 §3.10.7.4 eighth");

    // ---- Synchronized states (§3.10.7.4)
    // ----------------------------------------------------------------------
    // First: an unacceptable segment is answered with an ACK (an unacceptable RST is an RST event,
    // below).
    t.in(SYNCHRONIZED)
        .on(UNACCEPTABLE)
        .always()
        .stay(SEND_ACK, DISCARD)
        .rfc("9293 §3.10.7.4 first");
    // Second: RST. Only an exact one resets; an in-window one is challenged (RFC 5961); TIME-WAIT
    // ignores all
    // (RFC 1337: an RST must not cut TIME-WAIT short, where Linux's tcp_rfc1337=0 would let it).
    t.in(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT)
        .on(RST)
        .when(RST_EXACT)
        .go(CLOSED, SIGNAL_RESET, DELETE_TCB)
        .rfc("9293 §3.10.7.4 second");
    t.in(CLOSING, LAST_ACK)
        .on(RST)
        .when(RST_EXACT)
        .go(CLOSED, DELETE_TCB)
        .rfc("9293 §3.10.7.4 second");
    t.in(TIME_WAIT).on(RST).always().stay(DISCARD).rfc("1337 §2.2");
    t.in(SYNCHRONIZED)
        .on(RST)
        .when(RST_IN_WINDOW)
        .stay(SEND_CHALLENGE_ACK, DISCARD)
        .rfc("5961 §3.2");
    t.in(SYNCHRONIZED).on(RST).always().stay(DISCARD).rfc("5961 §3.2");
    // Fourth: a SYN in a synchronized state is challenged, except one that reopens TIME-WAIT.
    t.in(TIME_WAIT)
        .on(SYN)
        .when(SYN_REOPENS)
        .go(CLOSED, DELETE_TCB, PASS_TO_LISTENER)
        .rfc("9293 §3.6.1, 6191");
    t.in(TIME_WAIT)
        .on(SYN, SYN_ACK)
        .always()
        .stay(SEND_ACK, DISCARD)
        .rfc("Linux tcp_timewait_state_process");
    t.in(SYNCHRONIZED).on(SYN, SYN_ACK).always().stay(SEND_CHALLENGE_ACK, DISCARD).rfc("5961 §4.2");
    // Fifth: the ACK field.
    t.in(SYNCHRONIZED)
        .on(ACK)
        .when(ACK_UNSENT)
        .stay(SEND_CHALLENGE_ACK, DISCARD)
        .rfc("9293 §3.10.7.4 fifth, 5961 §5.2");
    t.in(SYNCHRONIZED).on(ACK).when(ACK_TOO_OLD).stay(SEND_CHALLENGE_ACK, DISCARD).rfc("5961 §5.2");
    t.in(FIN_WAIT_1)
        .on(ACK)
        .when(FIN_ACKED)
        .go(FIN_WAIT_2, PROCESS_ACK, ARM_FIN_WAIT_2)
        .rfc("9293 §3.10.7.4 fifth");
    t.in(CLOSING)
        .on(ACK)
        .when(FIN_ACKED)
        .go(TIME_WAIT, PROCESS_ACK, CANCEL_TIMERS, ARM_TIME_WAIT)
        .rfc("9293 §3.10.7.4 fifth");
    t.in(LAST_ACK)
        .on(ACK)
        .when(FIN_ACKED)
        .go(CLOSED, PROCESS_ACK, DELETE_TCB)
        .rfc("9293 §3.10.7.4 fifth");
    t.in(TIME_WAIT).on(ACK).always().stay().rfc("9293 §3.10.7.4 fifth");
    t.in(SYNCHRONIZED).on(ACK).always().stay(PROCESS_ACK, SEND_DATA).rfc("9293 §3.10.7.4 fifth");
    // Seventh: text. After close() nobody reads, so data is answered with a reset (Linux:
    // TCPAbortOnData).
    t.in(RECEIVING)
        .on(DATA)
        .when(ORPHANED)
        .go(CLOSED, SEND_RST, DELETE_TCB)
        .rfc("Linux tcp_rcv_state_process");
    t.in(RECEIVING).on(DATA).always().stay(DELIVER_DATA, ACK_LATER).rfc("9293 §3.10.7.4 seventh");
    t.in(FIN_RECEIVED).on(DATA).always().stay(DISCARD).rfc("9293 §3.10.7.4 seventh");
    t.in(TIME_WAIT).on(DATA).always().stay(DISCARD).rfc("9293 §3.10.7.4 seventh");
    // Eighth: FIN.
    t.in(ESTABLISHED)
        .on(FIN)
        .always()
        .go(CLOSE_WAIT, DELIVER_FIN, SEND_ACK)
        .rfc("9293 §3.10.7.4 eighth");
    t.in(FIN_WAIT_1)
        .on(FIN)
        .always()
        .go(CLOSING, DELIVER_FIN, SEND_ACK)
        .rfc("9293 §3.10.7.4 eighth");
    t.in(FIN_WAIT_2)
        .on(FIN)
        .always()
        .go(TIME_WAIT, DELIVER_FIN, SEND_ACK, CANCEL_TIMERS, ARM_TIME_WAIT)
        .rfc("9293 §3.10.7.4 eighth");
    t.in(FIN_RECEIVED).on(FIN).always().stay(SEND_ACK).rfc("9293 §3.10.7.4 eighth");
    t.in(TIME_WAIT)
        .on(FIN)
        .always()
        .stay(SEND_ACK, ARM_TIME_WAIT)
        .rfc("9293 §3.10.7.4 eighth (restart 2MSL)");

    // ---- User calls (§3.10.1-§3.10.6)
    // --------------------------------------------------------------------------
    t.in(CLOSED).on(OPEN_ACTIVE).always().go(SYN_SENT, SEND_SYN, ARM_RTO).rfc("9293 §3.10.1");
    t.in(CLOSED).on(OPEN_PASSIVE).always().go(LISTEN).rfc("9293 §3.10.1");
    t.notIn(CLOSED)
        .on(OPEN_ACTIVE, OPEN_PASSIVE)
        .always()
        .fail("connection already exists")
        .rfc("9293 §3.10.1");

    t.in(CLOSED)
        .on(SEND, RECEIVE, CLOSE, SHUTDOWN, ABORT)
        .always()
        .fail("connection does not exist")
        .rfc("9293 §3.10.2-6");
    t.in(LISTEN)
        .on(SEND, RECEIVE, SHUTDOWN)
        .always()
        .fail("not connected")
        .rfc("sockets API (ENOTCONN)");
    t.in(SYN_SENT, SYN_RECEIVED).on(SEND).always().stay(QUEUE_DATA).rfc("9293 §3.10.2");
    t.in(OPEN).on(SEND).always().stay(QUEUE_DATA, SEND_DATA).rfc("9293 §3.10.2");
    t.in(FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT)
        .on(SEND)
        .always()
        .fail("connection closing")
        .rfc("9293 §3.10.2");
    t.notIn(CLOSED, LISTEN).on(RECEIVE).always().stay(READ_DATA).rfc("9293 §3.10.3");

    t.in(LISTEN, SYN_SENT).on(CLOSE).always().go(CLOSED, DELETE_TCB).rfc("9293 §3.10.4");
    t.in(SYN_RECEIVED)
        .on(CLOSE)
        .always()
        .go(FIN_WAIT_1, MARK_ORPHANED, SEND_FIN)
        .rfc("9293 §3.10.4");
    t.in(OPEN, FIN_WAIT_1, FIN_WAIT_2)
        .on(CLOSE)
        .when(LINGER_ZERO)
        .go(CLOSED, SEND_RST_ABORT, DELETE_TCB)
        .rfc("sockets API (SO_LINGER 0)");
    t.in(OPEN, FIN_WAIT_1, FIN_WAIT_2)
        .on(CLOSE)
        .when(UNREAD_DATA)
        .go(CLOSED, SEND_RST_ABORT, DELETE_TCB)
        .rfc("2525 §2.17");
    t.in(ESTABLISHED)
        .on(CLOSE)
        .always()
        .go(FIN_WAIT_1, MARK_ORPHANED, SEND_FIN)
        .rfc("9293 §3.10.4");
    t.in(CLOSE_WAIT).on(CLOSE).always().go(LAST_ACK, MARK_ORPHANED, SEND_FIN).rfc("9293 §3.10.4");
    t.in(FIN_WAIT_1).on(CLOSE).always().stay(MARK_ORPHANED).rfc("9293 §3.10.4");
    t.in(FIN_WAIT_2)
        .on(CLOSE)
        .always()
        .stay(MARK_ORPHANED, ARM_FIN_WAIT_2)
        .rfc("9293 §3.10.4, tcp_fin_timeout");
    // Linux's tcp_close resets with unread data in every state a socket can be closed in, FIN sent
    // or not.
    t.in(CLOSING, LAST_ACK)
        .on(CLOSE)
        .when(UNREAD_DATA)
        .go(CLOSED, SEND_RST_ABORT, DELETE_TCB)
        .rfc("2525 §2.17, 1122 §4.2.2.13");
    t.in(CLOSING, LAST_ACK, TIME_WAIT).on(CLOSE).always().stay(MARK_ORPHANED).rfc("9293 §3.10.4");

    t.in(SYN_SENT, SYN_RECEIVED)
        .on(SHUTDOWN)
        .always()
        .fail("not connected")
        .rfc("sockets API (ENOTCONN)");
    t.in(ESTABLISHED)
        .on(SHUTDOWN)
        .always()
        .go(FIN_WAIT_1, SEND_FIN)
        .rfc("sockets API shutdown(SHUT_WR)");
    t.in(CLOSE_WAIT)
        .on(SHUTDOWN)
        .always()
        .go(LAST_ACK, SEND_FIN)
        .rfc("sockets API shutdown(SHUT_WR)");
    t.in(FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT)
        .on(SHUTDOWN)
        .always()
        .stay()
        .rfc("sockets API (already shut)");

    t.in(LISTEN, SYN_SENT).on(ABORT).always().go(CLOSED, DELETE_TCB).rfc("9293 §3.10.5");
    t.in(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT)
        .on(ABORT)
        .always()
        .go(CLOSED, SEND_RST_ABORT, DELETE_TCB)
        .rfc("9293 §3.10.5");
    t.in(CLOSING, LAST_ACK, TIME_WAIT)
        .on(ABORT)
        .always()
        .go(CLOSED, DELETE_TCB)
        .rfc("9293 §3.10.5");

    // ---- Timers (§3.8, §3.10.8)
    // ------------------------------------------------------------------------------
    t.in(SYN_SENT, SYN_RECEIVED)
        .on(RTO)
        .when(RETRIES_EXHAUSTED)
        .go(CLOSED, SIGNAL_TIMEOUT, DELETE_TCB)
        .rfc("tcp_syn_retries, tcp_synack_retries");
    t.in(SYN_SENT, SYN_RECEIVED).on(RTO).always().stay(RETRANSMIT).rfc("6298 §5, 9293 §3.8.1");
    t.in(DATA_OUTSTANDING)
        .on(RTO)
        .when(RETRIES_EXHAUSTED)
        .go(CLOSED, SIGNAL_TIMEOUT, DELETE_TCB)
        .rfc("tcp_retries2, 9293 §3.8.3");
    t.in(DATA_OUTSTANDING).on(RTO).when(PENDING).stay(RETRANSMIT).rfc("6298 §5");
    t.in(TIME_WAIT).on(TIME_WAIT_TIMER).always().go(CLOSED, DELETE_TCB).rfc("9293 §3.10.8");
    // Linux with tcp_fin_timeout <= 60 s parks the orphan as a FIN-WAIT-2 timewait socket that
    // expires silently.
    t.in(FIN_WAIT_2)
        .on(FIN_WAIT_2_TIMER)
        .always()
        .go(CLOSED, DELETE_TCB)
        .rfc("Linux tcp_fin_timeout, tcp_time_wait(FIN_WAIT2)");
    t.in(OPEN)
        .on(KEEPALIVE)
        .when(RETRIES_EXHAUSTED)
        .go(CLOSED, SEND_RST_ABORT, SIGNAL_TIMEOUT, DELETE_TCB)
        .rfc("1122 §4.2.3.6, tcp_keepalive_probes");
    t.in(OPEN).on(KEEPALIVE).when(PENDING).stay(SEND_PROBE, ARM_KEEPALIVE).rfc("1122 §4.2.3.6");
    t.in(OPEN).on(KEEPALIVE).always().stay(ARM_KEEPALIVE).rfc("1122 §4.2.3.6 (not idle yet)");
    t.in(DATA_OUTSTANDING)
        .on(PERSIST)
        .when(RETRIES_EXHAUSTED)
        .go(CLOSED, SIGNAL_TIMEOUT, DELETE_TCB)
        .rfc("tcp_retries2 probes unanswered (Linux tcp_probe_timer)");
    t.in(DATA_OUTSTANDING).on(PERSIST).when(PENDING).stay(SEND_PROBE).rfc("9293 §3.8.6.1");
    t.in(SYNCHRONIZED).on(DELAYED_ACK).when(PENDING).stay(SEND_ACK).rfc("9293 §3.8.6.3");
    // Whatever timer is left fires after the state it served: it is stale and does nothing.
    t.allStates()
        .on(RTO, TIME_WAIT_TIMER, FIN_WAIT_2_TIMER, KEEPALIVE, PERSIST, DELAYED_ACK)
        .always()
        .stay()
        .rfc("stale timer");

    return new TransitionTable(t.freeze());
  }

  /** The rows for one pair, in the order they are tried. */
  public List<Transition> rows(TcpState state, TcpEvent event) {
    return rows.get(state).get(event);
  }

  /**
   * The first row of the pair whose guard {@code holds}; the last row is unconditional, so there
   * always is one.
   */
  public Transition lookup(TcpState state, TcpEvent event, Predicate<Guard> holds) {
    for (Transition t : byOrdinal[state.ordinal()][event.ordinal()]) {
      if (t.guard() == Guard.ALWAYS || holds.test(t.guard())) {
        return t;
      }
    }
    throw new IllegalStateException(
        "no row for " + state + " on " + event + ": the table is not total");
  }

  /** Every row, by state, then event, then guard order. */
  public List<Transition> all() {
    List<Transition> out = new ArrayList<>();
    for (TcpState s : TcpState.values()) {
      for (TcpEvent e : TcpEvent.values()) {
        out.addAll(rows(s, e));
      }
    }
    return out;
  }

  /**
   * Collects rows; a later row for a pair that already ends in ALWAYS is skipped, so broad rows
   * fill the gaps.
   */
  private static final class Rows {
    private final Map<TcpState, Map<TcpEvent, List<Transition>>> rows =
        new EnumMap<>(TcpState.class);

    Rows() {
      for (TcpState s : TcpState.values()) {
        Map<TcpEvent, List<Transition>> byEvent = new EnumMap<>(TcpEvent.class);
        for (TcpEvent e : TcpEvent.values()) {
          byEvent.put(e, new ArrayList<>());
        }
        rows.put(s, byEvent);
      }
    }

    Scope in(TcpState... states) {
      return new Scope(EnumSet.copyOf(List.of(states)));
    }

    Scope in(Set<TcpState> first, TcpState... more) {
      EnumSet<TcpState> all = EnumSet.copyOf(first);
      all.addAll(List.of(more));
      return new Scope(all);
    }

    Scope notIn(TcpState... states) {
      return new Scope(EnumSet.complementOf(EnumSet.copyOf(List.of(states))));
    }

    Scope allStates() {
      return new Scope(EnumSet.allOf(TcpState.class));
    }

    Map<TcpState, Map<TcpEvent, List<Transition>>> freeze() {
      Map<TcpState, Map<TcpEvent, List<Transition>>> out = new EnumMap<>(TcpState.class);
      rows.forEach(
          (s, byEvent) -> {
            Map<TcpEvent, List<Transition>> frozen = new EnumMap<>(TcpEvent.class);
            byEvent.forEach((e, list) -> frozen.put(e, List.copyOf(list)));
            out.put(s, frozen);
          });
      return out;
    }

    final class Scope {
      private final Set<TcpState> states;
      private Set<TcpEvent> events = EnumSet.noneOf(TcpEvent.class);
      private Guard guard = Guard.ALWAYS;
      private @Nullable TcpState next;
      private List<Action> actions = List.of();
      private @Nullable String error;

      Scope(Set<TcpState> states) {
        this.states = states;
      }

      Scope on(TcpEvent... es) {
        events = EnumSet.copyOf(List.of(es));
        return this;
      }

      Scope when(Guard g) {
        guard = g;
        return this;
      }

      Scope always() {
        guard = Guard.ALWAYS;
        return this;
      }

      Scope go(TcpState to, Action... as) {
        next = to;
        actions = List.of(as);
        return this;
      }

      Scope stay(Action... as) {
        next = null;
        actions = List.of(as);
        return this;
      }

      Scope fail(String message) {
        next = null;
        actions = List.of(FAIL_CALL);
        error = message;
        return this;
      }

      void rfc(String reference) {
        for (TcpState s : states) {
          for (TcpEvent e : events) {
            List<Transition> list = rows.get(s).get(e);
            boolean closed = !list.isEmpty() && list.getLast().guard() == Guard.ALWAYS;
            if (!closed) {
              list.add(
                  new Transition(s, e, guard, next == null ? s : next, actions, error, reference));
            }
          }
        }
      }
    }
  }
}
