package io.mirrorkit.transport.rsync.internal.daemon;

import io.mirrorkit.Repository;
import java.net.URI;

/**
 * An {@code rsync://host[:port]/module[/path]/} URI taken apart. An empty module means the server's
 * module list.
 *
 * @param host the host
 * @param port the port (873 by default)
 * @param module the module, empty for the module list
 * @param path the path inside the module, without leading or trailing slash, maybe empty
 */
public record RsyncUri(String host, int port, String module, String path) {
  public static final int DEFAULT_PORT = 873;

  public static RsyncUri parse(URI uri) {
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "rsync URI needs a host: " + Repository.redact(uri) + " (rsync://host[:port]/module/)");
    }
    String p = uri.getPath() == null ? "" : uri.getPath();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    int slash = p.indexOf('/');
    String module = slash < 0 ? p : p.substring(0, slash);
    String path = slash < 0 ? "" : p.substring(slash + 1);
    return new RsyncUri(
        uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), module, path);
  }

  /** The source argument the server's sender gets: {@code module/path/} (contents of the dir). */
  public String sourceArgument() {
    return module + "/" + (path.isEmpty() ? "" : path + "/");
  }

  @Override
  public String toString() {
    return "rsync://"
        + host
        + (port == DEFAULT_PORT ? "" : ":" + port)
        + "/"
        + module
        + (path.isEmpty() ? "" : "/" + path)
        + "/";
  }
}
