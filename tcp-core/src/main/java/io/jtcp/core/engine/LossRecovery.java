package io.jtcp.core.engine;

import io.jtcp.core.wire.Seq;
import io.jtcp.core.wire.TcpView;

/**
 * The sender's loss detection and recovery for one connection, as a small state machine the engine
 * drives: SACK-based recovery (RFC 6675 §5) when the peer does SACK, NewReno (RFC 6582) when it
 * does not, fast retransmit on the third duplicate ACK (RFC 5681 §3.2), limited transmit (RFC 3042)
 * on the first two, and the recovery after a retransmission timeout (RFC 6675 §5.1, RFC 6582 §3.2
 * step 4, RFC 2018 §8).
 *
 * <p>It owns no window arithmetic and no clock. The congestion-control algorithm owns cwnd and
 * ssthresh; this class tells the caller what happened on each ACK as a set of event bits ({@link
 * #ENTER_RECOVERY}, {@link #EXIT_RECOVERY}, {@link #LIMITED_TRANSMIT}, ...), says what to send next
 * ({@link #nextSegment}) and how much is in flight ({@link #pipe()}), and the caller applies cwnd.
 * The RTO timer is the engine's; when it fires the engine calls {@link #onRto}.
 *
 * <h2>States</h2>
 *
 * Linux's names: {@link State#OPEN} (no loss suspected), {@link State#DISORDER} (one or two
 * duplicate ACKs: limited transmit), {@link State#RECOVERY} (fast recovery, until the cumulative
 * ACK reaches RecoveryPoint), {@link State#LOSS} (after an RTO, until the cumulative ACK reaches
 * the HighData of the timeout; no fast recovery may start meanwhile, RFC 6675 §5.1 and RFC 6582
 * §4).
 *
 * <h2>Duplicate ACKs</h2>
 *
 * With SACK, an ACK is a duplicate when it SACKs octets not SACKed before (RFC 6675 §2: even if it
 * also moves the cumulative ACK or the window). Without SACK it is RFC 5681 §2's: the caller says
 * whether the segment carries no data, no SYN/FIN and the same window as the last ACK ({@code
 * duplicateCandidate}); this class adds "data outstanding" and "acknowledgment number = SND.UNA".
 *
 * <h2>Spurious retransmissions</h2>
 *
 * D-SACK blocks (RFC 2883) that fall on the sequence space retransmitted in the latest episode
 * (recovery or RTO) are counted against the octets retransmitted in it; when all of them have been
 * D-SACKed, {@link #SPURIOUS} is raised once (RFC 3708 §3's test, in octets): the engine may then
 * undo the congestion response through the SPI. {@link #dsackedBytes()} counts every D-SACKed octet
 * (RFC 3708 §2's accounting).
 *
 * <h2>Driving it</h2>
 *
 * <ol>
 *   <li>Once the handshake is done: {@link #reset reset(SND.UNA, SMSS, SACK-permitted both ways)};
 *       {@link #setSmss} when SMSS changes.
 *   <li>Every data segment the ordinary send path transmits: {@link #onTransmit onTransmit(seq,
 *       len)}.
 *   <li>Every acceptable ACK ({@code SEG.ACK ≤ SND.MAX}, old ones too): read {@link #pipe()} (in
 *       flight before), call {@link #onAck(TcpView, int, boolean) onAck(seg, SND.MAX,
 *       duplicateCandidate)}, read {@link #pipe()} again and the scoreboard's per-ACK report
 *       ({@link SackScoreboard#newlyAcked()}, {@link SackScoreboard#newlySacked()}, {@link
 *       SackScoreboard#delivered()}, {@link SackScoreboard#newlyLost()}); hand the congestion
 *       control the events (exit before enter) and the sample; then, if {@link #RETRANSMIT} is set,
 *       send {@link #nextSegment} once whatever cwnd says and {@link #onSent} it; then the
 *       transmission opportunity below.
 *   <li>Each transmission opportunity while {@link State#RECOVERY} or {@link State#LOSS}: while
 *       {@code cwnd − pipe() ≥ SMSS}, send {@link #nextSegment nextSegment(newDataAllowed)} and
 *       {@link #onSent} it, until it returns {@link NextSeg#NONE}. Otherwise the ordinary send path
 *       runs, gated on {@code cwnd − pipe()} (plus one segment on {@link #LIMITED_TRANSMIT} without
 *       SACK).
 *   <li>RTO: read FlightSize/pipe for the congestion control first, then {@link #onRto}, then send
 *       {@link #nextSegment} (the left edge) whatever cwnd says, and go on as in 4.
 * </ol>
 */
