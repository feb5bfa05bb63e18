package io.mirrorkit.format.internal;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.nio.file.Path;

/**
 * OpenPGP signature checks of repository metadata against a keyring of public keys (binary or
 * ASCII-armored), on BouncyCastle's bcpg. Failures are {@link MetadataException}s that name the
 * file and say "signature by unknown key", "bad signature" or "not signed".
 */
public final class Signatures {
  private Signatures() {}

  /**
   * Checks a detached signature ({@code Release.gpg}, {@code repomd.xml.asc}, {@code .db.sig};
   * binary or armored) of {@code data}.
   *
   * @param signed the signed file, for messages
   * @param signatureFile the signature's file, for messages
   */
  public static void verifyDetached(
      MirrorPath signed, byte[] data, MirrorPath signatureFile, byte[] signature, Path keyring)
      throws MetadataException {
    throw new MetadataException(signed, "signature checks are not implemented yet");
  }

  /**
   * Checks a cleartext-signed message (Debian's {@code InRelease}) and returns the signed text
   * (dash-escaping undone), which is what the caller must read: never the text around it.
   */
  public static byte[] verifyCleartext(MirrorPath file, byte[] message, Path keyring)
      throws MetadataException {
    throw new MetadataException(file, "signature checks are not implemented yet");
  }
}
