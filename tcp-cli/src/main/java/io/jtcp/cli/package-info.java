/** The {@code jtcp} command: picocli commands over the stack, ladder diagrams and plots. */
package io.jtcp.cli;