final class LossRecovery {
  /** Linux's congestion-avoidance states ({@code TCP_CA_*}). */
  enum State {
    OPEN,
    DISORDER,
    RECOVERY,
    LOSS
  }

  /** The ACK was a duplicate (RFC 6675 §2 with SACK, RFC 5681 §2 without). */
  static final int DUP_ACK = 1;

  /**
   * First or second duplicate ACK (RFC 3042): one new segment of at most SMSS may be sent even if
   * cwnd does not allow it, if the receiver's window does and the outstanding data stays within
   * cwnd + 2·SMSS. With SACK this is RFC 6675 §5 step (2.c), which a sender gating on {@code cwnd −
   * pipe() ≥ SMSS} gets by itself, since pipe() leaves SACKed data out.
   */
  static final int LIMITED_TRANSMIT = 1 << 1;

  /**
   * Fast retransmit: loss recovery starts (RFC 6675 §5 step 4, RFC 6582 §3.2 step 2). The
   * congestion control reduces ssthresh and cwnd now (step 4.2); {@link #nextSegment} then yields
   * the {@link NextSeg#FAST_RETRANSMIT} of SND.UNA, to be sent at once.
   */
  static final int ENTER_RECOVERY = 1 << 2;

  /** The cumulative ACK advanced but stays below RecoveryPoint (RFC 6582 §3.2 step 3). */
  static final int PARTIAL_ACK = 1 << 3;

  /** The first partial ACK of this recovery: RFC 6582 resets the retransmission timer here. */
  static final int FIRST_PARTIAL_ACK = 1 << 4;

  /**
   * A full ACK: the cumulative ACK reached RecoveryPoint and recovery ends (RFC 6675 §5 (A), RFC
   * 6582 §3.2 step 3). If the same ACK also starts a new recovery, both bits are set; the exit came
   * first.
   */
  static final int EXIT_RECOVERY = 1 << 5;

  /** The cumulative ACK reached the HighData of the last RTO: the RTO recovery is over. */
  static final int EXIT_LOSS = 1 << 6;

  /** The ACK carried a D-SACK block (see {@link SackScoreboard#dsack()}). */
  static final int DSACK = 1 << 7;

  /** Every retransmission of the latest episode has been D-SACKed: it was spurious (RFC 3708). */
  static final int SPURIOUS = 1 << 8;

  /**
   * A retransmission must go out now, whatever cwnd says: {@link #nextSegment} returns it as a
   * {@link NextSeg#FAST_RETRANSMIT} (recovery entry, NewReno partial ACK) or, from {@link #onRto},
   * as the first {@link NextSeg#RTO_RETRANSMIT}.
   */
  static final int RETRANSMIT = 1 << 9;

  /** From {@link #onRto}: the RTO recovery starts (the congestion control's RTO event). */
  static final int RTO_RECOVERY = 1 << 10;

  private final SackScoreboard board;
  private boolean sack;
  private State state = State.OPEN;
  private int dupAcks;
  private int recoveryPoint;
  private boolean retransmitPending;
  private boolean partialSeen;

  // The latest episode (recovery or RTO), for D-SACK based spurious detection.
  private int episodeStart;
  private int episodeRetxEnd;
  private long episodeRetx;
  private long episodeDsacked;
  private boolean episodeSpuriousReported;

  // Counters.
  private long fastRecoveries;
  private long rtoRecoveries;
  private long retransmittedSegments;
  private long rtoRetransmittedSegments;
  private long retransmittedBytes;
  private long dsackedBytes;
  private long spuriousEpisodes;

  private static final int[] NO_BLOCKS = new int[0];
  private static final long[] NO_LONGS = new long[0];
  private static final int[] NO_INTS = new int[0];
  private static final boolean[] NO_FLAGS = new boolean[0];

  /** Whether the latest episode is a fast recovery (not an RTO's), and its reordering degree. */
  private boolean episodeFast;

  // Allocated with the first retransmission: most connections never retransmit, and a million
  // idle ones should not carry these (BENCHMARKS.md, idle connections).
  private long[] episodeRangeStart = NO_LONGS;
  private long[] episodeRangeEnd = NO_LONGS;
  private int episodeRangeCount;
  private boolean episodeUntracked;

