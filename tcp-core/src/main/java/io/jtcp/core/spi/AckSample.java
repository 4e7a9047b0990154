package io.jtcp.core.spi;

/**
 * What one ACK told the sender, as {@link CongestionControl#onAck} sees it. The engine reuses one
 * instance per connection (nothing is allocated per ACK), so it is valid only during the call.
 */
public interface AckSample {
  /** When the ACK arrived, nanoseconds on the stack's clock. */
  long now();

  /** The sender's maximum segment size in bytes. */
  int smss();

  /** Bytes newly acknowledged by the cumulative ACK (SND.UNA's advance, SYN and FIN excluded). */
  long ackedBytes();

  /** Bytes newly selectively acknowledged by this ACK's SACK blocks (RFC 2018). */
  long sackedBytes();

  /** Bytes this ACK caused to be marked lost (RFC 6675 IsLost). */
  long lostBytes();

  /** Bytes in flight (RFC 6675 pipe) before the ACK was processed. */
  long priorInFlight();

  /** Bytes in flight (RFC 6675 pipe) after the ACK was processed. */
  long inFlight();

  /**
   * The round-trip time this ACK measured in nanoseconds (from a timestamp echo, RFC 7323 §4, or
   * from a timed segment with Karn's rule), or -1 when it measured none.
   */
  long rttSample();

  /** The smoothed round-trip time (RFC 6298 SRTT) in nanoseconds, 0 before the first sample. */
  long srtt();

  /** The smallest RTT sample seen on the connection in nanoseconds, 0 before the first sample. */
  long minRtt();

  /** Whether the ACK is a duplicate (RFC 5681 §2, or RFC 6675 §2 with SACK). */
  boolean duplicate();

  /** Whether the ACK carried an ECN echo (ECE). */
  boolean ece();

  /**
   * Whether a fast recovery is in progress (RFC 6675 §5, RFC 6582): {@code cwnd} should not grow.
   * The recovery after a retransmission timeout is not a fast recovery: there RFC 5681 §3.1 slow
   * starts from the loss window, so this is false.
   */
  boolean inRecovery();

  /**
   * Whether the sender was limited by the application (or by the receiver's window) rather than by
   * {@code cwnd} when it last stopped sending: growing {@code cwnd} on such ACKs inflates it beyond
   * what the network was shown to carry (RFC 7661). In slow start the engine counts a window at
   * least half used as cwnd-limited, as Linux's tcp_is_cwnd_limited does.
   */
  boolean appLimited();
}
