package io.jtcp.io.pcap.trace;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.wire.SackBlock;
import io.jtcp.core.wire.Seq;
import io.jtcp.core.wire.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns one connection's captured segments into its ladder: who is on the left, each side's state
 * after every segment, relative numbers, scaled windows and marks.
 *
 * <p>A segment is taken to reach its receiver when it was captured. The one exception is a SYN or
 * FIN that crossed the receiver's own: when the receiver's next segment is itself a SYN or FIN that
 * does not acknowledge it, the receiver had not seen it yet, and it counts only once that segment
 * has left (simultaneous open and close, RFC 9293 Figures 8 and 13).
 */
final class ConnectionAnalyzer {
  /** The reordering window when no handshake gives a round trip: a LAN-ish 3 ms. */
  static final long DEFAULT_REORDER_WINDOW_NANOS = 3_000_000;

  private final List<CapturedSegment> segments;
  private final Endpoint left;
  private final Opening opening;
  private final SideFacts leftFacts;
  private final SideFacts rightFacts;
  private final SequenceSpace leftSpace = new SequenceSpace();
  private final SequenceSpace rightSpace = new SequenceSpace();
  private final FlowAnalysis leftFlow;
  private final FlowAnalysis rightFlow;

  /** Receipts of the peer's SYN or FIN a side has not yet seen, applied after its next segment. */
  private final List<CapturedSegment> leftPending = new ArrayList<>();

  private final List<CapturedSegment> rightPending = new ArrayList<>();
  private int leftWindowScale = -1;
  private int rightWindowScale = -1;

  private ConnectionAnalyzer(List<CapturedSegment> segments) {
    this.segments = segments;
    CapturedSegment first = segments.getFirst();
    boolean syn = first.has(TcpFlags.SYN);
    boolean ack = first.has(TcpFlags.ACK);
    if (syn && !ack) {
      left = first.source();
      CapturedSegment answer = firstFrom(first.destination());
      boolean simultaneous =
          answer != null && answer.has(TcpFlags.SYN) && !answer.has(TcpFlags.ACK);
      opening = simultaneous ? Opening.SIMULTANEOUS_OPEN : Opening.SYN_SEEN;
      TcpState listener;
      if (answer == null) {
        listener = null;
      } else if (answer.has(TcpFlags.SYN)) {
        listener = answer.has(TcpFlags.ACK) ? TcpState.LISTEN : TcpState.CLOSED;
      } else {
        listener = answer.has(TcpFlags.RST) ? TcpState.CLOSED : null;
      }
      leftFacts = new SideFacts(TcpState.CLOSED, false);
      rightFacts = new SideFacts(listener, false);
    } else if (syn) {
      // The SYN went uncaptured: its sender is waiting in SYN-SENT for this SYN-ACK.
      left = first.destination();
      opening = Opening.SYN_ACK_FIRST;
      leftFacts = new SideFacts(TcpState.SYN_SENT, false);
      leftFacts.sentSyn = true;
      rightFacts = new SideFacts(TcpState.SYN_RECEIVED, false);
      rightFacts.receivedSyn = true;
    } else {
      left = first.source();
      opening = Opening.NOT_CAPTURED;
      leftFacts = new SideFacts(null, true);
      rightFacts = new SideFacts(null, true);
    }
    long window = handshakeRoundTrip();
    leftFlow = new FlowAnalysis(window);
    rightFlow = new FlowAnalysis(window);
  }

  /**
   * The round trip the handshake took at the capture point, SYN to the ACK of the SYN-ACK; without
   * a whole handshake, {@link #DEFAULT_REORDER_WINDOW_NANOS}.
   */
  private long handshakeRoundTrip() {
    CapturedSegment syn = null;
    CapturedSegment synAck = null;
    for (CapturedSegment s : segments) {
      if (syn == null && s.has(TcpFlags.SYN) && !s.has(TcpFlags.ACK)) {
        syn = s;
      } else if (syn != null
          && synAck == null
          && s.has(TcpFlags.SYN)
          && s.has(TcpFlags.ACK)
          && s.source().equals(syn.destination())) {
        synAck = s;
      } else if (synAck != null
          && s.source().equals(syn.source())
          && s.has(TcpFlags.ACK)
          && s.ack() == synAck.seq() + 1) {
        return Math.max(1, s.timestampNanos() - syn.timestampNanos());
      }
    }
    return DEFAULT_REORDER_WINDOW_NANOS;
  }

  /** The ladder of one connection's segments, in capture order. */
  static ConnectionTrace analyze(int number, List<CapturedSegment> segments) {
    ConnectionAnalyzer a = new ConnectionAnalyzer(segments);
    List<TracedSegment> lines = new ArrayList<>(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      lines.add(a.step(i));
    }
    CapturedSegment first = segments.getFirst();
    Endpoint right = first.source().equals(a.left) ? first.destination() : first.source();
    return new ConnectionTrace(
        number,
        a.left,
        right,
        a.opening,
        a.leftFacts.initial,
        a.rightFacts.initial,
        a.leftWindowScale,
        a.rightWindowScale,
        lines);
  }

  private @Nullable CapturedSegment firstFrom(Endpoint sender) {
    for (CapturedSegment s : segments) {
      if (s.source().equals(sender)) {
        return s;
      }
    }
    return null;
  }

