package io.mirrorkit.format;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A GnuPG home in a temporary directory with throwaway keys (no passphrase), for signing test
 * repositories with the real {@code gpg}. {@link #close()} stops the gpg-agent it started.
 */
public final class ThrowawayGpg implements AutoCloseable {
  private final Path home;

  private ThrowawayGpg(Path home) {
    this.home = home;
  }

  /** A new, empty GnuPG home at {@code home} (created); skips the test without gpg. */
  public static ThrowawayGpg create(Path home) throws IOException {
    Interop.requireProgram("gpg", "gnupg");
    Files.createDirectories(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    return new ThrowawayGpg(home);
  }

  /** The home directory, for {@code GNUPGHOME}. */
  public Path home() {
    return home;
  }

  /**
   * Makes a signing key and returns its fingerprint.
   *
   * @param algorithm {@code "default"} (gpg's own: RSA 3072 with gpg 2.2), {@code "ed25519"},
   *     {@code "nistp256"}, {@code "rsa2048"}, …
   */
  public String generateKey(String uid, String algorithm) throws IOException {
    gpg("--quick-gen-key", uid, algorithm, "default".equals(algorithm) ? "default" : "sign", "1y");
    String colons = gpg("--with-colons", "--list-keys", "=" + uid).stdout();
    for (String line : colons.split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new IOException("gpg made no key for " + uid + ":\n" + colons);
  }

  /** Writes the public key {@code fingerprint} (binary or armored) to {@code file}. */
  public Path export(Path file, boolean armor, String... fingerprints) throws IOException {
    List<String> args = new ArrayList<>(List.of("--yes", "--output", file.toString()));
    if (armor) {
      args.add("--armor");
    }
    args.add("--export");
    args.addAll(List.of(fingerprints));
    gpg(args.toArray(String[]::new));
    return file;
  }

  /** Signs {@code file} into {@code signature} (detached), with every key given. */
  public Path detachSign(Path file, Path signature, boolean armor, String... keys)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--yes", "--output", signature.toString()));
    for (String k : keys) {
      args.addAll(List.of("--local-user", k));
    }
    if (armor) {
      args.add("--armor");
    }
    args.addAll(List.of("--detach-sign", file.toString()));
    gpg(args.toArray(String[]::new));
    return signature;
  }

  /** Cleartext-signs {@code file} into {@code out}, with every key given. */
  public Path clearSign(Path file, Path out, String... keys) throws IOException {
    List<String> args = new ArrayList<>(List.of("--yes", "--output", out.toString()));
    for (String k : keys) {
      args.addAll(List.of("--local-user", k));
    }
    args.addAll(List.of("--clearsign", file.toString()));
    gpg(args.toArray(String[]::new));
    return out;
  }

  /** Runs gpg in batch mode on this home. */
  public Command.Result gpg(String... args) throws IOException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "gpg",
                "--batch",
                "--no-tty",
                "--homedir",
                home.toString(),
                "--passphrase",
                "",
                "--pinentry-mode",
                "loopback"));
    argv.addAll(List.of(args));
    return Command.of(argv).env("GNUPGHOME", home.toString()).runChecked();
  }

  /** Stops the gpg-agent of this home (gpg starts one on first use). */
  @Override
  public void close() throws IOException {
    Command.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
        .env("GNUPGHOME", home.toString())
        .run();
  }
}
