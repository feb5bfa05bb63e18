package io.mirrorkit;

/** Which IP version a transport connects with ({@code rsync -4}/{@code -6}). */
public enum AddressFamily {
  /** Whatever the name resolves to, in the resolver's order. */
  ANY,
  /** IPv4 addresses only ({@code -4}). */
  IPV4,
  /** IPv6 addresses only ({@code -6}). */
  IPV6
}
