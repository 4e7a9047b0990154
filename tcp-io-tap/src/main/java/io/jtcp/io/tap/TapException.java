package io.jtcp.io.tap;

import io.jtcp.io.linux.Libc;
import java.io.IOException;

/**
 * A TAP or TUN device could not be opened or used. The message says what to do; {@link #errno()}
 * and {@link #errnoName()} give the system call's error for programs that branch on it.
 */
public final class TapException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  TapException(String message, int errno) {
    super(message);
    this.errno = errno;
  }

  /** The errno of the call that failed, or 0 when no system call failed. */
  public int errno() {
    return errno;
  }

  /** The errno's symbolic name, e.g. "EPERM", or "" when no system call failed. */
  public String errnoName() {
    if (errno == 0) {
      return "";
    }
    return Libc.errnoName(errno);
  }
}
