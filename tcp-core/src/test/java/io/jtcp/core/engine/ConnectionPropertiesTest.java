package io.jtcp.core.engine;

import io.jtcp.core.api.ConnectTimeoutException;
import io.jtcp.core.api.ConnectionAbortedException;
import io.jtcp.core.api.ConnectionClosingException;
import io.jtcp.core.api.ConnectionRefusedException;
import io.jtcp.core.api.ConnectionResetException;
import io.jtcp.core.api.ConnectionTimeoutException;
import io.jtcp.core.api.NotConnectedException;
import io.jtcp.core.api.PortInUseException;
import io.jtcp.core.engine.ConnectionPropertiesScenario.AppScript;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Conn;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Drop;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Host;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Kind;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Op;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Retries;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Side;
import io.jtcp.core.engine.ConnectionPropertiesScenario.Step;
import io.jtcp.core.engine.ConnectionPropertiesWorld.CallError;
import io.jtcp.core.engine.ConnectionPropertiesWorld.EarlyTimeWaitEnd;
import io.jtcp.core.engine.ConnectionPropertiesWorld.Endpoint;
import io.jtcp.core.engine.ConnectionPropertiesWorld.TupleStats;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.Pollable;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's property: two stacks on the simulated network go through random sequences of user calls
 * (connect, write, read, shutdown, close, abort) on up to three connections, with targeted loss of
 * SYN, SYN-ACK, ACK, data, FIN and RST segments ({@link ConnectionPropertiesScenario.Drop}), random
 * and congestion loss, and varied delays, MTUs, buffers, TCP options, retry limits, keepalive,
 * ephemeral-port ranges and application styles ({@link ConnectionPropertiesScenario}). After
 * virtual time runs out (TIME-WAIT and every retransmission series included) it checks:
 *
 * <ol>
 *   <li>tables: both stacks hold no connection, no listener and no armed timer;
 *   <li>states: every connection an application held is CLOSED, its close event came exactly once,
 *       every state change the observer reported is one a row of the transition table makes, and no
 *       segment but an RST left a connection that had no TCB any more;
 *   <li>errors: each is the typed one its cause calls for: reset or refused only after the peer
 *       sent an RST, aborted exactly after the application's own abort, a timeout only after the
 *       network lost as many of the connection's segments as the retry limit needs (or, for a
 *       connect, its SYNs met the server's TIME-WAIT of an earlier connection on the same port);
 *   <li>calls: every exception a call threw is typed and legal in the state it was made in; any
 *       other exception escaping the engine fails the property as it is;
 *   <li>bytes: each side read a prefix of what the other side's {@code write} calls accepted (no
 *       corruption, duplication or reordering); all of it when it saw end-of-stream; and all of it
 *       whenever the exchange was clean (no abort, no RST either way, no error, no unread data
 *       discarded by close, no close during the handshake);
 *   <li>benign connections (both applications finish gracefully, nothing closes or aborts early,
 *       losses below every retry limit) end without any RST or error, and both sides read
 *       end-of-stream;
 *   <li>TIME-WAIT lasts 2MSL unless the application aborts or a new SYN reopens it (an RST must not
 *       end it, RFC 1337); a close with unread data sends an RST (RFC 1122 §4.2.2.13);
 *   <li>no connection sends far more segments than its data needs (no ACK storm, no retransmission
 *       loop).
 * </ol>
 *
 * <p>Known engine bugs are waived by the {@code KNOWN_BUG_*} flags below, each narrowly and
 * documented there; turn a flag off to see its failures.
 */
class ConnectionPropertiesTest {

  // ---- Generators: each knob shrinks toward the plain case (no loss, eager readers, time 0).

  /**
   * Microseconds: at once, within a round trip or a few, within seconds, and now and then after a
   * long idle period (FIN-WAIT-2 and keepalive timers, long zero windows, exhausted retries).
   */
  private static final Gen<Long> STEP_TIME =
      Gens.frequency(
          Gens.weighted(2, Gens.constant(0L)),
          Gens.weighted(6, Gens.longs(0, 100_000)),
          Gens.weighted(6, Gens.longs(0, 3_000_000)),
          Gens.weighted(2, Gens.longs(0, 100_000_000)),
          Gens.weighted(1, Gens.longs(0, ConnectionPropertiesScenario.MAX_STEP_MICROS)));

  private static final Gen<Op> OP =
      Gens.frequency(
          Gens.weighted(6, Gens.constant(Op.WRITE)),
          Gens.weighted(1, Gens.constant(Op.READ)),
          Gens.weighted(2, Gens.constant(Op.SHUTDOWN)),
          Gens.weighted(2, Gens.constant(Op.CLOSE)),
          Gens.weighted(1, Gens.constant(Op.ABORT)));

