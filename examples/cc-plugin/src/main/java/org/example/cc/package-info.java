/**
 * An example third-party congestion-control plug-in for jtcp: {@link org.example.cc.Aimd}, AIMD
 * with a configurable decrease factor, registered as {@code aimd} by {@link
 * org.example.cc.AimdFactory}. It depends on nothing but tcp-core's SPI ({@code io.jtcp.core.spi}).
 */
package org.example.cc;
