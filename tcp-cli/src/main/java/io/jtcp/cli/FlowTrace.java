package io.jtcp.cli;

import io.jtcp.core.experiment.FlowSample;
import java.util.List;

/**
 * One flow's samples with what a reader needs to tell it apart, for {@link TraceCsv} and {@link
 * SvgPlot}.
 *
 * @param flow its number, from 1
 * @param cc its congestion-control algorithm
 * @param rttMillis its path's round-trip propagation delay
 * @param samples its state on a grid of virtual time, in time order
 */
record FlowTrace(int flow, String cc, double rttMillis, List<FlowSample> samples) {
  FlowTrace {
    samples = List.copyOf(samples);
  }

  /** "flow 1: reno, RTT 50 ms", as legends and tables name it. */
  String label() {
    return "flow " + flow + ": " + cc + ", RTT " + TraceCsv.plain(rttMillis) + " ms";
  }
}
