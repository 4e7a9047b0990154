package io.jtcp.core.api;

import io.jtcp.core.fsm.TcpState;

/**
 * A snapshot of one connection, after Linux's {@code struct tcp_info}.
 *
 * @param state the connection state
 * @param rttMicros smoothed RTT (SRTT), microseconds; 0 before any sample
 * @param rttVarMicros RTTVAR, microseconds
 * @param rtoMicros the current retransmission timeout, microseconds
 * @param sendMss the MSS we send with
 * @param receiveMss the MSS the peer announced we may receive... as Linux reports rcv_mss
 * @param cwnd congestion window, bytes
 * @param ssthresh slow-start threshold, bytes
 * @param bytesSent bytes handed to the network, retransmissions included
 * @param bytesAcked bytes the peer acknowledged
 * @param bytesReceived bytes received in order
 * @param segmentsOut segments sent
 * @param segmentsIn segments received
 * @param retransmissions segments retransmitted
 * @param sendWindow the peer's advertised window, bytes
 * @param receiveWindow our advertised window, bytes
 * @param windowScaleSend the shift the peer applies to windows it sends us (-1 none)
 * @param windowScaleReceive the shift we apply to windows we send (-1 none)
 * @param timestamps whether RFC 7323 timestamps were negotiated
 * @param sack whether SACK was negotiated
 * @param congestionControl the congestion-control algorithm's name
 * @param minRttMicros the smallest RTT sample, microseconds; 0 before any sample
 * @param fastRetransmits segments retransmitted by fast retransmit and fast recovery (duplicate
 *     ACKs or SACK, RFC 5681 §3.2 and RFC 6675)
 * @param rtoRetransmits segments retransmitted after a retransmission timeout (RFC 6298 §5.4), SYNs
 *     and SYN-ACKs included
 * @param fastRecoveries fast recoveries entered
 * @param rtoCount retransmission timeouts (the timer expiring with data or a SYN outstanding)
 * @param spuriousRecoveries recoveries whose every retransmission the peer reported as a duplicate
 *     with D-SACK (RFC 3708)
 * @param dsackBytesReceived bytes the peer reported as duplicates with D-SACK (RFC 2883)
 * @param sackBlocksSent SACK blocks we sent (RFC 2018)
 * @param sackBlocksReceived SACK blocks we received
 * @param outOfOrderSegments segments received beyond a hole and held for reassembly
 * @param zeroWindowProbes zero-window probes sent (persist timer, RFC 9293 §3.8.6.1)
 * @param pawsDrops segments dropped by PAWS (RFC 7323 §5)
 */
public record TcpInfo(
    TcpState state,
    long rttMicros,
    long rttVarMicros,
    long rtoMicros,
    int sendMss,
    int receiveMss,
    long cwnd,
    long ssthresh,
    long bytesSent,
    long bytesAcked,
    long bytesReceived,
    long segmentsOut,
    long segmentsIn,
    long retransmissions,
    long sendWindow,
    long receiveWindow,
    int windowScaleSend,
    int windowScaleReceive,
    boolean timestamps,
    boolean sack,
    String congestionControl,
    long minRttMicros,
    long fastRetransmits,
    long rtoRetransmits,
    long fastRecoveries,
    long rtoCount,
    long spuriousRecoveries,
    long dsackBytesReceived,
    long sackBlocksSent,
    long sackBlocksReceived,
    long outOfOrderSegments,
    long zeroWindowProbes,
    long pawsDrops) {}