  /** Buffer-sized writes now and then, so receive buffers fill exactly and windows close. */
  private static final Gen<Integer> WRITE_SIZE =
      Gens.frequency(
          Gens.weighted(3, Gens.ints(1, 200)),
          Gens.weighted(3, Gens.ints(1, 5_000)),
          Gens.weighted(1, Gens.ints(1, 70_000)),
          Gens.weighted(2, Gens.oneOf(1024, 2048, 4096, 8192, 16_384)));

  private static final Gen<Step> STEP =
      src -> {
        long at = STEP_TIME.generate(src);
        Op op = OP.generate(src);
        int bytes = op == Op.WRITE ? WRITE_SIZE.generate(src) : 0;
        return new Step(at, op, bytes);
      };

  private static final Gen<AppScript> SCRIPT =
      src -> {
        boolean lazy = src.bool(0.25);
        boolean lingerZero = src.bool(0.05);
        List<Step> steps = Gens.lists(STEP, 0, 6).generate(src);
        long closeAfter = STEP_TIME.generate(src);
        boolean graceful = src.bool(0.5);
        return new AppScript(!lazy, lingerZero, steps, closeAfter, graceful);
      };

  private static final Gen<Conn> CONN =
      src -> {
        long at = src.bool(0.5) ? src.longIn(0, 2_000_000) : 0;
        boolean nonBlocking = src.bool(0.3);
        AppScript client = SCRIPT.generate(src);
        AppScript server = SCRIPT.generate(src);
        boolean echo = src.bool(0.3);
        return new Conn(at, nonBlocking, client, server, echo);
      };

  /** Small indices mostly, so drops hit; sometimes far enough to exhaust SYN retries. */
  private static final Gen<Integer> NTH =
      Gens.frequency(Gens.weighted(4, Gens.ints(1, 3)), Gens.weighted(1, Gens.ints(1, 10)));

  /** Mostly single losses; sometimes a burst long enough to exhaust a retry limit. */
  private static final Gen<Integer> COUNT =
      Gens.frequency(
          Gens.weighted(8, Gens.constant(1)),
          Gens.weighted(2, Gens.ints(1, 4)),
          Gens.weighted(1, Gens.ints(1, 20)));

  private static final Gen<Drop> DROP =
      src -> {
        Side side = src.bool() ? Side.SERVER : Side.CLIENT;
        Kind kind =
            side == Side.CLIENT
                ? Gens.oneOf(Kind.SYN, Kind.ACK, Kind.FIN, Kind.DATA, Kind.RST).generate(src)
                : Gens.oneOf(Kind.SYN_ACK, Kind.ACK, Kind.FIN, Kind.DATA, Kind.RST).generate(src);
        int nth = NTH.generate(src);
        int count = COUNT.generate(src);
        return new Drop(side, kind, nth, count);
      };

  private static final Gen<Host> HOST =
      src ->
          new Host(
              src.bool(0.15),
              src.bool(0.15),
              src.bool(0.15),
              src.bool(0.2) ? src.intIn(200, 1500) : 1500,
              src.bool(0.15) ? src.longIn(100_000, 100_000_000) : 0,
              src.bool(0.5) ? src.longIn(1_500, 64_000) : 0);

  /** SO_RCVBUF/SO_SNDBUF: mostly the default (0), else a small one, often a power of two. */
  private static final Gen<Integer> BUFFER =
      src ->
          !src.bool(0.25)
              ? 0
              : src.bool() ? src.intIn(2048, 16_384) : Gens.oneOf(2048, 4096, 8192).generate(src);

  static final Gen<ConnectionPropertiesScenario> SCENARIO =
      src -> {
        Host clientHost = HOST.generate(src);
        Host serverHost = HOST.generate(src);
        Retries retries =
            src.bool(0.3)
                ? new Retries(src.intIn(1, 6), src.intIn(1, 5), src.intIn(2, 15))
                : Retries.LINUX;
        boolean keepalive = src.bool(0.15);
        boolean reentrant = src.bool(0.2);
        int clientPorts = src.bool(0.2) ? src.intIn(1, 2) : 0;
        long clientDelay = src.longIn(1_000, 50_000);
        long serverDelay = src.bool(0.5) ? src.longIn(1_000, 50_000) : clientDelay;
        int clientIsn = Gens.seqNumbers().generate(src);
        int serverIsn = Gens.seqNumbers().generate(src);
        int loss = src.bool(0.15) ? src.intIn(1, src.bool(0.2) ? 300 : 50) : 0;
        long netSeed = loss > 0 ? src.longIn(0, 1000) : 0;
        int clientRcvBuf = BUFFER.generate(src);
        int serverRcvBuf = BUFFER.generate(src);
        int sndBuf = BUFFER.generate(src);
        boolean serverLingerZero = src.bool(0.05);
        long listenerCloseAt = src.bool(0.15) ? src.longIn(0, 8_000_000) : -1;
        List<Conn> conns = Gens.lists(CONN, 1, 3).generate(src);
        List<Drop> drops = Gens.lists(DROP, 0, 12).generate(src);
        return new ConnectionPropertiesScenario(
            clientHost,
            serverHost,
            retries,
            keepalive,
            reentrant,
            clientPorts,
            clientDelay,
            serverDelay,
            clientIsn,
            serverIsn,
            loss,
            netSeed,
            clientRcvBuf,
            serverRcvBuf,
            sndBuf,
            serverLingerZero,
            listenerCloseAt,
            conns,
            drops);
      };

