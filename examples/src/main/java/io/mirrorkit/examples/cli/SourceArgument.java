package io.mirrorkit.examples.cli;

import io.mirrorkit.Repository;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;

/**
 * SOURCE as typed and as a {@link Repository}, and what follows from the text: rsync's trailing
 * slash rule and {@code --port}.
 *
 * <p>The trailing slash, as in rsync, for {@code rsync://}, {@code file://} and local paths only:
 * {@code rsync://host/mod/dir} (no slash) mirrors the directory {@code dir} itself, into {@code
 * TARGET/dir/}; {@code rsync://host/mod/dir/} mirrors its contents into TARGET. A module alone
 * ({@code rsync://host/mod}) is its contents either way, as in rsync. HTTP, FTP and git keep
 * mirroring into TARGET itself.
 *
 * @param text SOURCE as given on the command line
 * @param repository the upstream it names
 */
record SourceArgument(String text, Repository repository) {
  /** The schemes whose SOURCE follows rsync's trailing slash rule. */
  private static final Set<String> SLASH_RULE = Set.of("rsync", "file");

  /** Reads SOURCE with {@link SourceConverter}, keeping the text. */
  static final class Converter implements ITypeConverter<SourceArgument> {
    @Override
    public SourceArgument convert(String value) {
      return new SourceArgument(value, new SourceConverter().convert(value));
    }
  }

  /**
   * The name of the directory that SOURCE names without a trailing slash, which rsync creates in
   * TARGET; {@code null} when the contents go into TARGET itself.
   */
  @Nullable String copiedDirectory() {
    if (!SLASH_RULE.contains(repository.scheme())) {
      return null;
    }
    String path = text.contains("://") ? repository.uri().getPath() : text;
    if (path == null || path.isEmpty() || path.endsWith("/") || path.endsWith("/.")) {
      return null;
    }
    if (repository.scheme().equals("rsync") && path.indexOf('/', 1) < 0) {
      return null; // rsync://host/module: the module's contents, as rsync does
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.equals("..") || name.equals(".") ? null : name;
  }

  /**
   * The directory the mirror goes into: TARGET, or {@code TARGET/NAME} for a SOURCE without a
   * trailing slash (see the class comment).
   *
   * @throws IllegalArgumentException if TARGET, or the directory in it, is a file
   */
  Path mirrorDirectory(Path target) {
    requireNotAFile(target, "TARGET");
    String name = copiedDirectory();
    if (name == null) {
      return target;
    }
    Path into = target.resolve(name);
    requireNotAFile(into, "TARGET/" + name + " (SOURCE has no trailing slash)");
    return into;
  }

  private static void requireNotAFile(Path path, String what) {
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          what
              + " is a file: "
              + path
              + " must be a directory (or missing: it is created). Give another TARGET");
    }
  }

  /**
   * The repository at {@code port} ({@code --port}): the URI's port is set; one the URI names
   * already must agree.
   *
   * @throws IllegalArgumentException for a local SOURCE or a URI with another port
   */
  Repository withPort(@Nullable Integer port) {
    if (port == null) {
      return repository;
    }
    URI uri = repository.uri();
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--port needs a SOURCE on a network host (rsync://HOST/module/), not " + text);
    }
    if (uri.getPort() == port) {
      return repository;
    }
    if (uri.getPort() != -1) {
      throw new IllegalArgumentException(
          "--port="
              + port
              + " and the port "
              + uri.getPort()
              + " in SOURCE disagree; give the port once");
    }
    try {
      URI moved =
          new URI(
              uri.getScheme(),
              uri.getUserInfo(),
              uri.getHost(),
              port,
              uri.getPath(),
              uri.getQuery(),
              uri.getFragment());
      return Repository.of(moved).withCredentials(repository.credentials());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--port: " + e.getMessage(), e);
    }
  }
}
