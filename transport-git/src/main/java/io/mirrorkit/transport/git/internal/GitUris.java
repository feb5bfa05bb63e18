package io.mirrorkit.transport.git.internal;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.jspecify.annotations.Nullable;

/** Maps mirrorkit repository URIs onto the URIs JGit's transports understand. */
public final class GitUris {
  private GitUris() {}

  /** Whether a front end should route {@code uri} to the git engine. */
  public static boolean handles(URI uri, boolean smartHttp) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "git":
      case "git+http":
      case "git+https":
      case "git+file":
        return true;
      case "http":
      case "https":
        return smartHttp;
      default:
        return false;
    }
  }

  /**
   * The JGit URI for a repository URI: {@code git+https://…} loses its {@code git+}; {@code
   * git://}, {@code http(s)://} and {@code file://} stay as they are.
   *
   * @throws IllegalArgumentException for another scheme
   */
  public static URIish toJgit(URI uri) {
    String text = uri.toString();
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "git":
      case "http":
      case "https":
      case "file":
        break;
      case "git+http":
      case "git+https":
      case "git+file":
        text = text.substring("git+".length());
        break;
      default:
        throw new IllegalArgumentException(
            "the git engine mirrors git://, git+https://, git+http://, https://, http:// and"
                + " file:// repositories, not "
                + scheme
                + "://: "
                + Repository.redact(uri));
    }
    try {
      return new URIish(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a git repository URI: " + Repository.redact(uri), e);
    }
  }

  /** HTTP basic credentials for JGit, or null. */
  public static @Nullable CredentialsProvider credentials(Repository repository) {
    Credentials c = repository.credentials();
    if (c == null) {
      return null;
    }
    return new UsernamePasswordCredentialsProvider(c.user(), c.password());
  }
}
