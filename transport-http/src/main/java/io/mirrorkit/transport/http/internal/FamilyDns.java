package io.mirrorkit.transport.http.internal;

import io.mirrorkit.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * Name resolution kept to one address family ({@link io.mirrorkit.SyncOptions#addressFamily()},
 * rsync's {@code -4}/{@code -6}). One instance per family, so that sessions with the same family
 * share pooled connections (OkHttp pools by address, resolver included). Thread-safe.
 */
final class FamilyDns implements Dns {
  private static final FamilyDns IPV4 = new FamilyDns(AddressFamily.IPV4, Dns.SYSTEM);
  private static final FamilyDns IPV6 = new FamilyDns(AddressFamily.IPV6, Dns.SYSTEM);

  private final AddressFamily family;
  private final Dns delegate;

  FamilyDns(AddressFamily family, Dns delegate) {
    this.family = family;
    this.delegate = delegate;
  }

  /** The resolver for {@code family}: the system's for {@link AddressFamily#ANY}. */
  static Dns of(AddressFamily family) {
    return switch (family) {
      case IPV4 -> IPV4;
      case IPV6 -> IPV6;
      default -> Dns.SYSTEM;
    };
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> all = delegate.lookup(host);
    List<InetAddress> usable = new ArrayList<>();
    for (InetAddress a : all) {
      if (matches(family, a)) {
        usable.add(a);
      }
    }
    if (usable.isEmpty()) {
      throw noAddress(host, family, all);
    }
    return usable;
  }

  static boolean matches(AddressFamily family, InetAddress a) {
    return family == AddressFamily.ANY
        || (family == AddressFamily.IPV4 && a instanceof Inet4Address)
        || (family == AddressFamily.IPV6 && a instanceof Inet6Address);
  }

  static UnknownHostException noAddress(String host, AddressFamily family, List<InetAddress> all) {
    return new UnknownHostException(
        "the host \""
            + host
            + "\" has no "
            + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6")
            + " address (SyncOptions.addressFamily is "
            + family
            + "; it resolves to "
            + all.stream().map(InetAddress::getHostAddress).toList()
            + "); use another address family or host");
  }
}
