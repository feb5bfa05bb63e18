package io.mirrorkit.transport.rsync.internal.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code hosts allow} and {@code hosts deny} as rsync's access.c applies them: entries are
 * addresses, {@code addr/bits} or {@code addr/netmask} (IPv4 and IPv6), or host-name wildcards
 * matched against the client's reverse-resolved name. With both lists, a client the allow list
 * matches is let in, else one the deny list matches is kept out, else it is let in; with only an
 * allow list, a client it does not match is kept out.
 */
public final class HostAccess {
  private static final Pattern ADDRESS_LIKE = Pattern.compile("[0-9a-fA-F:.]+(/[0-9a-fA-F:.]+)?");

  private HostAccess() {}

  /** Checks one entry's form; returns it unchanged. */
  public static String validate(String entry) {
    String e = entry.strip();
    if (e.isEmpty() || e.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("hosts entry \"" + entry + "\" must be one word");
    }
    if (e.contains("/")) {
      String[] parts = e.split("/", 2);
      if (!ADDRESS_LIKE.matcher(e).matches() || literal(parts[0]) == null) {
        throw new IllegalArgumentException(
            "hosts entry \"" + entry + "\" is not an address/bits or address/netmask");
      }
      if (parts[1].contains(".") || parts[1].contains(":")) {
        if (literal(parts[1]) == null) {
          throw new IllegalArgumentException("hosts entry \"" + entry + "\" has a bad netmask");
        }
      } else {
        int bits = Integer.parseInt(parts[1]);
        int max = literal(parts[0]).getAddress().length * 8;
        if (bits < 0 || bits > max) {
          throw new IllegalArgumentException(
              "hosts entry \"" + entry + "\" has " + bits + " bits; expected 0 to " + max);
        }
      }
    }
    return e;
  }

  /** Whether a client at {@code address} may connect. */
  public static boolean allowed(InetAddress address, List<String> allow, List<String> deny) {
    if (!allow.isEmpty()) {
      if (matchesAny(address, allow)) {
        return true;
      }
      if (deny.isEmpty()) {
        return false;
      }
    }
    return !matchesAny(address, deny);
  }

  static boolean matchesAny(InetAddress address, List<String> entries) {
    String name = null;
    for (String entry : entries) {
      if (entry.contains("/") || literal(entry) != null) {
        if (matchesAddress(address, entry)) {
          return true;
        }
      } else {
        if (name == null) {
          name = address.getCanonicalHostName().toLowerCase(Locale.ROOT);
        }
        if (Glob.matchesIgnoreCase(entry, name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matchesAddress(InetAddress address, String entry) {
    byte[] client = normalise(address.getAddress());
    String[] parts = entry.split("/", 2);
    InetAddress net = literal(parts[0]);
    if (net == null) {
      return false;
    }
    byte[] base = normalise(net.getAddress());
    if (base.length != client.length) {
      return false;
    }
    byte[] mask = new byte[base.length];
    if (parts.length == 1) {
      java.util.Arrays.fill(mask, (byte) 0xFF);
    } else if (parts[1].contains(".") || parts[1].contains(":")) {
      InetAddress m = literal(parts[1]);
      if (m == null || m.getAddress().length != base.length) {
        return false;
      }
      mask = m.getAddress();
    } else {
      int bits = Integer.parseInt(parts[1]);
      if (base.length == 16 && net.getAddress().length == 4) {
        bits += 96;
      }
      for (int i = 0; i < mask.length; i++) {
        int b = Math.max(0, Math.min(8, bits - 8 * i));
        mask[i] = (byte) (0xFF00 >> b);
      }
    }
    for (int i = 0; i < base.length; i++) {
      if ((base[i] & mask[i]) != (client[i] & mask[i])) {
        return false;
      }
    }
    return true;
  }

  /** IPv4 as is; an IPv4-mapped IPv6 address as its IPv4 address. */
  private static byte[] normalise(byte[] a) {
    if (a.length == 16) {
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= a[i] == 0;
      }
      mapped &= a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
      if (mapped) {
        return java.util.Arrays.copyOfRange(a, 12, 16);
      }
    }
    return a;
  }

  /** The address an IP literal names (no DNS), or null. */
  static InetAddress literal(String s) {
    if (s.isEmpty() || !ADDRESS_LIKE.matcher(s).matches()) {
      return null;
    }
    if (!s.contains(":") && !s.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
