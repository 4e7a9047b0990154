package io.jtcp.core.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadTest {
  private static final int SIZE = 3 * Payload.BLOCK + 1234;

  /** Drains a payload in pieces of at most {@code step} bytes, as a send buffer would take them. */
  private static byte[] drain(Payload p, int step) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (!p.done()) {
      int n = Math.min(step, p.ready());
      out.write(p.block(), p.position(), n);
      p.consume(n);
    }
    return out.toByteArray();
  }

  @Test
  void theStreamAndItsHash_doNotDependOnHowItIsTaken() {
    byte[] whole = drain(new Payload(SIZE, new SplittableRandom(5)), Integer.MAX_VALUE);
    byte[] pieces = drain(new Payload(SIZE, new SplittableRandom(5)), 1000);
    assertEquals(SIZE, whole.length);
    assertArrayEquals(whole, pieces);
    String expected = HexFormat.of().formatHex(Payload.sha256().digest(whole));
    Payload p = new Payload(SIZE, new SplittableRandom(5));
    drain(p, 777);
    assertEquals(expected, p.sha256Hex());
  }

  @Test
  void sha256_coversTheWholePayloadEvenWhenLittleWasSent() {
    byte[] whole = drain(new Payload(SIZE, new SplittableRandom(5)), Integer.MAX_VALUE);
    Payload p = new Payload(SIZE, new SplittableRandom(5));
    p.consume(Math.min(10, p.ready()));
    assertEquals(HexFormat.of().formatHex(Payload.sha256().digest(whole)), p.sha256Hex());
  }

  @Test
  void empty_isDoneAtOnce() {
    Payload p = new Payload(0, new SplittableRandom(1));
    assertTrue(p.done());
    assertEquals(0, p.ready());
  }
}