  /**
   * Known engine bugs around zero windows, waived while this flag is on (see the report of issue
   * 3's property). Each makes a healthy connection die with ConnectionTimeoutException while its
   * peer answers every segment, against RFC 9293 §3.8.6.1 (MUST-36: as long as the receiver keeps
   * acknowledging, the sender must keep the connection open):
   *
   * <ul>
   *   <li>a FIN is sent into a zero window; the receiver may not accept it (RFC 9293 §3.10.7.4: it
   *       occupies sequence space), answers with a zero-window ACK, and the sender retransmits the
   *       FIN on its retransmission timer and counts every retransmission against tcp_retries2,
   *       even after the window has opened again;
   *   <li>a receiver whose window is zero drops a segment it cannot accept whole, ACK field
   *       included, although RFC 9293 §3.10.7.4 says "special allowance should be made to accept
   *       valid ACKs": once the peer's SND.NXT is past our RCV.NXT (after a FIN or a byte sent into
   *       the closed window) its acknowledgments of our data are ignored and our retransmissions
   *       run out.
   * </ul>
   *
   * What is waived: a ConnectionTimeoutException, with fewer segments lost than the retry limit
   * needs, on a connection where either side advertised a zero window at some time; such a
   * connection also does not count as benign. Every other check applies to it.
   */
  // Fixed, flag off: the FIN waits under the persist timer, a zero-window receiver takes ACKs at
  // RCV.NXT and at the right edge, RTO retransmissions into a zero window do not count toward
  // tcp_retries2 (Linux's tcp_retransmit_timer), and issue 4's data path (reassembly, SWS
  // avoidance, persist override) passes the last failing seed, -Djtcp.seed=0xce29f713f1e51fc0, and
  // 20,000 scenarios. The flag stays so a regression can be told from a new bug.
  static final boolean KNOWN_BUG_ZERO_WINDOW_TIMEOUTS = false;

  /**
   * Known engine bug, waived while this flag is on: close() with unread received data sends an RST
   * in ESTABLISHED, CLOSE-WAIT, FIN-WAIT-1 and FIN-WAIT-2, but in CLOSING and LAST-ACK (reached by
   * shutdownOutput() before close()) the table only marks the socket orphaned and the unread data
   * is dropped silently, so the peer believes it was delivered. RFC 1122 §4.2.2.13 and RFC 2525
   * §2.17 say the TCP SHOULD send a RST; Linux's tcp_close does in every state but TIME-WAIT. What
   * is waived: the check that a close with unread data in CLOSING or LAST-ACK sends an RST.
   */
  static final boolean KNOWN_BUG_NO_RST_ON_CLOSE_WITH_UNREAD_DATA_AFTER_FIN = false;

  /**
   * Known engine bug, waived while this flag is on. After a retransmission timeout the engine
   * rewinds SND.NXT to SND.UNA (BSD-style) but keeps stamping its pure ACKs with SEQ = SND.NXT
   * (Connection.sendAck), so they carry a SEQ below data the peer has already received. The peer
   * finds them unacceptable (RFC 9293 §3.10.7.4: SEG.SEQ < RCV.NXT), ignores their ACK field and
   * answers each with an ACK, which for the same reason can be unacceptable to us: an ACK war
   * (hundreds of thousands of segments, one more loop per retransmission, as nothing rate-limits
   * the answers the way Linux's tcp_invalid_ratelimit does), in which neither side learns that its
   * data was acknowledged, until tcp_retries2 kills the connection. Stale SEQs also make the peer
   * skip their window updates (SND.WL1 > SEG.SEQ), so it sends past our window. 4.4BSD's tcp_output
   * sends pure ACKs with SEQ = SND.MAX for this reason. What is waived, on connections where a side
   * sent such an ACK: a ConnectionTimeoutException with fewer losses than the retry limit needs
   * (the connection is then not benign either), and the segment-count (storm) check.
   */
  static final boolean KNOWN_BUG_OLD_SEQ_ACKS = false;

  /** A connection may send this many segments plus one per byte written before it is a storm. */
  static final long STORM_SEGMENTS = 50_000;

  /** Outcome counts over the passing tries, printed after the run to show what was covered. */
  private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

