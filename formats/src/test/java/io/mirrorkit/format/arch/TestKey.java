package io.mirrorkit.format.arch;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A throwaway OpenPGP signing key in its own GnuPG home: signs files, exports its public key as a
 * keyring. {@link #close} stops the gpg-agent the home started.
 */
final class TestKey implements AutoCloseable {
  private final Path home;
  final Path keyring;

  private TestKey(Path home, Path keyring) {
    this.home = home;
    this.keyring = keyring;
  }

  /** A new ed25519 key in {@code dir} (kept short: gpg-agent's socket path is limited). */
  static TestKey create(Path dir) throws IOException {
    Interop.requireProgram("gpg", "gpg");
    Path home =
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    TestKey key = new TestKey(home, dir.resolveSibling(dir.getFileName() + ".pub"));
    key.env(
            Command.of(
                "gpg",
                "--batch",
                "--passphrase",
                "",
                "--quick-gen-key",
                "Mirrorkit Test <test@example.invalid>",
                "ed25519",
                "sign",
                "never"))
        .runChecked();
    key.env(Command.of("gpg", "--batch", "--output", key.keyring.toString(), "--export"))
        .runChecked();
    return key;
  }

  /** {@code command} run with this key's GnuPG home. */
  Command env(Command command) {
    return command.env("GNUPGHOME", home.toString());
  }

  /**
   * Makes the GnuPG home {@code gpgHome} (a client's, such as pacman's GPGDir) hold this key's
   * public key, trusted ultimately, so that its signatures are valid there.
   */
  void trustIn(Path gpgHome) throws IOException {
    Command.of("gpg", "--homedir", gpgHome.toString(), "--batch", "--import", keyring.toString())
        .runChecked();
    String fingerprint = null;
    String listing =
        Command.of("gpg", "--homedir", gpgHome.toString(), "--with-colons", "--list-keys")
            .runChecked()
            .stdout();
    for (String line : listing.split("\n")) {
      if (line.startsWith("fpr:")) {
        fingerprint = line.split(":")[9];
        break;
      }
    }
    Path trust = gpgHome.resolve("ownertrust.txt");
    Files.writeString(trust, fingerprint + ":6:\n");
    Command.of(
            "gpg",
            "--homedir",
            gpgHome.toString(),
            "--batch",
            "--import-ownertrust",
            trust.toString())
        .runChecked();
  }

  /** Writes {@code file.sig}, a binary detached signature, as makepkg --sign does. */
  Path sign(Path file) throws IOException {
    Path sig = file.resolveSibling(file.getFileName() + ".sig");
    env(Command.of(
            "gpg",
            "--batch",
            "--detach-sign",
            "--no-armor",
            "--output",
            sig.toString(),
            file.toString()))
        .runChecked();
    return sig;
  }

  @Override
  public void close() throws IOException {
    env(Command.of("gpgconf", "--kill", "gpg-agent")).run();
  }
}
