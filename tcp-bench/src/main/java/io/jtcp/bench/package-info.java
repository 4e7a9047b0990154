/** JMH benchmarks of jtcp's hot paths; figures go to BENCHMARKS.md, never into a timed test. */
package io.jtcp.bench;
