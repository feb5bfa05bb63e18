package io.mirrorkit.format.arch;

import io.mirrorkit.format.ThrowawayGpg;
import io.mirrorkit.testkit.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One throwaway ed25519 signing key in its own GnuPG home ({@link ThrowawayGpg}): signs files as
 * makepkg and repo-add do, exports its public key as a keyring, makes a client's GnuPG home trust
 * it. {@link #close} stops the gpg-agent the home started.
 */
final class TestKey implements AutoCloseable {
  private final ThrowawayGpg gpg;
  private final String fingerprint;
  final Path keyring;

  private TestKey(ThrowawayGpg gpg, String fingerprint, Path keyring) {
    this.gpg = gpg;
    this.fingerprint = fingerprint;
    this.keyring = keyring;
  }

  /** A new key in the GnuPG home {@code dir} (kept short: gpg-agent's socket path is limited). */
  static TestKey create(Path dir) throws IOException {
    ThrowawayGpg gpg = ThrowawayGpg.create(dir);
    String fingerprint = gpg.generateKey("Mirrorkit Test <test@example.invalid>", "ed25519");
    Path keyring = gpg.export(dir.resolveSibling(dir.getFileName() + ".pub"), false, fingerprint);
    return new TestKey(gpg, fingerprint, keyring);
  }

  /** {@code command} run with this key's GnuPG home (repo-add --sign signs with its key). */
  Command env(Command command) {
    return command.env("GNUPGHOME", gpg.home().toString());
  }

  /** Writes {@code file.sig}, a binary detached signature, as makepkg --sign does. */
  Path sign(Path file) throws IOException {
    return gpg.detachSign(file, file.resolveSibling(file.getFileName() + ".sig"), false);
  }

  /**
   * Makes the GnuPG home {@code gpgHome} (a client's, such as pacman's GPGDir) hold this key's
   * public key, trusted ultimately, so that its signatures are valid there.
   */
  void trustIn(Path gpgHome) throws IOException {
    Command.of("gpg", "--homedir", gpgHome.toString(), "--batch", "--import", keyring.toString())
        .runChecked();
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

  @Override
  public void close() throws IOException {
    gpg.close();
  }
}