  private int entryDegree;

  /**
   * Retransmissions in flight, in the order they were sent: their ranges and the HighData of the
   * moment each was sent. A retransmission is lost when data sent after it has been SACKed while it
   * has not — RACK's principle (RFC 8985 §6.2) and Linux's tcp_mark_lost_retrans — which RFC 6675
   * alone leaves to the retransmission timer. Nothing is allocated per segment: the arrays grow to
   * {@link #MAX_RETRANSMISSIONS_TRACKED} and an older entry falls off when they are full.
   */
  static final int MAX_RETRANSMISSIONS_TRACKED = 1024;

  private int[] rxSeq = NO_INTS;
  private int[] rxEnd = NO_INTS;
  private int[] rxStamp = NO_INTS;
  private boolean[] rxLost = NO_FLAGS;
  private int rxCount;

  /** Octets of retransmissions judged lost and not sent again yet: out of the pipe. */
  private long relostBytes;

  private long lostRetransmissions;

  /**
   * @param una SND.UNA, with nothing outstanding (SND.MAX = SND.UNA)
   * @param smss the sender's maximum segment size
   * @param sack whether both ends agreed to SACK (RFC 2018 SACK-permitted)
   */
  LossRecovery(int una, int smss, boolean sack) {
    this.board = new SackScoreboard(una, smss);
    reset(una, smss, sack);
  }

  /** Starts over with nothing outstanding at {@code una}; for use once the handshake is done. */
  void reset(int una, int smss, boolean sack) {
    board.reset(una, smss);
    forgetRetransmissions();
    this.sack = sack;
    state = State.OPEN;
    dupAcks = 0;
    recoveryPoint = una;
    retransmitPending = false;
    partialSeen = false;
    episodeStart = una;
    episodeRetxEnd = una;
    episodeRetx = 0;
    episodeDsacked = 0;
    episodeSpuriousReported = false;
  }

  void setSmss(int smss) {
    board.setSmss(smss);
  }

  // ---------------------------------------------------------------------------------------------
  // Per ACK

  /**
   * One acceptable ACK (SEG.ACK ≤ SND.MAX; an old one below SND.UNA is fine). Reads the SACK blocks
   * from {@code seg} when SACK is on.
   *
   * @param sndMax SND.MAX (HighData) now
   * @param duplicateCandidate RFC 5681 §2 (b), (c), (e): no data, neither SYN nor FIN, window
   *     unchanged; only used without SACK
   * @return the event bits
   */
  int onAck(TcpView seg, int sndMax, boolean duplicateCandidate) {
    if (sack) {
      board.update(seg, sndMax);
    } else {
      board.update(seg.acknowledgmentNumber(), sndMax, NO_BLOCKS, 0);
    }
    return afterUpdate(seg.acknowledgmentNumber(), duplicateCandidate);
  }

  /** {@link #onAck(TcpView, int, boolean)} with the blocks as {@code [l0, r0, l1, r1, ...]}. */
  int onAck(int ack, int sndMax, boolean duplicateCandidate, int[] blocks, int blockCount) {
    if (sack) {
      board.update(ack, sndMax, blocks, blockCount);
    } else {
      board.update(ack, sndMax, NO_BLOCKS, 0);
    }
    return afterUpdate(ack, duplicateCandidate);
  }

  private int afterUpdate(int ack, boolean duplicateCandidate) {
    int una = board.highAck();
    boolean advanced = board.newlyAcked() > 0;
    boolean dup =
        sack
            ? board.newlySacked() > 0
            : duplicateCandidate && !advanced && ack == una && una != board.highData();
    int ev = 0;
    if (board.dsack()) {
      ev |= DSACK | accountDsack(board.dsackLeft(), board.dsackRight());
    }
    if (rxCount > 0) {
      markLostRetransmissions();
    }
    switch (state) {
      case LOSS -> {
        if (Seq.ge(una, recoveryPoint)) {
          forgetRetransmissions();
          state = State.OPEN;
          dupAcks = 0;
          ev |= EXIT_LOSS | open(dup, advanced);
        } else if (dup) {
          ev |= DUP_ACK;
        }
      }
      case RECOVERY -> {
        if (Seq.ge(una, recoveryPoint)) {
          state = State.OPEN;
          dupAcks = 0;
          retransmitPending = false;
          board.endRecovery();
          forgetRetransmissions();
          ev |= EXIT_RECOVERY | open(dup, advanced);
        } else {
          if (advanced) {
            ev |= PARTIAL_ACK;
            if (!partialSeen) {
              partialSeen = true;
              ev |= FIRST_PARTIAL_ACK;
            }
            if (!sack) { // RFC 6582 §3.2 step 3: retransmit the first unacknowledged segment
              retransmitPending = true;
              ev |= RETRANSMIT;
            }
          }
          if (dup) {
            ev |= DUP_ACK;
          }
        }
      }
      case OPEN, DISORDER -> ev |= open(dup, advanced);
    }
    return ev;
  }

