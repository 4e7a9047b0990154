/**
 * Packet captures: {@link io.jtcp.io.pcap.PcapWriter} and {@link io.jtcp.io.pcap.PcapReader} for
 * classic pcap capture files (draft-ietf-opsawg-pcap; pcapng is recognised and refused), with
 * {@link io.jtcp.io.pcap.LinkType} to find IPv4 behind the usual link-layer headers, {@link
 * io.jtcp.io.pcap.CaptureLink} to record any link, and {@link io.jtcp.io.pcap.PcapLiveLink}, a link
 * driver on a real interface through libpcap, bound with the Foreign Function and Memory API (no
 * JNI). libpcap is loaded when first needed; its absence, and every failure to open an interface,
 * is a {@link io.jtcp.io.pcap.PcapException} whose message says what to do. The libpcap and libc
 * bindings are private to the package.
 */
package io.jtcp.io.pcap;
