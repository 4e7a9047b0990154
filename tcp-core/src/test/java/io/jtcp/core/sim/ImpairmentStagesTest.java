package io.jtcp.core.sim;

import static io.jtcp.core.sim.Packets.MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Each impairment stage on its own, driven by hand: its statistics with a fixed seed, its exact
 * behaviour where it has one, and exact replay from the seed.
 */
class ImpairmentStagesTest {
  private static final long US = 1_000L;

  /** A packet of {@code length} bytes whose bytes are a function of {@code n}. */
  private static byte[] packet(int n, int length) {
    byte[] b = new byte[length];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }

  // ---- Gilbert–Elliott ----

  /** Runs {@code packets} through a burst-loss stage; returns the lost flags in order. */
  private static boolean[] burstLosses(GilbertElliott model, long seed, int packets) {
    StageHarness h = new StageHarness(new BurstLossStage(model, new SplittableRandom(seed)));
    boolean[] lost = new boolean[packets];
    for (int i = 0; i < packets; i++) {
      int before = h.log.size();
      h.offer(i, packet(i, 24));
      lost[i] = h.log.get(before).fate() == FrameFate.DROPPED_BURST_LOSS;
    }
    return lost;
  }

  private record Bursts(double rate, double meanLength, double lossAfterLoss, int count) {}

  private static Bursts bursts(boolean[] lost) {
    int losses = 0;
    int bursts = 0;
    int pairs = 0;
    for (int i = 0; i < lost.length; i++) {
      if (lost[i]) {
        losses++;
        if (i == 0 || !lost[i - 1]) {
          bursts++;
        } else {
          pairs++;
        }
      }
    }
    return new Bursts(
        (double) losses / lost.length, (double) losses / bursts, (double) pairs / losses, bursts);
  }

  @Test
  void burstLoss_fromRateAndLength_losesThatRate_inBurstsOfThatMeanLength() {
    GilbertElliott model = GilbertElliott.ofBurstLoss(0.05, 4);
    Bursts b = bursts(burstLosses(model, 11, 400_000));
    assertEquals(0.05, b.rate(), 0.004, "overall loss rate: " + b);
    assertEquals(4.0, b.meanLength(), 0.3, "mean burst length: " + b);
    assertEquals(0.75, b.lossAfterLoss(), 0.03, "P(loss | previous lost) = 1 - r: " + b);
    assertTrue(b.count() > 4000, "enough bursts to judge: " + b);
  }

  @Test
  void burstLoss_withLossInBothStates_losesTheStationaryRate_andClusters() {
    GilbertElliott model = new GilbertElliott(0.01, 0.1, 0.001, 0.5);
    double expected = (0.1 * 0.001 + 0.01 * 0.5) / 0.11;
    assertEquals(expected, model.lossRate(), 1e-12);
    Bursts b = bursts(burstLosses(model, 12, 400_000));
    assertEquals(expected, b.rate(), expected * 0.1, b.toString());
    assertTrue(
        b.lossAfterLoss() > 5 * b.rate(),
        "a loss makes the next loss far likelier than average: " + b);
  }

  @Test
  void burstLoss_replaysExactlyFromItsSeed_andAnotherSeedDiffers() {
    GilbertElliott model = GilbertElliott.ofBurstLoss(0.1, 3);
    assertArrayEquals(burstLosses(model, 5, 20_000), burstLosses(model, 5, 20_000));
    assertNotEquals(
        Arrays.toString(burstLosses(model, 5, 20_000)),
        Arrays.toString(burstLosses(model, 6, 20_000)));
  }

  @Test
  void burstLoss_none_neverLoses_andTheChainStartsGood() {
    assertTrue(bursts(burstLosses(GilbertElliott.NONE, 1, 10_000)).rate() == 0);
    Impairments.GilbertElliottChain chain =
        new Impairments.GilbertElliottChain(new GilbertElliott(0, 0, 0, 1));
    assertTrue(!chain.lose(new SplittableRandom(1)) && !chain.isBad(), "p = 0: never bad");
  }