  /** RFC 6675 §5 steps (1)-(4) and RFC 5681 §3.2 / RFC 6582 §3.2 steps 1-2 outside recovery. */
  private int open(boolean dup, boolean advanced) {
    if (advanced) {
      dupAcks = 0; // step (1)
    }
    int ev = 0;
    if (dup) {
      dupAcks++; // step (2)
      ev |= DUP_ACK;
    }
    int una = board.highAck();
    if (una == board.highData()) {
      dupAcks = 0;
      state = State.OPEN;
      return ev;
    }
    boolean lossDetected =
        sack
            ? dupAcks >= board.dupThresh() || board.isLost(una) // (2.a), (2.b)
            : dup && dupAcks == board.dupThresh(); // RFC 5681 §3.2 step 2
    // RFC 6582 §3.2 step 2: only if the ACK covers more than "recover" (always true outside LOSS).
    if (lossDetected && Seq.ge(una, recoveryPoint)) {
      enterRecovery();
      return ev | ENTER_RECOVERY | RETRANSMIT;
    }
    if (dup && dupAcks < board.dupThresh()) {
      state = State.DISORDER; // (2.c), RFC 3042
      return ev | LIMITED_TRANSMIT;
    }
    if (dupAcks == 0) {
      state = State.OPEN;
    }
    return ev;
  }

  /** RFC 6675 §5 step 4.1 (RecoveryPoint = HighData), RFC 6582 step 2 (recover = HighData). */
  private void enterRecovery() {
    state = State.RECOVERY;
    recoveryPoint = board.highData();
    retransmitPending = true;
    partialSeen = false;
    // How many segments the receiver had got past the hole: if the retransmission proves
    // spurious, the network reordered by at least this many.
    entryDegree = Math.min(board.sackedBytes() / board.smss(), SackScoreboard.MAX_DUP_THRESH);
    board.beginRecovery();
    startEpisode();
    episodeFast = true;
    fastRecoveries++;
  }

  /** The ranges retransmitted in the current episode, as offsets from its start. */
  private void recordEpisodeRange(long from, long to) {
    int n = episodeRangeCount;
    if (n > 0 && episodeRangeEnd[n - 1] == from) {
      episodeRangeEnd[n - 1] = to;
      return;
    }
    if (n == episodeRangeStart.length) {
      if (n >= MAX_RETRANSMISSIONS_TRACKED) {
        episodeUntracked = true; // too many to tell: never call this episode spurious
        return;
      }
      episodeRangeStart = java.util.Arrays.copyOf(episodeRangeStart, Math.max(8, n * 2));
      episodeRangeEnd = java.util.Arrays.copyOf(episodeRangeEnd, Math.max(8, n * 2));
    }
    episodeRangeStart[n] = from;
    episodeRangeEnd[n] = to;
    episodeRangeCount = n + 1;
  }

  private void startEpisode() {
    episodeStart = board.highAck();
    episodeRangeCount = 0;
    episodeUntracked = false;
    episodeRetxEnd = episodeStart;
    episodeRetx = 0;
    episodeDsacked = 0;
    episodeSpuriousReported = false;
  }

