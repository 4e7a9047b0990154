/** The libpcap live link driver (through FFM) and the pcap capture-file reader and writer. */
package io.jtcp.io.pcap;
