/**
 * Packet captures: {@link io.jtcp.io.pcap.PcapWriter} and {@link io.jtcp.io.pcap.PcapReader} for
 * classic pcap capture files (draft-ietf-opsawg-pcap; pcapng is recognised and refused), with
 * {@link io.jtcp.io.pcap.LinkType} to find IPv4 behind the usual link-layer headers. The libpcap
 * live link driver (through FFM) is to come.
 */
package io.jtcp.io.pcap;
