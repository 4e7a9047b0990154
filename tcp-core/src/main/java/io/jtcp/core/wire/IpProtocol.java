package io.jtcp.core.wire;

/** IP protocol numbers the stack knows by name (IANA). */
public final class IpProtocol {
  public static final int ICMP = 1;
  public static final int TCP = 6;
  public static final int UDP = 17;

  private IpProtocol() {}
}
