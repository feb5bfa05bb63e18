package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How the CLI logs in to an upstream, as the rsync client does: the user from the URI ({@code
 * rsync://alice@host/module/}, else {@code USER}/{@code LOGNAME}), the password from {@code
 * --password-file} (its first line) or the {@code RSYNC_PASSWORD} environment variable. Never
 * printed.
 */
final class UpstreamLogin {
  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      order = 60,
      description =
          "Read the upstream password from the first line of FILE (else from RSYNC_PASSWORD).")
  @Nullable Path passwordFile;

  /** The repository with credentials when a password is given, else unchanged. */
  Repository apply(Repository repository) {
    return apply(repository, passwordFile, System.getenv());
  }

  static Repository apply(
      Repository repository, @Nullable Path passwordFile, Map<String, String> env) {
    if (repository.credentials() != null) {
      return repository;
    }
    String password = passwordFile != null ? firstLine(passwordFile) : env.get("RSYNC_PASSWORD");
    if (password == null) {
      return repository;
    }
    String user = repository.uri().getUserInfo();
    if (user == null) {
      user = env.getOrDefault("USER", env.getOrDefault("LOGNAME", "nobody"));
    }
    return repository.withCredentials(new Credentials(user, password));
  }

  private static String firstLine(Path file) {
    try {
      String text = Files.readString(file, UTF_8);
      int end = text.indexOf('\n');
      return (end < 0 ? text : text.substring(0, end)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the password file " + file, e);
    }
  }
}