  /**
   * 5000 scenarios take a few seconds (virtual time costs nothing while nothing happens);
   * -Djtcp.tries=N runs more.
   */
  @Test
  void connectionsEndClosedWithTypedErrorsAndEveryByteReadOnce() {
    Property.forAll(SCENARIO)
        .tries(Integer.getInteger(Property.TRIES_PROPERTY, 5000))
        .check(ConnectionPropertiesTest::holds);
  }

  @AfterAll
  static void printCoverage() {
    boolean all = Boolean.getBoolean("jtcp.coverage");
    StringBuilder s =
        new StringBuilder("ConnectionPropertiesTest outcomes")
            .append(all ? ":" : " (-Djtcp.coverage=true adds state changes and counters):");
    OUTCOMES.forEach(
        (k, v) -> {
          if (all || !(k.startsWith("transition ") || k.startsWith("counter "))) {
            s.append("\n  ").append(String.format(Locale.ROOT, "%-56s %7d", k, v));
          }
        });
    System.out.println(s);
  }

  static void holds(ConnectionPropertiesScenario scenario) {
    ConnectionPropertiesWorld w = new ConnectionPropertiesWorld(scenario, false);
    w.run();
    List<String> v = violations(w);
    if (!v.isEmpty()) {
      // The message replays the same (deterministic) run with a trace, but only when someone reads
      // it: while shrinking, the runner throws most failures away unread.
      throw Violation.of(
          v.get(0),
          () -> {
            ConnectionPropertiesWorld traced = new ConnectionPropertiesWorld(scenario, true);
            traced.run();
            List<String> again = violations(traced);
            StringBuilder msg = new StringBuilder(String.join("\n", v));
            if (!again.equals(v)) {
              msg.append("\n(the traced replay differed: ").append(again).append(')');
            }
            return msg.append("\ntrace:\n").append(traced.trace()).toString();
          });
    }
    tally(w);
  }

  // ---- The checks

  /**
   * What a failing run throws: one class per kind of violation, because the runner shrinks toward
   * smaller cases that fail with the same class, and a shrink should not slide from one bug to
   * another. Every message starts with its kind in brackets.
   */
  static class Violation extends AssertionError {
    private static final long serialVersionUID = 1;
    private transient @Nullable Supplier<String> details;
    private @Nullable String message;

    Violation(Supplier<String> details) {
      this.details = details;
    }

    @Override
    public synchronized String getMessage() {
      Supplier<String> d = details;
      if (message == null && d != null) {
        message = d.get();
        details = null;
      }
      return message;
    }

    static Violation of(String first, Supplier<String> details) {
      String kind = first.substring(1, first.indexOf(']'));
      return switch (kind) {
        case "tables" -> new TablesViolation(details);
        case "states" -> new StatesViolation(details);
        case "errors" -> new ErrorsViolation(details);
        case "calls" -> new CallsViolation(details);
        case "bytes" -> new BytesViolation(details);
        case "benign" -> new BenignViolation(details);
        case "time-wait" -> new TimeWaitViolation(details);
        case "rst" -> new RstViolation(details);
        case "storm" -> new StormViolation(details);
        default -> new Violation(details);
      };
    }
  }

  /** Connections, listeners or timers left in a stack. */
  static final class TablesViolation extends Violation {
    private static final long serialVersionUID = 1;

    TablesViolation(Supplier<String> details) {
      super(details);
    }
  }

  /**
   * A connection not CLOSED at the end, wrong events, a state change no table row makes, or a
   * segment sent with no connection behind it.
   */
  static final class StatesViolation extends Violation {
    private static final long serialVersionUID = 1;

    StatesViolation(Supplier<String> details) {
      super(details);
    }
  }

  /** An error its cause does not explain. */
  static final class ErrorsViolation extends Violation {
    private static final long serialVersionUID = 1;

    ErrorsViolation(Supplier<String> details) {
      super(details);
    }
  }

  /** A call threw what it may not throw in that state. */
  static final class CallsViolation extends Violation {
    private static final long serialVersionUID = 1;

    CallsViolation(Supplier<String> details) {
      super(details);
    }
  }

  /** Bytes corrupted, repeated, reordered, or lost in a clean close. */
  static final class BytesViolation extends Violation {
    private static final long serialVersionUID = 1;

    BytesViolation(Supplier<String> details) {
      super(details);
    }
  }

  /** A connection with nothing to justify it saw an RST, an error or no end-of-stream. */
  static final class BenignViolation extends Violation {
    private static final long serialVersionUID = 1;

    BenignViolation(Supplier<String> details) {
      super(details);
    }
  }

  /** Data lost without the RST that should announce it. */
  static final class RstViolation extends Violation {
    private static final long serialVersionUID = 1;

    RstViolation(Supplier<String> details) {
      super(details);
    }
  }

  /** Far more segments than the data needs. */
  static final class StormViolation extends Violation {
    private static final long serialVersionUID = 1;

