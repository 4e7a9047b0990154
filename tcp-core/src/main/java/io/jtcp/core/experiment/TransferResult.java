package io.jtcp.core.experiment;

import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.sim.FrameCounts;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link Transfer} did. The counters describe the data sender (the client) unless named
 * otherwise: it is the side that retransmits. They are read from {@link TcpInfo} after the run, so
 * a counter the engine does not keep yet reads 0.
 *
 * @param spec what ran
 * @param bytesReceived bytes the server read before end-of-stream (or before the run stopped)
 * @param durationNanos simulated time from the client's connect to the server reading
 *     end-of-stream; when the server never got there, to the moment the run stopped
 * @param endNanos the simulated time the run stopped at: both ends closed, an error, the network
 *     idle, or the time limit
 * @param sentSha256 SHA-256 of all {@code spec.bytes()} bytes the client had to send, in hex
 * @param receivedSha256 SHA-256 of what the server read, in hex
 * @param sender the client's connection after the run
 * @param receiver the server's connection after the run, or null if it never accepted one
 * @param network what happened to every packet on the simulated network
 * @param failure why the transfer did not complete and close cleanly, in one sentence; null if it
 *     did
 * @param samples the client's connection on a grid of virtual time, when the run was asked to
 *     sample ({@link Transfer#run(TransferSpec, io.jtcp.core.congestion.CongestionRegistry,
 *     java.time.Duration)}); empty otherwise
 */
public record TransferResult(
    TransferSpec spec,
    long bytesReceived,
    long durationNanos,
    long endNanos,
    String sentSha256,
    String receivedSha256,
    TcpInfo sender,
    @Nullable TcpInfo receiver,
    FrameCounts network,
    @Nullable String failure,
    List<FlowSample> samples) {

  public TransferResult {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(sentSha256, "sentSha256");
    Objects.requireNonNull(receivedSha256, "receivedSha256");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(network, "network");
    samples = List.copyOf(samples);
  }

  /** The congestion-control algorithm the sender's connection ran, as the engine names it. */
  public String congestionControl() {
    return sender.congestionControl();
  }

  /** The bytes the client had to send. */
  public long bytes() {
    return spec.bytes();
  }

  public long seed() {
    return spec.seed();
  }

  /** Whether the server read exactly the bytes the client sent: same length, same SHA-256. */
  public boolean match() {
    return bytesReceived == spec.bytes() && sentSha256.equals(receivedSha256);
  }

  /** Whether the transfer completed, closed cleanly on both ends and delivered the exact bytes. */
  public boolean ok() {
    return failure == null && match();
  }

  public double simSeconds() {
    return durationNanos / 1e9;
  }

  /** Bytes read by the server, in bits per second of {@link #simSeconds()}; 0 for no time. */
  public double goodputBps() {
    return durationNanos == 0 ? 0 : bytesReceived * 8e9 / durationNanos;
  }

  public long segmentsSent() {
    return sender.segmentsOut();
  }

  public long retransmissions() {
    return sender.retransmissions();
  }

  public long fastRetransmits() {
    return sender.fastRetransmits();
  }

  public long rtoRetransmits() {
    return sender.rtoRetransmits();
  }

  public long spuriousRecoveries() {
    return sender.spuriousRecoveries();
  }

  /** Whether the handshake negotiated SACK. */
  public boolean sackNegotiated() {
    return sender.sack();
  }

  /** SACK blocks the receiver sent. */
  public long sackBlocksSent() {
    return receiver == null ? 0 : receiver.sackBlocksSent();
  }

  /** SACK blocks the sender received. */
  public long sackBlocksReceived() {
    return sender.sackBlocksReceived();
  }
}
