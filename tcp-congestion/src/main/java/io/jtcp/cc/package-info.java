/** Congestion-control algorithms (Reno, NewReno, CUBIC) plugged into the core through its SPI. */
package io.jtcp.cc;