    StormViolation(Supplier<String> details) {
      super(details);
    }
  }

  /** TIME-WAIT cut short. */
  static final class TimeWaitViolation extends Violation {
    private static final long serialVersionUID = 1;

    TimeWaitViolation(Supplier<String> details) {
      super(details);
    }
  }

  static List<String> violations(ConnectionPropertiesWorld w) {
    List<String> v = new ArrayList<>();
    // The listener closes at the end of time (unless the scenario closed it earlier); nothing may
    // be
    // waiting in its queues by then: the application accepts at once, and a half-open child must
    // have finished or timed out.
    if (w.pendingAtEnd != 0 || w.halfOpenAtEnd != 0) {
      v.add(
          "[tables] "
              + "at the end the listener still holds "
              + w.pendingAtEnd
              + " unaccepted and "
              + w.halfOpenAtEnd
              + " half-open connections");
    }
    v.addAll(w.illegalChanges);
    tables("client", w.client, v);
    tables("server", w.server, v);
    for (int i = 0; i < w.clients.size(); i++) {
      Endpoint c = w.clients.get(i);
      Endpoint s = w.servers.get(i);
      if (c.conn == null) {
        if (!(c.connectError instanceof PortInUseException)) {
          v.add("[errors] " + "client app #" + i + " never got a connection");
        } else if (c.portsBusy.size() < w.scenario.clientPorts || w.scenario.clientPorts == 0) {
          v.add(
              "[errors] "
                  + "client app #"
                  + i
                  + ": connect found no free port, but only "
                  + c.portsBusy
                  + " were in use: "
                  + c.connectError);
        }
        continue;
      }
      TupleStats t = w.tuple(c.conn.localPort());
      endpoint(c, t, v);
      if (s.conn != null) {
        endpoint(s, t, v);
      }
      direction(c, s, t, v);
      direction(s, c, t, v);
      long bytes = (long) c.written.size() + s.written.size();
      long bound = STORM_SEGMENTS + bytes;
      if (t.segments > bound && !oldSeqAcks(t)) {
        v.add(
            "[storm] connection #"
                + i
                + " made "
                + t.segments
                + " segments for "
                + bytes
                + " bytes written: more than "
                + bound
                + ", an ACK storm or a retransmission loop");
      }
      if (benign(w, i, t)) {
        boolean noRetransmissionRaces =
            t.lostTotal() == 0
                && w.scenario.clientHost.bitsPerSecond() == 0
                && w.scenario.serverHost.bitsPerSecond() == 0;
        benignEnding(c, s, t, noRetransmissionRaces, v);
      }
    }
    for (EarlyTimeWaitEnd e : w.earlyTimeWaitEnds) {
      List<Endpoint> side = e.side() == Side.CLIENT ? w.clients : w.servers;
      boolean aborted =
          side.stream()
              .anyMatch(
                  ep ->
                      ep.conn != null
                          && (e.side() == Side.CLIENT ? ep.conn.localPort() : ep.conn.remotePort())
                              == e.clientPort()
                          && ep.abortedIn == TcpState.TIME_WAIT);
      boolean reopened = e.side() == Side.SERVER && w.scenario.clientPorts > 0;
      if (!aborted && !reopened) {
        v.add(
            "[time-wait] "
                + String.format(
                    Locale.ROOT,
                    "%s connection of client port %d left TIME-WAIT at %.3fms, before 2MSL, without"
                        + " an abort or a new SYN",
                    e.side(),
                    e.clientPort(),
                    e.at() / 1e6));
      }
    }
    return v;
  }

  /**
   * Whether nothing in the scenario of connection {@code i} justifies an RST, an error or a lost
   * byte: both applications finish gracefully (shut down, read to end-of-stream, close) without
   * closing or aborting earlier, no SO_LINGER 0, the listener stays open, ports are not reused, and
   * the network lost fewer of the connection's segments than any retry limit needs.
   */
  static boolean benign(ConnectionPropertiesWorld w, int i, TupleStats t) {
    ConnectionPropertiesScenario sc = w.scenario;
    Conn conn = sc.conns.get(i);
    Retries r = sc.retries;
    int lossBudget = Math.min(Math.min(r.syn(), r.synack()), r.data());
    if (sc.keepalive) {
      lossBudget = Math.min(lossBudget, ConnectionPropertiesWorld.KEEPALIVE_PROBES);
    }
    Endpoint c = w.clients.get(i);
    Endpoint s = w.servers.get(i);
    return !zeroWindowTimeout(c, t)
        && !zeroWindowTimeout(s, t)
        && !oldSeqAckTimeout(c, t)
        && !oldSeqAckTimeout(s, t)
        && sc.listenerCloseAtMicros < 0
        && !sc.serverLingerZero
        && sc.clientPorts == 0
        && quiet(conn.client())
        && quiet(conn.server())
        && t.lostTotal() < lossBudget;
  }