  private int accountDsack(int l, int r) {
    dsackedBytes += r - l; // l < r in sequence space: the scoreboard checked
    // Only duplicates of what this episode retransmitted count (RFC 3708 §3; Linux's
    // undo_retrans counts only skbs marked retransmitted): a network duplicate of an original
    // proves nothing.
    long a = l - episodeStart;
    long b = a + Integer.toUnsignedLong(r - l);
    long overlap = 0;
    for (int i = 0; i < episodeRangeCount; i++) {
      overlap += Math.max(0, Math.min(b, episodeRangeEnd[i]) - Math.max(a, episodeRangeStart[i]));
    }
    episodeDsacked = Math.min(episodeRetx, episodeDsacked + overlap);
    if (!episodeSpuriousReported
        && !episodeUntracked
        && episodeRetx > 0
        && episodeDsacked >= episodeRetx) {
      episodeSpuriousReported = true;
      spuriousEpisodes++;
      if (episodeFast) {
        // The original arrived after all: DupThresh was too low for this path's reordering.
        board.raiseDupThresh(Math.max(board.dupThresh() + 1, entryDegree + 1));
      }
      return SPURIOUS;
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Per transmission opportunity

  /**
   * What to send next, without side effects; after sending it, call {@link #onSent}.
   *
   * <ul>
   *   <li>{@link State#RECOVERY}: first the pending {@link NextSeg#FAST_RETRANSMIT} of SND.UNA
   *       (send it whatever cwnd says); then, with SACK, RFC 6675 NextSeg() rules (1)-(4) (send
   *       while cwnd − {@link #pipe()} ≥ SMSS, §5 step C); without SACK, new data only.
   *   <li>{@link State#LOSS}: the next unSACKed hole below the RTO's HighData ({@link
   *       NextSeg#RTO_RETRANSMIT}), then new data.
   *   <li>otherwise: new data only (the engine's ordinary send path may be used instead).
   * </ul>
   *
   * @param newDataAllowed how much previously unsent sequence space may go out now: min(unsent data
   *     (+1 for a pending FIN), SND.UNA + SND.WND − SND.MAX), at least 0
   */
  long nextSegment(int newDataAllowed) {
    return switch (state) {
      case RECOVERY -> {
        if (relostBytes > 0 && !retransmitPending) {
          long r = relost();
          if (r != NextSeg.NONE) {
            yield r;
          }
        }
        if (retransmitPending) {
          long s = board.firstSegment(NextSeg.FAST_RETRANSMIT);
          if (s != NextSeg.NONE) {
            yield s;
          }
        }
        yield sack ? board.nextSeg(newDataAllowed) : newData(newDataAllowed);
      }
      case LOSS -> {
        if (relostBytes > 0) {
          long r = relost();
          if (r != NextSeg.NONE) {
            yield r;
          }
        }
        long s = board.nextHole(recoveryPoint, NextSeg.RTO_RETRANSMIT);
        yield s != NextSeg.NONE ? s : newData(newDataAllowed);
      }
      case OPEN, DISORDER -> newData(newDataAllowed);
    };
  }

  private long newData(int allowed) {
    return allowed > 0
        ? NextSeg.of(NextSeg.NEW_DATA, board.highData(), Math.min(board.smss(), allowed))
        : NextSeg.NONE;
  }

  /**
   * Records that the range {@link #nextSegment} returned has been sent: RFC 6675 §5 steps 4.3, C.2
   * and C.3, NextSeg() rule (4)'s RescueRxt, and the retransmission counters.
   */
  void onSent(long seg) {
    int kind = NextSeg.kind(seg);
    int seq = NextSeg.seq(seg);
    int len = NextSeg.len(seg);
    if (kind == NextSeg.LOST && relostBytes > 0) {
      resent(seq, len);
    }
    switch (kind) {
      case NextSeg.NEW_DATA -> board.sent(seq, len);
      case NextSeg.FAST_RETRANSMIT -> {
        retransmitPending = false;
        if (sack && state == State.RECOVERY) {
          board.fastRetransmitted(seq + len); // step 4.3
        }
        countRetransmission(seq, len);
      }
      case NextSeg.LOST, NextSeg.UNSACKED, NextSeg.RTO_RETRANSMIT -> {
        board.retransmitted(seq, len); // step C.2
        countRetransmission(seq, len);
      }
      case NextSeg.RESCUE -> {
        board.rescued(recoveryPoint); // rule (4): HighRxt is not updated
        countRetransmission(seq, len);
      }
      default -> throw new IllegalArgumentException("not a segment: " + NextSeg.toString(seg));
    }
  }

  /**
   * Any data transmission the engine made on its own (its ordinary send path, a probe): raises
   * HighData for new data; a retransmission below HighData made during RECOVERY (with SACK) or LOSS
   * moves HighRxt as rules (1)/(3) would.
   */
  void onTransmit(int seq, int len) {
    if (len <= 0) {
      return;
    }
    int highData = board.highData();
    if (Seq.lt(seq, highData)) {
      int rxLen = Seq.lt(seq + len, highData) ? len : highData - seq;
      if (state == State.LOSS || (sack && state == State.RECOVERY)) {
        board.retransmitted(seq, rxLen);
      }
      countRetransmission(seq, rxLen);
    }
    board.sent(seq, len);
  }

  private void countRetransmission(int seq, int len) {
    track(seq, seq + len);
    retransmittedSegments++;
    if (state == State.LOSS) {
      rtoRetransmittedSegments++;
    }
    retransmittedBytes += len;
    episodeRetx += len;
    recordEpisodeRange(seq - episodeStart, seq - episodeStart + len);
    if (Seq.gt(seq + len, episodeRetxEnd)) {
      episodeRetxEnd = seq + len;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // On RTO

  /**
   * The retransmission timer fired (call before retransmitting). RFC 6675 §5.1 / RFC 6582 §3.2 step
   * 4: RecoveryPoint = HighData, any fast recovery ends, and none may start until the cumulative
   * ACK reaches RecoveryPoint. Every outstanding unSACKed octet is marked lost and HighRxt =
   * HighACK, so {@link #nextSegment} retransmits from SND.UNA (RFC 2018 §8: the left edge always)
   * skipping SACKed data, and {@link #pipe()} counts only what is retransmitted.
   *
   * @param forgetSacks discard the SACK information (RFC 2018 §8's SHOULD, for a receiver that may
   *     have reneged); done anyway when {@link SackScoreboard#renegingSuspected()}. Linux keeps it
   *     otherwise.
   * @return {@link #RTO_RECOVERY} | {@link #RETRANSMIT}, plus {@link #EXIT_RECOVERY} when a fast
   *     recovery was cut short
   */
  int onRto(boolean forgetSacks) {
    forgetRetransmissions(); // the timeout marks everything outstanding lost anyway
    episodeFast = false;
    int ev = RTO_RECOVERY | RETRANSMIT;
    if (state == State.RECOVERY) {
      ev |= EXIT_RECOVERY;
    }
    board.onRto(forgetSacks || board.renegingSuspected());
    state = State.LOSS;
    recoveryPoint = board.highData();
    dupAcks = 0;
    retransmitPending = false;
    startEpisode();
    rtoRecoveries++;
    return ev;
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /**
   * RFC 6675 SetPipe(): the octets in flight. With SACK: unSACKed, not lost, plus retransmitted.
   * Without SACK, outside LOSS: RFC 5681 FlightSize (SND.MAX − SND.UNA); in LOSS: what was
   * retransmitted or newly sent since the RTO.
   */
  long pipe() {
    return Math.max(board.pipe() - relostBytes, 0);
  }

  /**
   * Whether octets judged lost still wait to be retransmitted (Linux's lost_out &gt; retrans_out):
   * then the sender has something to send and is not application-limited, however little the
   * application queued (draft-cheng-iccrg-delivery-rate-estimation's app-limited check).
   */
  boolean lossPending() {
    return relostBytes > 0 || board.lostNotRetransmitted() > 0;
  }

  /** Retransmissions found lost because later data was SACKed (each is sent again). */
  long lostRetransmissions() {
    return lostRetransmissions;
  }

  // ---------------------------------------------------------------------------------------------
  // Lost retransmissions

  private void track(int seq, int end) {
    if (rxCount == rxSeq.length) {
      if (rxCount < MAX_RETRANSMISSIONS_TRACKED) {
        int n = Math.max(8, rxCount * 2);
        rxSeq = java.util.Arrays.copyOf(rxSeq, n);
        rxEnd = java.util.Arrays.copyOf(rxEnd, n);
        rxStamp = java.util.Arrays.copyOf(rxStamp, n);
        rxLost = java.util.Arrays.copyOf(rxLost, n);
      } else {
        remove(0); // the oldest is left to the retransmission timer
        recountRelost();
      }
    }
    rxSeq[rxCount] = seq;
    rxEnd[rxCount] = end;
    rxStamp[rxCount] = board.highData();
    rxLost[rxCount] = false;
    rxCount++;
  }

  /**
   * Drops the retransmissions that arrived (cumulatively acknowledged, or SACKed at both ends),
   * trims the rest to SND.UNA, and marks lost those sent before the highest SACKed octet was first
   * sent. They leave the pipe, so the ordinary transmission opportunities (cwnd − pipe ≥ SMSS) send
   * them again first.
   */
  private void markLostRetransmissions() {
    int una = board.highAck();
    int highSacked = board.highSacked();
    for (int i = 0; i < rxCount; ) {
      if (Seq.lt(rxSeq[i], una)) {
        rxSeq[i] = una;
      }
      boolean arrived =
          Seq.le(rxEnd[i], rxSeq[i]) || board.isSacked(rxSeq[i]) && board.isSacked(rxEnd[i] - 1);
      if (arrived) {
        remove(i);
        continue;
      }
      if (!rxLost[i] && Seq.gt(highSacked, rxStamp[i])) {
        rxLost[i] = true;
        lostRetransmissions++;
      }
      i++;
    }
    recountRelost();
  }

  /** The first retransmission judged lost, to be sent again (as a {@link NextSeg#LOST}). */
  private long relost() {
    for (int i = 0; i < rxCount; i++) {
      if (rxLost[i]) {
        int len = Math.min(rxEnd[i] - rxSeq[i], board.smss());
        if (len > 0) {
          return NextSeg.of(NextSeg.LOST, rxSeq[i], len);
        }
      }
    }
    return NextSeg.NONE;
  }

  /**
   * [seq, seq + len) of a lost retransmission went out again: that part is in flight once more (a
   * later loss of it is found the same way, from a fresh entry).
   */
  private void resent(int seq, int len) {
    for (int i = 0; i < rxCount; i++) {
      if (rxLost[i] && Seq.le(rxSeq[i], seq) && Seq.lt(seq, rxEnd[i])) {
        int sentEnd = Seq.min(seq + len, rxEnd[i]);
        if (sentEnd == rxEnd[i]) {
          remove(i);
        } else {
          rxSeq[i] = sentEnd;
        }
        break;
      }
    }
    recountRelost();
  }

  /** Lost retransmissions waiting to go again, in octets: out of the pipe. */
  private void recountRelost() {
    long n = 0;
    for (int i = 0; i < rxCount; i++) {
      if (rxLost[i]) {
        n += Integer.toUnsignedLong(rxEnd[i] - rxSeq[i]);
      }
    }
    relostBytes = n;
  }

  private void remove(int i) {
    int n = rxCount - i - 1;
    System.arraycopy(rxSeq, i + 1, rxSeq, i, n);
    System.arraycopy(rxEnd, i + 1, rxEnd, i, n);
    System.arraycopy(rxStamp, i + 1, rxStamp, i, n);
    System.arraycopy(rxLost, i + 1, rxLost, i, n);
    rxCount--;
  }

  private void forgetRetransmissions() {
    rxCount = 0;
    relostBytes = 0;
  }

  State state() {
    return state;
  }

  boolean inRecovery() {
    return state == State.RECOVERY;
  }

  boolean sackEnabled() {
    return sack;
  }

  int dupAcks() {
    return dupAcks;
  }

  /** RFC 6675 RecoveryPoint + 1 (RFC 6582 recover + 1): the cumulative ACK that ends recovery. */
  int recoveryPoint() {
    return recoveryPoint;
  }

  SackScoreboard scoreboard() {
    return board;
  }

  /** How many fast recoveries started (fast retransmits). */
  long fastRecoveries() {
    return fastRecoveries;
  }

  /** How many RTO recoveries started. */
  long rtoRecoveries() {
    return rtoRecoveries;
  }

  /** Retransmitted segments recorded through {@link #onSent} and {@link #onTransmit}. */
  long retransmittedSegments() {
    return retransmittedSegments;
  }

  /**
   * Of {@link #retransmittedSegments()}, those sent during an RTO recovery ({@link State#LOSS}).
   */
  long rtoRetransmittedSegments() {
    return rtoRetransmittedSegments;
  }

  long retransmittedBytes() {
    return retransmittedBytes;
  }

  /** Octets reported by D-SACK blocks: duplicates the receiver got (RFC 3708 §2). */
  long dsackedBytes() {
    return dsackedBytes;
  }

  /** Episodes whose retransmissions were all D-SACKed. */
  long spuriousEpisodes() {
    return spuriousEpisodes;
  }

  @Override
  public String toString() {
    return "LossRecovery["
        + state
        + (sack ? " sack" : " newreno")
        + ", dupAcks="
        + dupAcks
        + ", recoveryPoint="
        + Seq.toString(recoveryPoint)
        + ", "
        + board
        + "]";
  }
}
