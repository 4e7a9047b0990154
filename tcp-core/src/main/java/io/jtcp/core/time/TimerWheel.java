package io.jtcp.core.time;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every timer of one stack, fired at exact nanosecond deadlines, with no thread, lock or clock of
 * its own: the event loop passes {@code now} to {@link #poll} and asks {@link #nextDeadline} how
 * long it may sleep (the simulator: how far it may jump).
 *
 * <h2>Why this shape</h2>
 *
 * <p>A stack arms several timers per connection (RTO, delayed ACK, persist, keepalive, TIME-WAIT)
 * and may hold a million connections, so arming and cancelling must be O(1) and must not allocate.
 * A binary heap is O(log n) per operation and a Netty-style single wheel keeps a 2-hour keepalive
 * in a bucket it revisits every revolution. This is a <em>hierarchical</em> wheel, as in Linux's
 * {@code kernel/time/timer.c} and Kafka's {@code TimingWheel}, made exact:
 *
 * <ul>
 *   <li>Time is cut into ticks of {@code tickNanos} counted from {@code startNanos}. Level {@code
 *       L} has {@code ticksPerWheel} slots of {@code ticksPerWheel^L} ticks each. A timer sits at
 *       the lowest level whose slot tells it apart from the <em>cursor</em> (the last tick polled):
 *       the level of the highest bit in which its tick differs from the cursor's. So level 0 holds
 *       the rest of the current revolution tick by tick, level 1 the rest of the current
 *       super-revolution, and so on; enough levels cover every {@code long} deadline and nothing
 *       ever "goes round" a wheel.
 *   <li>When the cursor reaches the first tick of an occupied slot, the slot is emptied and its
 *       timers placed again, now one level lower or more; a timer moves at most once per level
 *       (with the defaults, a 2-hour keepalive moves at most three times: down to level 1, down to
 *       level 0, into the heap). Per-level occupancy bitmaps let the cursor jump straight to the
 *       next occupied slot, so a long {@code poll} gap costs nothing per empty tick.
 *   <li>Timers whose tick the cursor has reached go to a small binary heap ordered by exact
 *       deadline and then by scheduling order. {@code poll} fires from that heap, which is what
 *       makes a timer fire at {@code poll(now = deadline)} and not at the next tick boundary. The
 *       heap only ever holds timers of ticks already reached and not yet fired, normally a handful.
 *   <li>Every timer lives in parallel arrays indexed by a slot number (a slab), with a free list;
 *       the arrays double when full and are never shrunk, so a warmed-up wheel allocates nothing.
 *       Bucket lists and the heap are threaded through the same arrays. An id packs the slot number
 *       with a per-slot generation bumped at every release, so a stale id can never cancel the
 *       slot's next tenant (unless the slot is reused 2^31 times in between).
 * </ul>
 *
 * <h2>Costs</h2>
 *
 * <ul>
 *   <li>{@link #schedule}: O(1) into the wheel; O(log h) when its tick has already been reached (a
 *       deadline in the past, or within the current tick), h being the heap's size.
 *   <li>{@link #cancel}: O(1) from the wheel; O(log h) from the heap.
 *   <li>{@link #poll}: O(log h) per fired timer, plus O(levels) amortised per timer moved down a
 *       level, plus a bitmap scan per occupied slot passed.
 *   <li>{@link #nextDeadline}: O(1) when the heap is not empty (its top is the answer, since every
 *       timer in the wheel lies in a later tick) or when the cached wheel minimum is valid. The
 *       cache survives scheduling and only goes when the wheel's earliest timer is cancelled or
 *       moves to the heap. Recomputing looks at one bucket only, the first occupied slot of the
 *       lowest occupied level, which holds the earliest timer because levels and slots are ordered
 *       by tick. Each bucket keeps its own minimum, updated on insert and only marked unknown when
 *       its minimum is cancelled, so a recompute walks a bucket only after that bucket's minimum
 *       was cancelled. Far timers thus cost nothing while anything nearer is pending; the one bad
 *       case is a stack with only far timers whose earliest one is cancelled between every two
 *       queries, when each query walks the bucket holding the earliest far timers.
 * </ul>
 *
 * <h2>Semantics the engine relies on</h2>
 *
 * <ul>
 *   <li>Deadlines and {@code now} are plain signed nanoseconds, compared with {@code <=}: a timer
 *       fires at the first {@code poll(now)} with {@code now >= deadline}, in deadline order, ties
 *       in the order they were scheduled. Negative times are fine ({@code System.nanoTime} may
 *       return them); a clock that wraps around is not.
 *   <li>Scheduling during {@code poll}: a timer whose deadline is {@code <= now} fires in the same
 *       poll if the limit allows, at its place in deadline order among the timers still pending.
 *       Hence the post-condition: when {@code poll} returns less than {@code limit}, {@link
 *       #nextDeadline} is {@code > now}, and the simulator never has to poll twice at one instant.
 *       The flip side is that a handler which always re-arms its own timer at {@code <= now} keeps
 *       a poll busy until the limit, so pass a finite limit.
 *   <li>Cancelling during {@code poll} a timer due in the same poll stops it: it does not fire.
 *   <li>{@code now} may go backwards between polls; the wheel never rewinds and still fires exactly
 *       the timers with {@code deadline <= now}.
 * </ul>
 *
 * <p>Not thread-safe: like all protocol state it belongs to the stack's event-loop thread.
 */
public final class TimerWheel {
  /** The default tick: Linux's {@code HZ=1000} granularity, far below any TCP timer's. */
  public static final long DEFAULT_TICK_NANOS = 1_000_000L;

  /**
   * The default slots per level. With a 1 ms tick, level-1 slots are 1.024 s and level 2 reaches
   * 2^30 ms (12.4 days), so the 2-hour keepalive starts at level 2 at worst and every other
   * Linux-default timer (TIME-WAIT and FIN-WAIT-2 60 s, maximum RTO 120 s) at level 1 at worst. A
   * timer of delay d only starts above level 0 when it crosses a 1024-tick boundary, which happens
   * with probability d/1.024 s: 4% for a 40 ms delayed ACK and 20% for a 200 ms RTO, against 8% and
   * 39% with 512 slots. Those two are the timers armed and moved most often, so fewer moves pay for
   * the larger tables (five levels of 1024 buckets, about 80 KB per stack) and for searching a
   * 16-long occupancy bitmap instead of an 8-long one.
   */
  public static final int DEFAULT_TICKS_PER_WHEEL = 1024;

  /** What {@link #deadline} returns for an id that is not pending. */
  public static final long NOT_PENDING = Long.MIN_VALUE;

  private static final int DEFAULT_INITIAL_CAPACITY = 64;
  private static final int MAX_TICKS_PER_WHEEL = 1 << 16;
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8; // the largest array VMs allow

  private static final int NONE = -1;

  /** {@link #home} of a timer in the heap; its heap position is then kept in {@link #prev}. */
  private static final int IN_HEAP = -1;

  /** {@link #home} of a free slot. */
  private static final int FREE = -2;

  /** A minimum not known; no timer in the wheel can have it, as its tick is above the cursor. */
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final long tickNanos;
  private final long startNanos;
  private final int bits;
  private final int mask;
  private final int levels;
  private final int wordsPerLevel;

  // The slab: one entry per timer slot.
  private long[] deadlines;
  private long[] seqs;
  private @Nullable Object[] targets;
  private int[] kinds;
  private int[] generations;
  private int[] next;
  private int[] prev;
  private int[] home;
  private int highWater;
  private int freeHead = NONE;

  // The wheel: levels * ticksPerWheel buckets.
  private final int[] heads;
  private final int[] tails;
  private final long[] bucketMins;
  private final long[] occupied;
  private final int[] occupiedSlots;
  private long occupiedLevels;
  private long wheelMin = UNKNOWN;

  // The heap of timers whose tick the cursor has reached.
  private int[] heap;
  private int heapSize;

  private long cursor;
  private long nextSeq;
  private int size;
  private boolean polling;
  private long scanned;

  /**
   * A wheel with ticks of {@code tickNanos} counted from {@code startNanos}, {@code ticksPerWheel}
   * slots per level and room for 64 timers before it first grows.
   *
   * @throws IllegalArgumentException if {@code tickNanos} is not positive or {@code ticksPerWheel}
   *     is not a power of two from 2 to 65536
   */
  public TimerWheel(long tickNanos, int ticksPerWheel, long startNanos) {
    this(tickNanos, ticksPerWheel, startNanos, DEFAULT_INITIAL_CAPACITY);
  }

  /**
   * As {@link #TimerWheel(long, int, long)}, with room for {@code initialCapacity} timers before
   * the slab first grows; a stack sized for N connections can pass a few times N and never grow.
   */
  public TimerWheel(long tickNanos, int ticksPerWheel, long startNanos, int initialCapacity) {
    if (tickNanos <= 0) {
      throw new IllegalArgumentException("tickNanos must be positive, got " + tickNanos);
    }
    if (ticksPerWheel < 2
        || ticksPerWheel > MAX_TICKS_PER_WHEEL
        || Integer.bitCount(ticksPerWheel) != 1) {
      throw new IllegalArgumentException(
          "ticksPerWheel must be a power of two from 2 to "
              + MAX_TICKS_PER_WHEEL
              + ", got "
              + ticksPerWheel);
    }
    if (initialCapacity < 1) {
      throw new IllegalArgumentException(
          "initialCapacity must be positive, got " + initialCapacity);
    }
    this.tickNanos = tickNanos;
    this.startNanos = startNanos;
    this.bits = Integer.numberOfTrailingZeros(ticksPerWheel);
    this.mask = ticksPerWheel - 1;
    // Enough levels that the latest representable tick still has a level to sit in.
    int tickBits = 64 - Long.numberOfLeadingZeros(tickOf(Long.MAX_VALUE));
    this.levels = Math.max(1, (tickBits + bits - 1) / bits);
    this.wordsPerLevel = (ticksPerWheel + 63) >>> 6;

    int buckets = levels << bits;
    heads = new int[buckets];
    tails = new int[buckets];
    Arrays.fill(heads, NONE);
    Arrays.fill(tails, NONE);
    bucketMins = new long[buckets];
    occupied = new long[levels * wordsPerLevel];
    occupiedSlots = new int[levels];

    deadlines = new long[initialCapacity];
    seqs = new long[initialCapacity];
    targets = new Object[initialCapacity];
    kinds = new int[initialCapacity];
    generations = new int[initialCapacity];
    next = new int[initialCapacity];
    prev = new int[initialCapacity];
    home = new int[initialCapacity];
    heap = new int[initialCapacity];
  }

  /** A wheel with the defaults, {@value #DEFAULT_TICK_NANOS} ns ticks and 1024 slots per level. */
  public static TimerWheel create(long startNanos) {
    return new TimerWheel(DEFAULT_TICK_NANOS, DEFAULT_TICKS_PER_WHEEL, startNanos);
  }

  /**
   * Arms a timer that {@link #poll} fires once {@code now >= deadlineNanos}; a deadline already
   * past fires at the next poll.
   *
   * @return the timer's id, always positive, so callers can keep 0 for "no timer"
   * @throws IllegalStateException if two billion timers are already pending
   */
  public long schedule(long deadlineNanos, Object target, int kind) {
    Objects.requireNonNull(target, "target");
    int i = allocate();
    deadlines[i] = deadlineNanos;
    seqs[i] = nextSeq++;
    targets[i] = target;
    kinds[i] = kind;
    size++;
    place(i, tickOf(deadlineNanos));
    if (home[i] != IN_HEAP && wheelMin != UNKNOWN) {
      wheelMin = Math.min(wheelMin, deadlineNanos);
    }
    return idOf(i);
  }

  /**
   * Disarms a pending timer.
   *
   * @return {@code true} if it was pending; {@code false} if it already fired or was cancelled, or
   *     the id was never issued (ids of earlier tenants of a reused slot included)
   */
  public boolean cancel(long id) {
    int i = slotOf(id);
    if (i == NONE) {
      return false;
    }
    if (home[i] == IN_HEAP) {
      heapRemoveAt(prev[i]);
    } else {
      if (deadlines[i] == wheelMin) {
        wheelMin = UNKNOWN;
      }
      unlink(home[i], i);
    }
    release(i);
    return true;
  }

  /**
   * Fires, earliest deadline first, every timer whose deadline is {@code <= now}, at most {@code
   * limit} of them, and returns how many fired. Each firing is the earliest pending timer at that
   * moment, so a timer the handler schedules with a deadline {@code <= now} fires in this same poll
   * (limit permitting), and one it cancels does not fire. If a handler throws, the exception leaves
   * {@code poll}; the timer that threw counts as fired and the others stay pending.
   *
   * @param limit the most timers to fire; 0 only brings the wheel up to {@code now}
   * @throws IllegalStateException if called from a handler during another poll
   */
  public int poll(long now, TimerHandler handler, int limit) {
    Objects.requireNonNull(handler, "handler");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    if (polling) {
      throw new IllegalStateException("poll called from a timer handler");
    }
    polling = true;
    try {
      advanceTo(tickOf(now));
      int fired = 0;
      while (fired < limit && heapSize > 0) {
        int i = heap[0];
        if (deadlines[i] > now) {
          break;
        }
        heapRemoveAt(0);
        Object target = Objects.requireNonNull(targets[i]);
        int kind = kinds[i];
        long id = idOf(i);
        release(i);
        fired++;
        handler.onTimer(target, kind, id, now);
      }
      return fired;
    } finally {
      polling = false;
    }
  }

  /**
   * The exact earliest pending deadline, or {@link Long#MAX_VALUE} if no timer is pending (check
   * {@link #size} if a timer may be armed at {@code Long.MAX_VALUE} itself). Cheap enough to call
   * after every event; see the class comment for the costs.
   */
  public long nextDeadline() {
    if (heapSize > 0) {
      return deadlines[heap[0]];
    }
    if (occupiedLevels == 0) {
      return Long.MAX_VALUE;
    }
    if (wheelMin == UNKNOWN) {
      int level = Long.numberOfTrailingZeros(occupiedLevels);
      int bucket = bucket(level, firstOccupied(level));
      if (bucketMins[bucket] == UNKNOWN) {
        bucketMins[bucket] = scanMin(bucket);
      }
      wheelMin = bucketMins[bucket];
    }
    return wheelMin;
  }

  /** How many timers are pending. */
  public int size() {
    return size;
  }

  /** Whether {@code id} is a pending timer. */
  public boolean isPending(long id) {
    return slotOf(id) != NONE;
  }

  /**
   * The deadline of a pending timer, or {@link #NOT_PENDING} ({@code Long.MIN_VALUE}, not -1,
   * because negative times are valid) if it fired, was cancelled or never existed.
   */
  public long deadline(long id) {
    int i = slotOf(id);
    return i == NONE ? NOT_PENDING : deadlines[i];
  }

  public long tickNanos() {
    return tickNanos;
  }

  public int ticksPerWheel() {
    return mask + 1;
  }

  /** How many levels cover every {@code long} deadline with this tick. */
  int levels() {
    return levels;
  }

  /** How many timers {@link #nextDeadline} has walked over in bucket scans, for tests. */
  long scannedTimers() {
    return scanned;
  }

  @Override
  public String toString() {
    return "TimerWheel[size="
        + size
        + ", tickNanos="
        + tickNanos
        + ", ticksPerWheel="
        + (mask + 1)
        + ", levels="
        + levels
        + ", cursorTick="
        + cursor
        + "]";
  }

  // ---- ticks and placement ----

  /**
   * The tick {@code time} falls in, counting from {@code startNanos}; times before the start fall
   * in tick 0, and ticks past {@code Long.MAX_VALUE} (only with 1 ns ticks and a negative start)
   * saturate, which keeps the order of deadlines, all the wheel needs.
   */
  private long tickOf(long time) {
    if (time <= startNanos) {
      return 0;
    }
    long tick = Long.divideUnsigned(time - startNanos, tickNanos); // the difference fits unsigned
    return tick < 0 ? Long.MAX_VALUE : tick;
  }

  /**
   * Puts timer {@code i} in the heap if the cursor has reached its tick, else in the bucket of the
   * level of the highest bit where its tick differs from the cursor. Placement depends only on the
   * tick and the cursor, and the cursor never passes an occupied slot without emptying it, so a
   * timer's bucket stays right as the cursor moves.
   */
  private void place(int i, long tick) {
    if (tick <= cursor) {
      home[i] = IN_HEAP;
      heapPush(i);
      return;
    }
    int level = (63 - Long.numberOfLeadingZeros(tick ^ cursor)) / bits;
    append(bucket(level, (int) (tick >>> (level * bits)) & mask), i);
  }

  /**
   * Moves the cursor to {@code target} (never back), emptying each occupied slot it reaches on the
   * way. The lowest occupied level always holds the earliest slot, so the loop jumps from occupied
   * slot to occupied slot instead of walking ticks.
   */
  private void advanceTo(long target) {
    while (occupiedLevels != 0) {
      int level = Long.numberOfTrailingZeros(occupiedLevels);
      int shift = level * bits;
      int slot = firstOccupied(level);
      long slotStart = clearBelow(cursor, shift + bits) | ((long) slot << shift);
      if (slotStart > target) {
        break;
      }
      cursor = slotStart;
      drain(bucket(level, slot));
    }
    if (target > cursor) {
      cursor = target;
    }
  }

  /**
   * The first occupied slot of {@code level}. Every occupied slot lies after the cursor's digit at
   * that level, so the search starts there.
   */
  private int firstOccupied(int level) {
    int from = (int) (cursor >>> (level * bits)) & mask;
    from++;
    int base = level * wordsPerLevel;
    int w = from >>> 6;
    if (w < wordsPerLevel) {
      long word = occupied[base + w] & (-1L << (from & 63));
      while (true) {
        if (word != 0) {
          return (w << 6) + Long.numberOfTrailingZeros(word);
        }
        if (++w == wordsPerLevel) {
          break;
        }
        word = occupied[base + w];
      }
    }
    throw new IllegalStateException("level " + level + " is marked occupied but has no slot");
  }

  private static long clearBelow(long value, int bitCount) {
    return bitCount >= 64 ? 0 : (value >>> bitCount) << bitCount;
  }

  // ---- buckets ----

  private int bucket(int level, int slot) {
    return (level << bits) | slot;
  }

  private void append(int bucket, int i) {
    home[i] = bucket;
    next[i] = NONE;
    int tail = tails[bucket];
    if (tail == NONE) {
      heads[bucket] = i;
      prev[i] = NONE;
      bucketMins[bucket] = deadlines[i];
      markOccupied(bucket);
    } else {
      next[tail] = i;
      prev[i] = tail;
      if (bucketMins[bucket] != UNKNOWN) {
        bucketMins[bucket] = Math.min(bucketMins[bucket], deadlines[i]);
      }
    }
    tails[bucket] = i;
  }

  private void unlink(int bucket, int i) {
    int p = prev[i];
    int n = next[i];
    if (p == NONE) {
      heads[bucket] = n;
    } else {
      next[p] = n;
    }
    if (n == NONE) {
      tails[bucket] = p;
    } else {
      prev[n] = p;
    }
    if (heads[bucket] == NONE) {
      markEmpty(bucket);
    } else if (deadlines[i] == bucketMins[bucket]) {
      bucketMins[bucket] = UNKNOWN; // found again by a scan, only if this bucket is ever asked
    }
  }

  /**
   * Empties a bucket the cursor has reached and places its timers again. Lower levels are empty
   * when this runs, and buckets list timers in scheduling order, so the lists it appends to stay in
   * scheduling order and the heap receives equal deadlines in order, each push O(1).
   */
  private void drain(int bucket) {
    int i = heads[bucket];
    heads[bucket] = NONE;
    tails[bucket] = NONE;
    markEmpty(bucket);
    while (i != NONE) {
      int n = next[i];
      place(i, tickOf(deadlines[i]));
      if (home[i] == IN_HEAP) {
        wheelMin = UNKNOWN;
      }
      i = n;
    }
  }

  private long scanMin(int bucket) {
    long min = Long.MAX_VALUE;
    for (int i = heads[bucket]; i != NONE; i = next[i]) {
      min = Math.min(min, deadlines[i]);
      scanned++;
    }
    return min;
  }

  private void markOccupied(int bucket) {
    int level = bucket >>> bits;
    int slot = bucket & mask;
    occupied[level * wordsPerLevel + (slot >>> 6)] |= 1L << slot;
    if (occupiedSlots[level]++ == 0) {
      occupiedLevels |= 1L << level;
    }
  }

  private void markEmpty(int bucket) {
    int level = bucket >>> bits;
    int slot = bucket & mask;
    occupied[level * wordsPerLevel + (slot >>> 6)] &= ~(1L << slot);
    if (--occupiedSlots[level] == 0) {
      occupiedLevels &= ~(1L << level);
    }
  }

  // ---- the heap of reached timers, ordered by (deadline, seq) ----

  private boolean before(int a, int b) {
    return deadlines[a] < deadlines[b] || (deadlines[a] == deadlines[b] && seqs[a] < seqs[b]);
  }

  private void heapPush(int i) {
    siftUp(heapSize++, i);
  }

  private void heapRemoveAt(int pos) {
    int last = heap[--heapSize];
    if (pos == heapSize) {
      return;
    }
    if (pos > 0 && before(last, heap[(pos - 1) >>> 1])) {
      siftUp(pos, last);
    } else {
      siftDown(pos, last);
    }
  }

  private void siftUp(int pos, int i) {
    while (pos > 0) {
      int parentPos = (pos - 1) >>> 1;
      int parent = heap[parentPos];
      if (!before(i, parent)) {
        break;
      }
      heap[pos] = parent;
      prev[parent] = pos;
      pos = parentPos;
    }
    heap[pos] = i;
    prev[i] = pos;
  }

  private void siftDown(int pos, int i) {
    int half = heapSize >>> 1;
    while (pos < half) {
      int childPos = 2 * pos + 1;
      int child = heap[childPos];
      int rightPos = childPos + 1;
      if (rightPos < heapSize && before(heap[rightPos], child)) {
        childPos = rightPos;
        child = heap[rightPos];
      }
      if (!before(child, i)) {
        break;
      }
      heap[pos] = child;
      prev[child] = pos;
      pos = childPos;
    }
    heap[pos] = i;
    prev[i] = pos;
  }

  // ---- the slab ----

  private long idOf(int i) {
    return ((long) generations[i] << 32) | i;
  }

  private int slotOf(long id) {
    if (id <= 0) {
      return NONE;
    }
    int i = (int) id;
    if (i < 0 || i >= highWater || home[i] == FREE || generations[i] != (int) (id >>> 32)) {
      return NONE;
    }
    return i;
  }

  private int allocate() {
    int i = freeHead;
    if (i != NONE) {
      freeHead = next[i];
      return i;
    }
    if (highWater == deadlines.length) {
      grow();
    }
    i = highWater++;
    generations[i] = 1; // ids stay positive: generations run from 1 to Integer.MAX_VALUE
    return i;
  }

  private void release(int i) {
    targets[i] = null; // let the connection be collected even if the slot stays free
    home[i] = FREE;
    generations[i] = generations[i] == Integer.MAX_VALUE ? 1 : generations[i] + 1;
    next[i] = freeHead;
    freeHead = i;
    size--;
  }

  private void grow() {
    int capacity = deadlines.length;
    if (capacity >= MAX_CAPACITY) {
      throw new IllegalStateException("timer wheel is full: " + capacity + " timers pending");
    }
    int grown = (int) Math.min((long) capacity * 2, MAX_CAPACITY);
    deadlines = Arrays.copyOf(deadlines, grown);
    seqs = Arrays.copyOf(seqs, grown);
    targets = Arrays.copyOf(targets, grown);
    kinds = Arrays.copyOf(kinds, grown);
    generations = Arrays.copyOf(generations, grown);
    next = Arrays.copyOf(next, grown);
    prev = Arrays.copyOf(prev, grown);
    home = Arrays.copyOf(home, grown);
    heap = Arrays.copyOf(heap, grown);
  }
}
