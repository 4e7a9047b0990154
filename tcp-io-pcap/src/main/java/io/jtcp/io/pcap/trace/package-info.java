/**
 * What happened in a capture, connection by connection: {@link
 * io.jtcp.io.pcap.trace.CaptureAnalyzer} reads a pcap file with {@link io.jtcp.io.pcap.PcapReader},
 * decodes every IPv4 TCP segment, groups them into connections in order of first appearance, and
 * infers each side's RFC 9293 state from what it sent and what it was sent, marking
 * retransmissions, duplicate ACKs, zero windows and the like. The result is plain data; drawing it
 * (text ladders, SVG) is the command line's business.
 *
 * <p>The analysis sees the conversation from wherever the capture was taken, so a state is what the
 * segments prove, not what a host's kernel held: a segment is assumed to arrive when it was
 * captured, unless the receiver's own next segment shows it had not yet arrived (a crossing SYN or
 * FIN).
 */
@NullMarked
package io.jtcp.io.pcap.trace;

import org.jspecify.annotations.NullMarked;
