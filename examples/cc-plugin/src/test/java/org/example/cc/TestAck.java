package org.example.cc;

import io.jtcp.core.spi.AckSample;
import java.lang.reflect.Proxy;

/**
 * A settable {@link AckSample} on a manual clock: a test sets the fields an ACK would carry,
 * advances {@link #now} itself, and hands {@link #sample()} to the algorithm. Like the engine's, it
 * is one object reused for every ACK, so an algorithm that keeps the sample instead of copying from
 * it sees later values and fails.
 *
 * <p>The sample is a {@link Proxy} rather than a class implementing the interface because the SPI
 * grows (delivery-rate fields are on their way): a method added to {@link AckSample} must not break
 * this module's build, and an algorithm that starts reading a field this class does not set fails
 * its test loudly instead of reading a silent zero.
 */
final class TestAck {
  long now;
  int smss;
  long ackedBytes;
  long sackedBytes;
  long lostBytes;
  long priorInFlight;
  long inFlight;
  long rttSample = -1;
  long srtt;
  long minRtt;
  boolean duplicate;
  boolean ece;
  boolean inRecovery;
  boolean appLimited;

  private final AckSample sample;

  TestAck(int smss) {
    this.smss = smss;
    this.sample =
        (AckSample)
            Proxy.newProxyInstance(
                AckSample.class.getClassLoader(),
                new Class<?>[] {AckSample.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "now" -> now;
                      case "smss" -> this.smss;
                      case "ackedBytes" -> ackedBytes;
                      case "sackedBytes" -> sackedBytes;
                      case "lostBytes" -> lostBytes;
                      case "priorInFlight" -> priorInFlight;
                      case "inFlight" -> inFlight;
                      case "rttSample" -> rttSample;
                      case "srtt" -> srtt;
                      case "minRtt" -> minRtt;
                      case "duplicate" -> duplicate;
                      case "ece" -> ece;
                      case "inRecovery" -> inRecovery;
                      case "appLimited" -> appLimited;
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      case "toString" -> "TestAck at " + now + " acking " + ackedBytes;
                      default ->
                          throw new AssertionError(
                              "the algorithm read AckSample."
                                  + method.getName()
                                  + "(), which TestAck does not simulate");
                    });
  }

  /** The sample, with whatever the fields hold when the algorithm reads it. */
  AckSample sample() {
    return sample;
  }

  /** The sample of an ordinary cumulative ACK of {@code bytes}. */
  AckSample acking(long bytes) {
    ackedBytes = bytes;
    duplicate = false;
    return sample;
  }

  /** The sample of a duplicate ACK: nothing newly acknowledged. */
  AckSample duplicateAck() {
    ackedBytes = 0;
    duplicate = true;
    return sample;
  }

  void advance(long nanos) {
    now += nanos;
  }
}