  private static boolean quiet(AppScript s) {
    return s.graceful()
        && !s.lingerZero()
        && s.steps().stream().noneMatch(x -> x.op() == Op.CLOSE || x.op() == Op.ABORT);
  }

  /**
   * A benign connection must end the way a well-behaved exchange does: no error, both sides read
   * end-of-stream (so every byte, by the bytes check), and no RST unless a retransmission may have
   * raced the final ACK.
   */
  private static void benignEnding(
      Endpoint c, Endpoint s, TupleStats t, boolean noRetransmissionRaces, List<String> v) {
    List<String> wrong = new ArrayList<>();
    // A retransmission (after a loss, or a spurious one behind a slow link's queue) can cross the
    // last ACK and reach a peer that has just deleted its TCB, which answers with an RST: legal,
    // and harmless to a peer in TIME-WAIT. Without either, no RST at all may appear.
    if (noRetransmissionRaces && t.rsts[0] + t.rsts[1] > 0) {
      wrong.add("RSTs were sent (client " + t.rsts[0] + ", server " + t.rsts[1] + ")");
    }
    for (Endpoint ep : List.of(c, s)) {
      if (ep.conn == null) {
        wrong.add(ep.name() + " never got its connection");
        continue;
      }
      if (ep.conn.error() != null) {
        wrong.add(ep.name() + " ended with " + ep.conn.error());
      }
      if (!ep.eof) {
        wrong.add(ep.name() + " never read end-of-stream");
      }
      if (ep.lingerExpired) {
        wrong.add(ep.name() + " waited in vain for end-of-stream");
      }
    }
    if (!wrong.isEmpty()) {
      v.add(
          "[benign] "
              + "connection #"
              + c.index
              + " had nothing to justify an RST, error or loss (graceful apps, no abort,"
              + " few losses), but: "
              + String.join("; ", wrong));
    }
  }

  private static void tables(String who, Stack stack, List<String> v) {
    if (stack.connectionCount() != 0) {
      v.add(
          "[tables] "
              + who
              + " stack still holds connections after TIME-WAIT: "
              + stack.connections());
    }
    if (stack.listenerCount() != 0) {
      v.add("[tables] " + who + " stack still has " + stack.listenerCount() + " listeners");
    }
    if (stack.nextDeadline() != Pollable.NO_DEADLINE) {
      v.add(
          "[tables] "
              + who
              + " stack still has a timer armed (deadline "
              + stack.nextDeadline()
              + " ns) with no connection left");
    }
  }