  private TracedSegment step(int i) {
    CapturedSegment s = segments.get(i);
    boolean fromLeft = s.source().equals(left);
    SideFacts sender = fromLeft ? leftFacts : rightFacts;
    SideFacts receiver = fromLeft ? rightFacts : leftFacts;
    SequenceSpace senderSpace = fromLeft ? leftSpace : rightSpace;
    SequenceSpace receiverSpace = fromLeft ? rightSpace : leftSpace;
    boolean ack = s.has(TcpFlags.ACK);
    boolean rst = s.has(TcpFlags.RST);

    // Relative numbers as Wireshark shows them: 0 for a SYN, and data from 1 after it.
    if (!senderSpace.known()) {
      senderSpace.start(s.has(TcpFlags.SYN) ? s.seq() : s.seq() - 1);
    }
    if (ack && !receiverSpace.known()) {
      receiverSpace.start(s.ack() - 1);
    }
    // A RST's numbers may be anything (an answer to a stray segment): it must not move the
    // reference that later numbers are unwrapped against.
    long seq = senderSpace.relative(s.seq(), !rst);
    long ackRel = ack ? receiverSpace.relative(s.ack(), !rst) : 0;
    List<SeqRange> sack = new ArrayList<>();
    for (SackBlock b : s.options().sackBlocks()) {
      sack.add(
          new SeqRange(
              receiverSpace.relative(b.left(), false), receiverSpace.relative(b.right(), false)));
    }
    if (s.has(TcpFlags.SYN) && s.options().windowScale() >= 0) {
      if (fromLeft) {
        leftWindowScale = s.options().windowScale();
      } else {
        rightWindowScale = s.options().windowScale();
      }
    }

    FlowAnalysis.Result marks =
        (fromLeft ? leftFlow : rightFlow).add(s, seq, ackRel, fromLeft ? rightFlow : leftFlow);

    sent(sender, s);
    List<CapturedSegment> pending = fromLeft ? leftPending : rightPending;
    for (CapturedSegment p : pending) {
      receivedControl(sender, p);
    }
    pending.clear();
    received(receiver, s, i);

    // RFC 7323 §2.3: the window field of a SYN or SYN-ACK is never scaled.
    int shift = fromLeft ? leftWindowScale : rightWindowScale;
    boolean scaled =
        !s.has(TcpFlags.SYN) && leftWindowScale >= 0 && rightWindowScale >= 0 && shift >= 0;
    // RFC 7323 §2.3: a shift above 14 is used as 14.
    long window = scaled ? (long) s.window() << Math.min(shift, 14) : s.window();
    return new TracedSegment(
        s,
        fromLeft,
        seq,
        ackRel,
        sack,
        window,
        leftFacts.state(),
        rightFacts.state(),
        marks.marks(),
        marks.dupAck());
  }

  /** What sending {@code s} proves about its sender. */
  private static void sent(SideFacts side, CapturedSegment s) {
    if (s.has(TcpFlags.RST)) {
      side.reset = true;
      return;
    }
    if (s.has(TcpFlags.SYN)) {
      side.sentSyn = true;
      if (!side.synSeqKnown) {
        side.synSeqKnown = true;
        side.synSeq = s.seq();
      }
    }
    if (s.has(TcpFlags.FIN) && !side.sentFin) {
      side.sentFin = true;
      side.finSeq = s.seq() + s.payloadLength() + (s.has(TcpFlags.SYN) ? 1 : 0);
    }
  }

  /** What receiving the {@code i}th segment does to its receiver. */
  private void received(SideFacts side, CapturedSegment s, int i) {
    if (s.has(TcpFlags.RST)) {
      // RFC 9293 §3.10.7.3: in SYN-SENT a RST counts only if it acknowledges the SYN.
      boolean acceptable =
          side.state() != TcpState.SYN_SENT
              || !side.synSeqKnown
              || s.has(TcpFlags.ACK) && s.ack() == side.synSeq + 1;
      if (acceptable) {
        side.reset = true;
      }
      return;
    }
    if (s.has(TcpFlags.ACK)) {
      if (side.sentSyn && !side.synAcked && (!side.synSeqKnown || Seq.gt(s.ack(), side.synSeq))) {
        side.synAcked = true;
      }
      if (side.sentFin && !side.finAcked && Seq.gt(s.ack(), side.finSeq)) {
        side.finAcked = true;
      }
    }
    if (s.has(TcpFlags.SYN) || s.has(TcpFlags.FIN)) {
      if (crossed(s, i)) {
        (side == leftFacts ? leftPending : rightPending).add(s);
      } else {
        receivedControl(side, s);
      }
    }
  }

  /**
   * Whether the receiver of the {@code i}th segment sent its own SYN or FIN before that segment
   * reached it: its next segment carries SYN or FIN and does not acknowledge the {@code i}th.
   */
  private boolean crossed(CapturedSegment s, int i) {
    int end = s.seq() + s.sequenceLength();
    for (int j = i + 1; j < segments.size(); j++) {
      CapturedSegment n = segments.get(j);
      if (n.source().equals(s.destination())) {
        boolean control = n.has(TcpFlags.SYN) || n.has(TcpFlags.FIN);
        boolean acknowledges = n.has(TcpFlags.ACK) && Seq.ge(n.ack(), end);
        return control && !acknowledges && !n.has(TcpFlags.RST);
      }
    }
    return false;
  }

  private static void receivedControl(SideFacts side, CapturedSegment s) {
    if (s.has(TcpFlags.SYN)) {
      side.receivedSyn = true;
    }
    if (s.has(TcpFlags.FIN) && !side.receivedFin) {
      side.receivedFin = true;
      side.receivedFinFirst = !side.sentFin;
    }
  }
}
