package io.jtcp.core.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One TCP option as parsed, in the order it appeared. End-of-option-list is not an option here: it
 * marks where the list ends and the zero padding begins, and {@link TcpSegment#emit} writes it
 * whenever padding is needed.
 */
public sealed interface TcpOption {

  /** The option kind byte. */
  int kind();

  /** Bytes the option occupies, kind and length bytes included. */
  int length();

  /** No-operation (kind 1), used to align the options after it. */
  record Nop() implements TcpOption {
    public int kind() {
      return TcpOptions.NOP;
    }

    public int length() {
      return 1;
    }
  }

  /** Maximum segment size (kind 2, RFC 9293 §3.7.1). */
  record Mss(int mss) implements TcpOption {
    public Mss {
      if ((mss & ~0xFFFF) != 0) {
        throw new IllegalArgumentException("MSS is 16 bits; got " + mss);
      }
    }

    public int kind() {
      return TcpOptions.MSS;
    }

    public int length() {
      return 4;
    }
  }

  /** Window scale shift count (kind 3, RFC 7323 §2); a receiver treats values above 14 as 14. */
  record WindowScale(int shift) implements TcpOption {
    public WindowScale {
      if ((shift & ~0xFF) != 0) {
        throw new IllegalArgumentException("window scale is one byte; got " + shift);
      }
    }

    public int kind() {
      return TcpOptions.WINDOW_SCALE;
    }

    public int length() {
      return 3;
    }
  }

  /** SACK permitted (kind 4, RFC 2018), only in a SYN. */
  record SackPermitted() implements TcpOption {
    public int kind() {
      return TcpOptions.SACK_PERMITTED;
    }

    public int length() {
      return 2;
    }
  }

  /** SACK blocks (kind 5, RFC 2018), one to four. */
  record Sack(List<SackBlock> blocks) implements TcpOption {
    public Sack {
      blocks = List.copyOf(blocks);
      if (blocks.isEmpty() || blocks.size() > TcpOptions.MAX_SACK_BLOCKS) {
        throw new IllegalArgumentException("a SACK option has 1 to 4 blocks; got " + blocks.size());
      }
    }

    public int kind() {
      return TcpOptions.SACK;
    }

    public int length() {
      return 2 + 8 * blocks.size();
    }
  }

  /** Timestamps (kind 8, RFC 7323 §3): TSval and TSecr. */
  record Timestamps(int value, int echoReply) implements TcpOption {
    public int kind() {
      return TcpOptions.TIMESTAMPS;
    }

    public int length() {
      return 10;
    }

    @Override
    public String toString() {
      return "Timestamps[value="
          + Integer.toUnsignedString(value)
          + ", echoReply="
          + Integer.toUnsignedString(echoReply)
          + "]";
    }
  }

  /**
   * An option jtcp does not interpret, skipped by its length: an unknown kind, or a known kind with
   * a length that kind does not have.
   */
  record Unknown(int kind, byte[] data) implements TcpOption {
    public Unknown {
      if (kind < 2 || kind > 255) {
        throw new IllegalArgumentException(
            "a length-carrying option kind is in [2, 255]; got " + kind);
      }
      if (data.length + 2 > TcpOptions.MAX_LENGTH) {
        throw new IllegalArgumentException(
            "an option takes at most 40 bytes; this one takes " + (data.length + 2));
      }
      if (TcpOptions.interpreted(kind, data.length + 2)) {
        throw new IllegalArgumentException(
            "kind "
                + kind
                + " with "
                + data.length
                + " data bytes is a known option: use its record");
      }
    }

    public int length() {
      return 2 + data.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && kind == u.kind && Arrays.equals(data, u.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
      return "Unknown[kind=" + kind + ", data=" + Bounds.hex(data) + "]";
    }
  }
}
