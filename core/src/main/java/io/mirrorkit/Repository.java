package io.mirrorkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An upstream to mirror: its URI ({@code rsync://host[:port]/module/path/}, {@code https://…/},
 * {@code ftp://…/}, {@code git://…}, {@code file:///…}), optional credentials and a display name.
 *
 * <p>A password written into the URI ({@code ftp://user:secret@host/}) is moved into {@link
 * #credentials()}; {@link #uri()}, {@link #toString()}, logs and exception messages never show a
 * password. Instances are immutable and thread-safe.
 */
public final class Repository {
  private final URI uri;
  private final @Nullable Credentials credentials;
  private final String displayName;

  private Repository(URI uri, @Nullable Credentials credentials, String displayName) {
    this.uri = uri;
    this.credentials = credentials;
    this.displayName = displayName;
  }

  /**
   * A repository at {@code uri}. A {@code user:password@} part moves into the credentials.
   *
   * @throws IllegalArgumentException if the URI has no scheme or is not absolute
   */
  public static Repository of(String uri) {
    try {
      return of(new URI(uri));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid repository URI: " + e.getMessage(), e);
    }
  }

  /** A repository at {@code uri}; see {@link #of(String)}. */
  public static Repository of(URI uri) {
    if (uri.getScheme() == null || !uri.isAbsolute()) {
      throw new IllegalArgumentException(
          "repository URI needs a scheme (rsync://, https://, ftp://, git://, file://): "
              + redact(uri));
    }
    Credentials credentials = null;
    String userInfo = uri.getRawUserInfo();
    URI clean = uri;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      if (colon >= 0) {
        credentials = new Credentials(user, decode(userInfo.substring(colon + 1)));
        clean = withoutPassword(uri, userInfo.substring(0, colon));
      }
    }
    URI normal = normalizeScheme(clean);
    return new Repository(normal, credentials, redact(normal));
  }

  /** A repository for a local directory ({@code file://}). */
  public static Repository of(Path directory) {
    return of(directory.toAbsolutePath().normalize().toUri());
  }

  /** Returns a copy with the given credentials (replacing any from the URI). */
  public Repository withCredentials(@Nullable Credentials newCredentials) {
    return new Repository(uri, newCredentials, displayName);
  }

  /** Returns a copy shown under the given name in logs and reports. */
  public Repository withDisplayName(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("display name is blank");
    }
    return new Repository(uri, credentials, name);
  }

  /** The URI, without any password. */
  public URI uri() {
    return uri;
  }

  /** The URI scheme in lower case, e.g. {@code rsync}. */
  public String scheme() {
    return uri.getScheme();
  }

  public @Nullable Credentials credentials() {
    return credentials;
  }

  public String displayName() {
    return displayName;
  }

  private static URI normalizeScheme(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals(uri.getScheme())) {
      return uri;
    }
    return URI.create(scheme + uri.toString().substring(scheme.length()));
  }

  /** The URI with its raw user info replaced by the raw user name: escapes elsewhere stay. */
  private static URI withoutPassword(URI uri, String rawUser) {
    String text = uri.toString();
    String from = "//" + uri.getRawUserInfo() + "@";
    int at = text.indexOf(from);
    return URI.create(
        text.substring(0, at) + "//" + rawUser + "@" + text.substring(at + from.length()));
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(
        s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The URI as text with any password replaced by {@code ****}: safe for logs and messages. */
  public static String redact(URI uri) {
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.indexOf(':') < 0) {
      return uri.toString();
    }
    return uri.toString()
        .replace(userInfo + "@", userInfo.substring(0, userInfo.indexOf(':')) + ":****@");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Repository
        && ((Repository) o).uri.equals(uri)
        && Objects.equals(((Repository) o).credentials, credentials);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, credentials);
  }

  @Override
  public String toString() {
    return displayName;
  }
}
