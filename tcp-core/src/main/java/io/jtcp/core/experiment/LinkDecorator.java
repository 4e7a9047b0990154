package io.jtcp.core.experiment;

import io.jtcp.core.spi.LinkDriver;
import java.util.function.LongSupplier;

/**
 * Wraps the client's link of an experiment before its stack is built, for instance to capture it to
 * a pcap file ({@code io.jtcp.io.pcap.CaptureLink}, in a module the core does not depend on). The
 * clock is the simulator's virtual time.
 */
@FunctionalInterface
public interface LinkDecorator {
  /** The link as given: no decoration. */
  LinkDecorator NONE = (link, clock) -> link;

  LinkDriver decorate(LinkDriver link, LongSupplier virtualNanos);
}
