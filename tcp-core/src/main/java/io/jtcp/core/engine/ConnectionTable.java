package io.jtcp.core.engine;

import org.jspecify.annotations.Nullable;

/**
 * The demux: connections by (remote address, remote port, local port) packed in one {@code long},
 * in an open-addressing table with linear probing, so the per-segment lookup allocates nothing and
 * costs O(1). A stack has one local address, which is why it is not part of the key.
 */
final class ConnectionTable {
  private long[] keys = new long[64];
  private @Nullable Connection[] values = new Connection[64];
  private int size;

  static long key(int remoteAddress, int remotePort, int localPort) {
    return (long) remoteAddress << 32 | (long) remotePort << 16 | localPort;
  }

  int size() {
    return size;
  }

  @Nullable Connection get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = i + 1 & mask) {
      Connection c = values[i];
      if (c == null) {
        return null;
      }
      if (keys[i] == key) {
        return c;
      }
    }
  }

  void put(long key, Connection c) {
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = i + 1 & mask) {
      if (values[i] == null) {
        keys[i] = key;
        values[i] = c;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = c;
        return;
      }
    }
  }

  /** Removes by backward-shift deletion, so no tombstones slow later lookups. */
  void remove(long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] != null && keys[i] != key) {
      i = i + 1 & mask;
    }
    if (values[i] == null) {
      return;
    }
    size--;
    int hole = i;
    for (int j = hole + 1 & mask; values[j] != null; j = j + 1 & mask) {
      int home = slot(keys[j], mask);
      if ((j - home & mask) >= (j - hole & mask)) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    values[hole] = null;
  }

  /** Calls {@code action} for every connection; the action must not change the table. */
  void forEach(java.util.function.Consumer<Connection> action) {
    for (Connection c : values) {
      if (c != null) {
        action.accept(c);
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    Connection[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Connection[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      Connection c = oldValues[i];
      if (c != null) {
        put(oldKeys[i], c);
      }
    }
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ h >>> 32) & mask;
  }
}