  // ---- jitter ----

  /** Delays of packets offered {@code spacing} apart through a jitter stage. */
  private static long[] jitterDelays(
      long delay, long jitter, JitterDistribution d, long seed, int n, long spacing) {
    StageHarness h =
        new StageHarness(new JitterStage(delay, jitter, d, StageHarness.random(seed, "jitter")));
    long[] delays = new long[n];
    for (int i = 0; i < n; i++) {
      h.offer(i * spacing, packet(i, 40));
      delays[i] = h.log.get(i).at() - i * spacing;
    }
    return delays;
  }

  private static double mean(long[] xs) {
    return Arrays.stream(xs).average().orElseThrow();
  }

  private static double sd(long[] xs) {
    double m = mean(xs);
    return Math.sqrt(Arrays.stream(xs).mapToDouble(x -> (x - m) * (x - m)).sum() / xs.length);
  }

  @Test
  void jitter_uniform_staysWithinDelayPlusOrMinusJitter_centredOnTheDelay() {
    // Packets 100 ms apart never queue behind each other, so each delay is its own draw.
    long[] d = jitterDelays(20 * MS, 5 * MS, JitterDistribution.UNIFORM, 1, 50_000, 100 * MS);
    long min = Arrays.stream(d).min().orElseThrow();
    long max = Arrays.stream(d).max().orElseThrow();
    assertTrue(min >= 15 * MS && max <= 25 * MS, min + ".." + max);
    assertTrue(min < 15 * MS + 10 * US && max > 25 * MS - 10 * US, "spans the range");
    assertEquals(20 * MS, mean(d), 0.02 * 5 * MS);
    assertEquals(5 * MS / Math.sqrt(3), sd(d), 0.02 * 5 * MS, "uniform: sd = J / sqrt 3");
  }

  @Test
  void jitter_normal_hasTheDelayAsMean_andTheJitterAsStandardDeviation() {
    long[] d = jitterDelays(50 * MS, 4 * MS, JitterDistribution.NORMAL, 2, 50_000, 200 * MS);
    assertEquals(50 * MS, mean(d), 0.02 * 4 * MS);
    assertEquals(4 * MS, sd(d), 0.03 * 4 * MS);
    long within = Arrays.stream(d).filter(x -> Math.abs(x - 50 * MS) <= 4 * MS).count();
    assertEquals(0.683, within / 50_000.0, 0.01, "68% within one standard deviation");
  }

  @Test
  void jitter_largerThanTheDelay_isClampedAtZero_neverNegative() {
    long[] d = jitterDelays(1 * MS, 5 * MS, JitterDistribution.UNIFORM, 3, 20_000, 100 * MS);
    assertEquals(0, Arrays.stream(d).min().orElseThrow());
    long zeros = Arrays.stream(d).filter(x -> x == 0).count();
    assertEquals(0.4, zeros / 20_000.0, 0.02, "delays drawn in [-4, 0] ms are all 0");
  }

