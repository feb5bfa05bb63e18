package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How the CLI logs in to an upstream. The password comes from {@code --password-file} (its first
 * line), else from the environment: {@code RSYNC_PASSWORD} for {@code rsync://}, as the rsync
 * client does, and {@code MIRRORKIT_PASSWORD} for any upstream. The user is the one in the URI
 * ({@code rsync://alice@host/module/}, {@code ftp://alice@host/pub/}); for {@code rsync://} it
 * defaults to {@code USER} or {@code LOGNAME}, as in rsync. Other upstreams without a user in the
 * URI are reached anonymously, so a password from the environment is ignored for them, while {@code
 * --password-file} without a user is an error. Local upstreams ({@code file://}, {@code
 * git+file://}) take no password. A password is never printed.
 */
@Command(
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  RSYNC_PASSWORD      The password for an rsync:// upstream.",
      "  MIRRORKIT_PASSWORD  The password for any upstream: for rsync:// when",
      "                      RSYNC_PASSWORD is not set; for http, https, ftp and git",
      "                      when the URI names the user (ftp://alice@host/pub/).",
      "  --password-file wins over both."
    })
final class UpstreamLogin {
  private static final Set<String> LOCAL = Set.of("file", "git+file");

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      order = 60,
      description =
          "Read the upstream password from the first line of FILE (else from RSYNC_PASSWORD or"
              + " MIRRORKIT_PASSWORD). The user is the one in the URI (ftp://alice@host/pub/);"
              + " for rsync:// it defaults to USER.")
  @Nullable Path passwordFile;

  @Option(
      names = "--no-strict-password-file",
      order = 60,
      description =
          "Accept a --password-file that other users can read (rsync refuses it, and so does"
              + " mirrorkit by default).")
  boolean notStrict;

  /** The repository with credentials when a password is given, else unchanged. */
  Repository apply(Repository repository) {
    if (passwordFile != null && !notStrict) {
      checkPrivate(passwordFile);
    }
    return apply(repository, passwordFile, System.getenv());
  }

  /**
   * Refuses a password file that others can access, as rsync does ("password file must not be
   * other-accessible"). On a file system without POSIX permissions there is nothing to check.
   *
   * @throws IllegalArgumentException if others may read, write or run {@code file}
   */
  static void checkPrivate(Path file) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the password file " + file, e);
    }
    if (permissions.contains(PosixFilePermission.OTHERS_READ)
        || permissions.contains(PosixFilePermission.OTHERS_WRITE)
        || permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
      throw new IllegalArgumentException(
          "password file must not be other-accessible: "
              + file
              + " is "
              + PosixFilePermissions.toString(permissions)
              + "; run chmod o-rwx "
              + file
              + " (or give --no-strict-password-file)");
    }
  }

  /**
   * @throws IllegalArgumentException if {@code passwordFile} is given for an upstream other than
   *     rsync whose URI names no user
   */
  static Repository apply(
      Repository repository, @Nullable Path passwordFile, Map<String, String> env) {
    String scheme = repository.scheme();
    if (repository.credentials() != null || LOCAL.contains(scheme)) {
      return repository;
    }
    boolean rsync = scheme.equals("rsync");
    String password;
    if (passwordFile != null) {
      password = firstLine(passwordFile);
    } else {
      password = rsync ? env.get("RSYNC_PASSWORD") : null;
      if (password == null) {
        password = env.get("MIRRORKIT_PASSWORD");
      }
    }
    if (password == null) {
      return repository;
    }
    String user = repository.uri().getUserInfo();
    if (user == null && rsync) {
      user = env.getOrDefault("USER", env.getOrDefault("LOGNAME", "nobody"));
    }
    if (user == null) {
      if (passwordFile != null) {
        throw new IllegalArgumentException(
            "--password-file needs the user name in the URI, as in " + scheme + "://USER@HOST/");
      }
      return repository; // anonymous: the password in the environment is for another upstream
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
