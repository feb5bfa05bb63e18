package io.mirrorkit.transport.ftp.internal;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code ftp://[user[:password]@]host[:port]/path/}. The path is relative to the login
 * directory (RFC 1738, as lftp reads it) unless it starts with {@code %2F} (or a second {@code /}).
 * {@link #toString()} never shows the password.
 */
public record FtpUri(
    String host,
    int port,
    String path,
    boolean absolute,
    String user,
    String password,
    boolean anonymous,
    String display) {

  static final int DEFAULT_PORT = 21;

  /**
   * Parses a repository's URI; credentials come from the repository (a user in the URI without a
   * password logs in with an empty password).
   *
   * @throws IllegalArgumentException if the URI is not an {@code ftp://} URI with a host, or its
   *     path holds a character that cannot be sent in an FTP command
   */
  public static FtpUri parse(Repository repository) {
    URI uri = repository.uri();
    String display = Repository.redact(uri);
    if (!"ftp".equals(uri.getScheme())) {
      throw new IllegalArgumentException("not an ftp:// URI: " + display);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("ftp:// URI without a host: " + display);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "ftp:// URI with a query or fragment (encode ? as %3F and # as %23): " + display);
    }
    String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
    boolean absolute = false;
    if (raw.startsWith("/")) {
      raw = raw.substring(1);
    }
    if (raw.regionMatches(true, 0, "%2F", 0, 3)) {
      absolute = true;
      raw = raw.substring(3);
    } else if (raw.startsWith("/")) {
      // ftp://host//srv/: also what Repository makes of /%2F when it moves a password out
      absolute = true;
    }
    String path = decode(raw);
    if (path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\0') >= 0) {
      // it would end an FTP command early and start another
      throw new IllegalArgumentException(
          "ftp:// URI whose path holds CR, LF or NUL (%0D, %0A, %00): " + display);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    Credentials credentials = repository.credentials();
    String user;
    String password;
    boolean anonymous;
    if (credentials != null) {
      user = credentials.user();
      password = credentials.password();
      anonymous = false;
    } else if (uri.getUserInfo() != null && !uri.getUserInfo().isEmpty()) {
      user = uri.getUserInfo();
      password = "";
      anonymous = false;
    } else {
      user = "anonymous";
      password = "mirrorkit@";
      anonymous = true;
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    return new FtpUri(uri.getHost(), port, path, absolute, user, password, anonymous, display);
  }

  /** The absolute directory to mirror, given the login directory ({@code PWD}). */
  public String base(@Nullable String home) {
    if (absolute) {
      return "/" + path;
    }
    String h = home == null || home.isEmpty() ? "/" : home;
    if (path.isEmpty()) {
      return h;
    }
    return h.endsWith("/") ? h + path : h + "/" + path;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return display;
  }
}