  @Test
  void jitter_neverReorders_aPacketWaitsForTheOneAheadOfIt() {
    // 10 µs apart with ±1 ms of jitter: alone, most packets would overtake their neighbours.
    StageHarness h =
        new StageHarness(
            new JitterStage(
                10 * MS, 1 * MS, JitterDistribution.UNIFORM, StageHarness.random(4, "jitter")));
    List<SimFrame> sent = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      sent.add(h.offer(i * 10 * US, packet(i, 40)));
    }
    List<StageHarness.Out> out = h.forwarded();
    assertEquals(sent, out.stream().map(StageHarness.Out::frame).toList(), "FIFO");
    long held = 0;
    for (int i = 1; i < out.size(); i++) {
      assertTrue(out.get(i).at() >= out.get(i - 1).at());
      if (out.get(i).at() == out.get(i - 1).at()) {
        held++;
      }
    }
    assertTrue(held > 1000, "many packets left right behind the one ahead: " + held);
  }

  @Test
  void jitter_replaysExactlyFromItsSeed() {
    for (JitterDistribution d : JitterDistribution.values()) {
      assertArrayEquals(
          jitterDelays(MS, MS, d, 9, 5000, 10 * US), jitterDelays(MS, MS, d, 9, 5000, 10 * US));
      assertNotEquals(
          Arrays.toString(jitterDelays(MS, MS, d, 9, 5000, 10 * US)),
          Arrays.toString(jitterDelays(MS, MS, d, 10, 5000, 10 * US)));
    }
  }

  // ---- reordering ----

  private static StageHarness reorder(Reordering model, long seed, int n, long spacing) {
    StageHarness h =
        new StageHarness(new ReorderStage(model, StageHarness.random(seed, "reorder")));
    for (int i = 0; i < n; i++) {
      h.offer(i * spacing, packet(i, 40));
    }
    h.finish();
    return h;
  }

  /** For each frame forwarded, how many frames with a larger id left before it. */
  private static Map<Long, Integer> overtakers(List<StageHarness.Out> out) {
    Map<Long, Integer> n = new HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      long id = out.get(i).frame().id();
      int k = 0;
      for (int j = 0; j < i; j++) {
        if (out.get(j).frame().id() > id) {
          k++;
        }
      }
      n.put(id, k);
    }
    return n;
  }

  @Test
  void reorder_aHeldPacketArrivesExactlyDepthPlacesLate() {
    int n = 20_000;
    StageHarness h = reorder(new Reordering(0.1, 3, 1_000 * MS), 1, n, 10 * US);
    List<StageHarness.Out> out = h.forwarded();
    assertEquals(n, out.size(), "every packet leaves once");
    Map<Long, Integer> overtakers = overtakers(out);
    List<Long> reordered = h.with(FrameFate.REORDERED).stream().map(o -> o.frame().id()).toList();
    assertEquals(0.1, reordered.size() / (double) n, 0.01);
    for (long id : overtakers.keySet()) {
      int k = overtakers.get(id);
      if (reordered.contains(id)) {
        assertTrue(k == 3 || id >= n - 10, "#" + id + " overtaken by " + k);
      } else {
        assertEquals(0, k, "#" + id + " was not held, so nothing passed it");
      }
    }
    long exactlyThree = overtakers.values().stream().filter(k -> k == 3).count();
    assertEquals(
        (double) reordered.size(), (double) exactlyThree, 3.0, "all but the last few moved 3");
    // Released by the depth, a held packet leaves at the instant of the one that released it.
    for (StageHarness.Out r : h.with(FrameFate.REORDERED)) {
      if (overtakers.get(r.frame().id()) != 3) {
        continue; // let go by the timeout at the end
      }
      int i = out.indexOf(new StageHarness.Out(r.at(), r.frame(), FrameFate.DELIVERED));
      assertTrue(i > 0 && out.get(i - 1).at() == r.at(), r.toString());
    }
  }

  @Test
  void reorder_timeout_letsTheLastPacketsGo_markedOnlyIfSomethingPassedThem() {
    long timeout = 5 * MS;
    // Everything held: nothing ever passes, so each packet leaves at its own timeout, unmarked.
    StageHarness all = reorder(new Reordering(1.0, 2, timeout), 1, 5, 1 * MS);
    assertEquals(
        List.of(5 * MS, 6 * MS, 7 * MS, 8 * MS, 9 * MS),
        all.forwarded().stream().map(StageHarness.Out::at).toList());
    assertEquals(List.of(), all.with(FrameFate.REORDERED));

    // Find a seed whose first packet is held and whose second passes: with nothing after them,
    // the first leaves at its timeout, overtaken once (less than its depth of 3), so reordered.
    long seed = 0;
    while (true) {
      SplittableRandom r = StageHarness.random(seed, "reorder");
      if (r.nextDouble() < 0.5 && r.nextDouble() >= 0.5) {
        break;
      }
      seed++;
    }
    StageHarness h = reorder(new Reordering(0.5, 3, timeout), seed, 2, 1 * MS);
    assertEquals(
        List.of(
            "1000000 #1/1 40B DELIVERED",
            "5000000 #0/0 40B REORDERED",
            "5000000 #0/0 40B DELIVERED"),
        h.lines());
  }

  @Test
  void reorder_releasedByDepth_cancelsItsTimeout() {
    // Find a run whose last packet is not held: then the last event is its delivery, and any
    // timeout left armed by a packet released early would have moved time past it.
    for (long seed = 0; ; seed++) {
      SimNetwork net = new SimNetwork(seed);
      LinkParams up = LinkParams.DEFAULT.withReordering(new Reordering(0.3, 1, 50 * MS));
      SimHost a = net.addHost("a", Packets.A, up, LinkParams.DEFAULT);
      RecordingNode rx = RecordingNode.on(net.addHost("b", Packets.B));
      TapLog tap = TapLog.on(net);
      for (int i = 0; i < 200; i++) {
        byte[] p = Packets.probe(Packets.A, Packets.B, i, 40).toBytes();
        net.schedule(i * US, () -> Packets.send(a.link(), p));
      }
      net.runUntilIdle(10_000);
      assertEquals(200, rx.arrivals.size());
      long last = rx.times().stream().mapToLong(Long::longValue).max().orElseThrow();
      if (last < 50 * MS) {
        assertTrue(tap.withFate(FrameFate.REORDERED).size() > 30);
        assertEquals(last, net.now(), "no timer outlived the packet it was for");
        return;
      }
    }
  }

  @Test
  void reorder_replaysExactlyFromItsSeed() {
    Reordering model = new Reordering(0.2, 2, MS);
    assertEquals(
        reorder(model, 4, 3000, 10 * US).lines(), reorder(model, 4, 3000, 10 * US).lines());
    assertNotEquals(
        reorder(model, 4, 3000, 10 * US).lines(), reorder(model, 5, 3000, 10 * US).lines());
  }

  // ---- duplication ----

  @Test
  void duplicate_copiesAreExact_newInstances_rightBehindTheirOriginal() {
    int n = 50_000;
    StageHarness h = new StageHarness(new DuplicateStage(0.2, StageHarness.random(1, "duplicate")));
    for (int i = 0; i < n; i++) {
      h.offer(i, packet(i, 20 + i % 1000));
    }
    List<StageHarness.Out> copies = h.with(FrameFate.DUPLICATED);
    assertEquals(0.2, copies.size() / (double) n, 0.01);
    List<StageHarness.Out> out = h.forwarded();
    assertEquals(n + copies.size(), out.size());
    for (int i = 0; i < out.size(); i++) {
      SimFrame f = out.get(i).frame();
      if (f.id() != f.original()) {
        SimFrame before = out.get(i - 1).frame();
        assertEquals(f.original(), before.id(), "the copy follows its original");
        assertEquals(out.get(i - 1).at(), out.get(i).at(), "at the same instant");
        assertArrayEquals(before.packet(), f.packet(), "byte for byte");
        assertNotSame(before.packet(), f.packet(), "in an array of its own");
      }
    }
  }

  // ---- corruption ----

  @Test
  void corrupt_flipsOneToFifteenBits_withinOneAlignedWord() {
    int n = 50_000;
    StageHarness h = new StageHarness(new CorruptStage(0.3, StageHarness.random(1, "corrupt")));
    List<SimFrame> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sent.add(h.offer(i, packet(i, 1 + i % 200)));
    }
    List<StageHarness.Out> out = h.forwarded();
    assertEquals(n, out.size());
    int corrupted = 0;
    int[] bitsSeen = new int[17];
    for (int i = 0; i < n; i++) {
      byte[] before = sent.get(i).packet();
      byte[] after = out.get(i).frame().packet();
      assertEquals(sent.get(i).id(), out.get(i).frame().id());
      if (after == before) {
        continue;
      }
      corrupted++;
      assertEquals(before.length, after.length);
      int firstDiff = -1;
      int bits = 0;
      for (int j = 0; j < before.length; j++) {
        int x = (before[j] ^ after[j]) & 0xFF;
        if (x != 0) {
          firstDiff = firstDiff < 0 ? j : firstDiff;
          assertTrue(j / 2 == firstDiff / 2, "all flips in one 16-bit word at an even offset");
          bits += Integer.bitCount(x);
        }
      }
      assertTrue(bits >= 1 && bits <= 15, bits + " bits");
      bitsSeen[bits]++;
    }
    assertEquals(0.3, corrupted / (double) n, 0.01);
    assertEquals(corrupted, h.with(FrameFate.CORRUPTED).size());
    assertTrue(
        bitsSeen[1] > 0 && bitsSeen[13] + bitsSeen[14] + bitsSeen[15] > 0,
        "from 1 to 15 bits: " + Arrays.toString(bitsSeen));
  }

  // ---- truncation ----

  @Test
  void truncate_cutsToAPrefixOfOneByteToOneLess() {
    int n = 50_000;
    StageHarness h = new StageHarness(new TruncateStage(0.25, StageHarness.random(1, "truncate")));
    List<SimFrame> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sent.add(h.offer(i, packet(i, 1 + i % 100)));
    }
    List<StageHarness.Out> out = h.forwarded();
    int cut = 0;
    int ones = 0;
    int oneLess = 0;
    for (int i = 0; i < n; i++) {
      byte[] before = sent.get(i).packet();
      byte[] after = out.get(i).frame().packet();
      if (after.length == before.length) {
        assertSame(before, after);
        continue;
      }
      cut++;
      assertTrue(after.length >= 1 && after.length < before.length);
      assertArrayEquals(Arrays.copyOf(before, after.length), after, "a prefix");
      ones += after.length == 1 ? 1 : 0;
      oneLess += after.length == before.length - 1 ? 1 : 0;
    }
    assertEquals(0.25, cut / (double) n, 0.015, "a 1-byte packet is never cut, 1% of these");
    assertEquals(cut, h.with(FrameFate.TRUNCATED).size());
    assertTrue(ones > 100 && oneLess > 100, "both ends of the range: " + ones + ", " + oneLess);
  }

  // ---- all stages ----

  @Test
  void everyRandomStage_replaysExactlyFromItsSeed_andAnotherSeedDiffers() {
    Map<String, LongFunction<LinkStage>> stages = new HashMap<>();
    stages.put("loss", s -> new LossStage(0.1, new SplittableRandom(s)));
    stages.put(
        "burst",
        s -> new BurstLossStage(GilbertElliott.ofBurstLoss(0.1, 2), new SplittableRandom(s)));
    stages.put("duplicate", s -> new DuplicateStage(0.1, new SplittableRandom(s)));
    stages.put("corrupt", s -> new CorruptStage(0.1, new SplittableRandom(s)));
    stages.put("truncate", s -> new TruncateStage(0.1, new SplittableRandom(s)));
    stages.put(
        "jitter", s -> new JitterStage(MS, MS, JitterDistribution.NORMAL, new SplittableRandom(s)));
    stages.put("reorder", s -> new ReorderStage(Reordering.of(0.1, 2), new SplittableRandom(s)));
    for (var e : stages.entrySet()) {
      List<String> first = run(e.getValue().apply(7));
      assertEquals(first, run(e.getValue().apply(7)), e.getKey());
      assertNotEquals(first, run(e.getValue().apply(8)), e.getKey());
    }
  }

  /** A stage's log, with the bytes of each packet, for 2000 packets. */
  private static List<String> run(LinkStage stage) {
    StageHarness h = new StageHarness(stage);
    for (int i = 0; i < 2000; i++) {
      h.offer(i * 100 * US, packet(i, 60));
    }
    h.finish();
    return h.log.stream().map(o -> o + " " + Arrays.hashCode(o.frame().packet())).toList();
  }
}
