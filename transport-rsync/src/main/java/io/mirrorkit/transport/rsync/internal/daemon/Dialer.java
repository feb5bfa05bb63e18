package io.mirrorkit.transport.rsync.internal.daemon;

import io.mirrorkit.AddressFamily;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the TCP connection to a daemon as rsync's client does: the host's addresses of the wanted
 * family ({@code -4}/{@code -6}) in the resolver's order, each tried with the connect timeout
 * ({@code --contimeout}) until one answers.
 */
final class Dialer {
  private Dialer() {}

  static Socket dial(RsyncUri uri, Duration connectTimeout, AddressFamily family)
      throws IOException {
    List<InetAddress> addresses = addresses(uri, family);
    IOException last = null;
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(
            new InetSocketAddress(address, uri.port()),
            (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        return socket;
      } catch (IOException e) {
        socket.close();
        IOException reason =
            e instanceof SocketTimeoutException
                ? new IOException(
                    address.getHostAddress()
                        + " did not answer within the connect timeout of "
                        + connectTimeout.toMillis()
                        + " ms",
                    e)
                : new IOException(address.getHostAddress() + ": " + e.getMessage(), e);
        if (last != null) {
          reason.addSuppressed(last);
        }
        last = reason;
      }
    }
    throw new IOException(
        "cannot connect to rsync server "
            + uri.host()
            + ":"
            + uri.port()
            + " ("
            + last.getMessage()
            + "); check the host, the port and that an rsync daemon listens there",
        last);
  }

  private static List<InetAddress> addresses(RsyncUri uri, AddressFamily family)
      throws IOException {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(uri.host());
    } catch (UnknownHostException e) {
      throw new IOException(
          "cannot resolve the rsync server's host name " + uri.host() + "; check the URI", e);
    }
    List<InetAddress> wanted = new ArrayList<>();
    for (InetAddress a : all) {
      if (family == AddressFamily.ANY
          || (family == AddressFamily.IPV4 && a instanceof Inet4Address)
          || (family == AddressFamily.IPV6 && a instanceof Inet6Address)) {
        wanted.add(a);
      }
    }
    if (wanted.isEmpty()) {
      throw new IOException(
          "the rsync server's host "
              + uri.host()
              + " has no "
              + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6")
              + " address (it resolves to "
              + addressList(all)
              + "); connect without "
              + (family == AddressFamily.IPV4 ? "-4" : "-6"));
    }
    return wanted;
  }

  private static String addressList(InetAddress[] all) {
    List<String> s = new ArrayList<>();
    for (InetAddress a : all) {
      s.add(a.getHostAddress());
    }
    return String.join(", ", s);
  }
}
