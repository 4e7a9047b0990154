package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The byte ring: FIFO order across growth, and storage that grows geometrically. */
class ByteRingTest {
  @Test
  void aLimitRaisedALittleAtATimeCopiesTheRingOnlyGeometricallyOften() {
    ByteRing r = new ByteRing(64 * 1024);
    byte[] chunk = new byte[1000];
    byte[] out = new byte[1000];
    long written = 0;
    long read = 0;
    Set<Integer> capacities = new HashSet<>();
    // Auto-tuning's pattern: the ring is kept full while its limit creeps up 1 KiB at a time.
    for (int step = 0; step < 4000; step++) {
      r.growLimit(r.limit() + 1024);
      while (r.free() > 0) {
        for (int i = 0; i < chunk.length; i++) {
          chunk[i] = (byte) (written + i);
        }
        written += r.write(chunk, 0, chunk.length);
      }
      int n = r.read(out, 0, out.length);
      for (int i = 0; i < n; i++) {
        assertEquals((byte) (read + i), out[i], "byte " + (read + i));
      }
      read += n;
      capacities.add(r.capacity());
      assertTrue(
          r.capacity() <= Math.max(r.limit(), 4096) + r.limit() / 4,
          "storage " + r.capacity() + " for a limit of " + r.limit());
    }
    // From 64 KiB to about 4 MiB in steps of at least a quarter: some 20 sizes, not 4000.
    assertTrue(capacities.size() < 30, capacities.size() + " distinct sizes: " + capacities);
  }

  @Test
  void trimReleasesTheStorageOfAnEmptyRing() {
    ByteRing r = new ByteRing(8192);
    r.write(new byte[100], 0, 100);
    r.trim();
    assertEquals(4096, r.capacity(), "not trimmed while it holds bytes");
    byte[] back = new byte[100];
    assertEquals(100, r.read(back, 0, 100));
    r.trim();
    assertEquals(0, r.capacity());
    assertArrayEquals(new byte[100], back);
  }
}
