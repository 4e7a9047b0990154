package io.jtcp.cc;

import io.jtcp.core.congestion.Reno;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.ConnectionParams;

/**
 * {@code newreno}: FreeBSD's name for its default algorithm, Reno's window rules with RFC 6582's
 * recovery. In jtcp, recovery belongs to the engine, which already runs RFC 6582 for every
 * algorithm whenever the peer does not do SACK (and RFC 6675 when it does), so this name selects
 * the core's {@link Reno}: the two names behave alike, and the listing says so rather than
 * pretending otherwise.
 */
public final class NewReno {
  /** The factory registered as {@code newreno}. */
  public static final CongestionControlFactory FACTORY =
      new CongestionControlFactory() {
        @Override
        public String name() {
          return "newreno";
        }

        @Override
        public String description() {
          return "Reno's window with RFC 6582 NewReno recovery without SACK (the engine's, for"
              + " every algorithm; behaves as reno)";
        }

        @Override
        public CongestionControl create(ConnectionParams params) {
          return new Reno(params.smss());
        }
      };

  private NewReno() {}
}
