package io.jtcp.core.wire;

import java.util.NoSuchElementException;

/**
 * The outcome of parsing untrusted bytes into a record: a value, or the reason the bytes were
 * dropped.
 *
 * @param <T> the record type
 */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Dropped {

  /** A successfully parsed value. */
  record Ok<T>(T value) implements Parsed<T> {}

  /** Bytes that cannot be parsed, and why. */
  record Dropped<T>(DropReason reason) implements Parsed<T> {}

  static <T> Parsed<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Parsed<T> dropped(DropReason reason) {
    return new Dropped<>(reason);
  }

  /** Whether this is a value. */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /**
   * The value, for callers that have already established the bytes are valid (tests, tools).
   *
   * @throws NoSuchElementException naming the drop reason, if the bytes were dropped
   */
  default T orElseThrow() {
    return switch (this) {
      case Ok<T>(T value) -> value;
      case Dropped<T>(DropReason reason) ->
          throw new NoSuchElementException("frame dropped: " + reason.description());
    };
  }
}