  private static void endpoint(Endpoint ep, TupleStats t, List<String> v) {
    Connection c = ep.conn;
    if (c == null) {
      return;
    }
    String who = ep.name() + " (" + c + ")";
    if (c.state() != TcpState.CLOSED) {
      v.add("[states] " + who + " ended in " + c.state().rfcName() + ", not CLOSED");
    }
    if (ep.closedEvents != 1) {
      v.add("[states] " + who + " got " + ep.closedEvents + " close events, not 1");
    }
    if (ep.establishedEvents > 1) {
      v.add("[states] " + who + " got " + ep.establishedEvents + " established events");
    }
    IOException e = c.error();
    Retries retries = ep.world().scenario.retries;
    int peerRsts = t.rsts[ep.side.peer().ordinal()];
    boolean abortedOpen = ep.aborted && ep.abortedIn != TcpState.CLOSED;
    String why = null;
    if (abortedOpen) {
      if (!(e instanceof ConnectionAbortedException)) {
        why = "the application aborted it in " + ep.abortedIn + ", but its error is not 'aborted'";
      } else if (ep.closedEventError != null) {
        why = "its close event after the application's abort carried " + ep.closedEventError;
      }
    } else if (e instanceof ConnectionAbortedException) {
      why = "'aborted' without an abort call on an open connection";
    } else if (e instanceof ConnectionRefusedException) {
      if (peerRsts == 0) {
        why = "refused, but the peer sent no RST";
      } else if (ep.side != Side.CLIENT || ep.establishedEvents > 0) {
        why = "refused after the connection was established";
      }
    } else if (e instanceof ConnectionResetException) {
      if (peerRsts == 0) {
        why = "reset, but the peer sent no RST";
      }
    } else if (e instanceof ConnectTimeoutException) {
      if (ep.side != Side.CLIENT || ep.establishedEvents > 0) {
        why = "connect timeout on an established connection";
      } else if (t.lostTotal() + t.synsIntoTimeWait + t.synsIntoEmbryo < retries.syn() + 1) {
        why =
            "connect timed out, but the network lost only "
                + t.lostTotal()
                + " of its segments, "
                + t.synsIntoTimeWait
                + " SYNs met a TIME-WAIT and "
                + t.synsIntoEmbryo
                + " reset a SYN-RECEIVED child (tcp_syn_retries="
                + retries.syn()
                + ")";
      }
    } else if (e instanceof ConnectionTimeoutException) {
      // A zero-window prober gives up after tcp_retries2 unanswered probes (Linux's
      // tcp_probe_timer), without an original segment before them as a retransmitter has.
      boolean probes = String.valueOf(e.getMessage()).contains("zero-window probes unanswered");
      int limit =
          ep.world().scenario.keepalive
              ? ConnectionPropertiesWorld.KEEPALIVE_PROBES
              : probes ? retries.data() : retries.data() + 1;
      if (t.lostTotal() < limit && !zeroWindowTimeout(ep, t) && !oldSeqAckTimeout(ep, t)) {
        why =
            "timed out, but the network lost only "
                + t.lostTotal()
                + " of its segments (tcp_retries2="
                + retries.data()
                + ", keepalive probes "
                + ConnectionPropertiesWorld.KEEPALIVE_PROBES
                + ")";
      }
    } else if (e != null) {
      why = "untyped or unexpected error";
    }
    if (why == null && !abortedOpen && ep.closedEvents == 1 && ep.closedEventError != e) {
      why = "its close event carried " + ep.closedEventError + " but error() is " + e;
    }
    if (why != null) {
      v.add("[errors] " + who + ": " + why + " (error: " + e + ")");
    }
    if (ep.unreadAtClose > 0
        && !EnumSet.of(TcpState.CLOSED, TcpState.TIME_WAIT).contains(ep.closedIn)
        && !(KNOWN_BUG_NO_RST_ON_CLOSE_WITH_UNREAD_DATA_AFTER_FIN
            && EnumSet.of(TcpState.CLOSING, TcpState.LAST_ACK).contains(ep.closedIn))
        && t.rsts[ep.side.ordinal()] == ep.rstsBeforeClose) {
      v.add(
          "[rst] "
              + who
              + ": the application closed in "
              + ep.closedIn.rfcName()
              + " with "
              + ep.unreadAtClose
              + " bytes unread, and no RST told the peer they were lost (RFC 1122 §4.2.2.13,"
              + " RFC 2525 §2.17)");
    }
    for (CallError ce : ep.callErrors) {
      String bad = callError(ce, c);
      if (bad != null) {
        v.add(
            "[calls] "
                + who
                + ": "
                + ce.op()
                + " in "
                + ce.before().rfcName()
                + " threw "
                + ce.error()
                + ": "
                + bad);
      }
    }
  }

  private static final EnumSet<TcpState> HANDSHAKE =
      EnumSet.of(TcpState.SYN_SENT, TcpState.SYN_RECEIVED);

  /** Null if the exception is one the call may throw in that state. */
  private static String callError(CallError ce, Connection c) {
    IOException x = ce.error();
    if (x instanceof ConnectionClosingException) {
      return ce.op() == Op.WRITE && ce.shutBefore()
          ? null
          : "'closing' although the application had not shut its output";
    }
    if (x instanceof NotConnectedException) {
      boolean ok =
          ce.before() == TcpState.CLOSED && (ce.op() == Op.WRITE || ce.op() == Op.SHUTDOWN)
              || HANDSHAKE.contains(ce.before()) && ce.op() == Op.SHUTDOWN;
      return ok ? null : "'not connected' in a connected state";
    }
    if (ce.before() == TcpState.CLOSED && x == c.error()) {
      return null; // a call after the connection died reports why it died
    }
    return "not the connection's error, nor a typed refusal of the call";
  }

  /**
   * Whether {@code ep}'s connection may have died of {@link #KNOWN_BUG_ZERO_WINDOW_TIMEOUTS} (when
   * that flag waives it): a retransmission timeout on a connection where a window was zero.
   */
  static boolean zeroWindowTimeout(Endpoint ep, TupleStats t) {
    Connection c = ep.conn;
    return KNOWN_BUG_ZERO_WINDOW_TIMEOUTS
        && c != null
        && c.error() instanceof ConnectionTimeoutException
        && (t.zeroWindowSeen[0] || t.zeroWindowSeen[1]);
  }

  /**
   * Whether connection {@code t} showed {@link #KNOWN_BUG_OLD_SEQ_ACKS} (when that flag waives it):
   * a side sent a pure ACK with a SEQ below what it had already sent.
   */
  static boolean oldSeqAcks(TupleStats t) {
    return KNOWN_BUG_OLD_SEQ_ACKS && (t.oldSeqAck[0] || t.oldSeqAck[1]);
  }

  /** Whether {@code ep}'s timeout may come from {@link #KNOWN_BUG_OLD_SEQ_ACKS}. */
  static boolean oldSeqAckTimeout(Endpoint ep, TupleStats t) {
    Connection c = ep.conn;
    return c != null && c.error() instanceof ConnectionTimeoutException && oldSeqAcks(t);
  }

  /** What {@code b}'s application read against what {@code a}'s application wrote. */
  private static void direction(Endpoint a, Endpoint b, TupleStats t, List<String> v) {
    byte[] w = a.written.toByteArray();
    byte[] r = b.read.toByteArray();
    String dir = a.name() + " -> " + b.name();
    int mismatch = firstDifference(w, r);
    if (r.length > w.length || mismatch < r.length) {
      v.add(
          "[bytes] "
              + dir
              + ": read "
              + r.length
              + " bytes, of which "
              + mismatch
              + " are a prefix of the "
              + w.length
              + " bytes written: data was corrupted, repeated or reordered");
      return;
    }
    if (b.eof && r.length != w.length) {
      v.add(
          "[bytes] "
              + dir
              + ": end-of-stream after "
              + r.length
              + " of "
              + w.length
              + " bytes written");
    }
    if (clean(a, b, t) && r.length != w.length) {
      v.add(
          "[bytes] "
              + dir
              + ": the connection closed cleanly (no abort, RST, error or discarded data), but "
              + r.length
              + " of "
              + w.length
              + " bytes written were read");
    }
  }

  /** Whether the exchange from {@code a} to {@code b} had to deliver every byte. */
  static boolean clean(Endpoint a, Endpoint b, TupleStats t) {
    Connection ca = a.conn;
    Connection cb = b.conn;
    return ca != null
        && cb != null
        && ca.error() == null
        && cb.error() == null
        && t.rsts[0] == 0
        && t.rsts[1] == 0
        && !a.aborted
        && !b.aborted
        && !HANDSHAKE.contains(a.closedIn)
        && !HANDSHAKE.contains(b.closedIn)
        && b.unreadAtClose == 0;
  }

  private static int firstDifference(byte[] w, byte[] r) {
    int n = Math.min(w.length, r.length);
    for (int i = 0; i < n; i++) {
      if (w[i] != r[i]) {
        return i;
      }
    }
    return n;
  }

  private static synchronized void tally(ConnectionPropertiesWorld w) {
    count("scenarios");
    w.transitions.forEach(t -> count("transition " + t));
    w.client.counters().snapshot().keySet().forEach(k -> count("counter client " + k));
    w.server.counters().snapshot().keySet().forEach(k -> count("counter server " + k));
    if (w.scenario.drops.isEmpty() && w.scenario.lossPerMille == 0) {
      count("scenarios without loss");
    }
    for (int i = 0; i < w.clients.size(); i++) {
      Endpoint c = w.clients.get(i);
      Endpoint s = w.servers.get(i);
      count("connections");
      if (c.conn == null) {
        count("connects without a free port");
        continue;
      }
      TupleStats t = w.tuple(c.conn.localPort());
      if (zeroWindowTimeout(c, t) || zeroWindowTimeout(s, t)) {
        count("waived: known bug timeout with a zero window");
      }
      if (oldSeqAcks(t)) {
        count("connections with old-SEQ ACKs (known bug)");
        if (oldSeqAckTimeout(c, t) || oldSeqAckTimeout(s, t)) {
          count("waived: known bug timeout with old-SEQ ACKs");
        }
        if (t.segments > STORM_SEGMENTS + c.written.size() + s.written.size()) {
          count("waived: known bug ACK storm");
        }
      }
      if (w.scenario.reentrant) {
        count("connections whose apps call the engine from callbacks");
      }
      for (Endpoint ep : List.of(c, s)) {
        if (ep.unreadAtClose > 0
            && EnumSet.of(TcpState.CLOSING, TcpState.LAST_ACK).contains(ep.closedIn)) {
          count("waived: known bug no RST for unread data in CLOSING/LAST-ACK");
        }
      }
      if (benign(w, i, t)) {
        count("benign connections (no error, both read end-of-stream)");
      }
      if (t.lostTotal() > 0) {
        count("connections with lost segments");
      }
      if (s.conn == null) {
        count("connections never accepted");
      }
      for (Endpoint ep : List.of(c, s)) {
        if (ep.conn != null) {
          IOException e = ep.conn.error();
          count(
              ep.side.name().toLowerCase(java.util.Locale.ROOT)
                  + " error: "
                  + (e == null ? "none" : e.getClass().getSimpleName()));
        }
      }
      for (Endpoint[] d : new Endpoint[][] {{c, s}, {s, c}}) {
        if (clean(d[0], d[1], t)) {
          count(
              d[0].written.size() > 0
                  ? "clean directions with data (exact check)"
                  : "clean directions without data");
        }
        if (d[1].eof) {
          count("directions read to end-of-stream");
        }
      }
    }
  }

  private static void count(String key) {
    OUTCOMES.merge(key, 1, Integer::sum);
  }
}
