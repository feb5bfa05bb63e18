package io.mirrorkit.format.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.gpg.keybox.KeyBlob;
import org.bouncycastle.gpg.keybox.PublicKeyRingBlob;
import org.bouncycastle.gpg.keybox.bc.BcKeyBox;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.jspecify.annotations.Nullable;

/**
 * The OpenPGP public keys of a keyring file: binary ({@code gpg --export}, Debian's {@code
 * /usr/share/keyrings/*.gpg}), ASCII-armored (one or several blocks, {@code gpg --armor --export})
 * or a GnuPG keybox ({@code pubring.kbx}). Immutable.
 */
final class Keyring {
  /** The largest keyring read (Debian's archive keyring is some tens of KB). */
  static final int MAX_BYTES = 16 << 20;

  private static final byte[] ARMOR = "-----BEGIN PGP".getBytes(US_ASCII);
  private static final byte[] KEYBOX_MAGIC = "KBXf".getBytes(US_ASCII);

  private final Path file;
  private final List<PGPPublicKeyRing> rings;

  private Keyring(Path file, List<PGPPublicKeyRing> rings) {
    this.file = file;
    this.rings = List.copyOf(rings);
  }

  /**
   * Reads {@code file}.
   *
   * @param forFile the repository file whose signature is to be checked, for messages
   * @throws MetadataException naming both files if the keyring cannot be read or holds no key
   */
  static Keyring read(Path file, MirrorPath forFile) throws MetadataException {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new MetadataException(
            forFile, "cannot check the signature: the keyring " + file + " is over 16 MB");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      if (e instanceof MetadataException m) {
        throw m;
      }
      throw new MetadataException(
          forFile,
          "cannot check the signature: the keyring " + file + " cannot be read (" + e + ")",
          e);
    }
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    try {
      if (isKeybox(bytes)) {
        readKeybox(bytes, rings);
      } else if (startsWithArmor(bytes)) {
        readArmored(bytes, rings);
      } else {
        readPackets(new ByteArrayInputStream(bytes), rings);
      }
    } catch (IOException | RuntimeException e) {
      throw new MetadataException(
          forFile,
          "cannot check the signature: the keyring "
              + file
              + " is not a file of OpenPGP public keys ("
              + e.getMessage()
              + "); give one exported with gpg --export (binary) or gpg --armor --export",
          e);
    }
    if (rings.isEmpty()) {
      throw new MetadataException(
          forFile,
          "cannot check the signature: the keyring "
              + file
              + " holds no OpenPGP public key; give one exported with gpg --export");
    }
    return new Keyring(file, rings);
  }

  /** The key (primary or subkey) with this key ID, or null. */
  @Nullable PGPPublicKey find(long keyId) {
    for (PGPPublicKeyRing ring : rings) {
      PGPPublicKey key = ring.getPublicKey(keyId);
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  /** The key (primary or subkey) with this fingerprint, or null. */
  @Nullable PGPPublicKey find(byte[] fingerprint) {
    for (PGPPublicKeyRing ring : rings) {
      PGPPublicKey key = ring.getPublicKey(fingerprint);
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  Path file() {
    return file;
  }

  private static boolean isKeybox(byte[] bytes) {
    return bytes.length >= 12 && Arrays.equals(bytes, 8, 12, KEYBOX_MAGIC, 0, 4);
  }

  private static boolean startsWithArmor(byte[] bytes) {
    int i = 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    return bytes.length - i >= ARMOR.length
        && Arrays.equals(bytes, i, i + ARMOR.length, ARMOR, 0, ARMOR.length);
  }

  private static void readKeybox(byte[] bytes, List<PGPPublicKeyRing> rings) throws IOException {
    BcKeyBox box = new BcKeyBox(bytes);
    for (KeyBlob blob : box.getKeyBlobs()) {
      if (blob instanceof PublicKeyRingBlob p) {
        rings.add(p.getPGPPublicKeyRing());
      }
    }
  }

  /** Every armored block in turn (concatenated {@code .asc} files are common). */
  private static void readArmored(byte[] bytes, List<PGPPublicKeyRing> rings) throws IOException {
    InputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
    while (true) {
      in.mark(1 << 16);
      if (!skipToArmor(in)) {
        return;
      }
      ArmoredInputStream armored = new ArmoredInputStream(in);
      readPackets(armored, rings);
    }
  }

  /** Skips blank lines up to the next armor header; false at the end. */
  private static boolean skipToArmor(InputStream in) throws IOException {
    while (true) {
      in.mark(1);
      int b = in.read();
      if (b < 0) {
        return false;
      }
      if (!Character.isWhitespace(b)) {
        in.reset();
        return true;
      }
    }
  }

  private static void readPackets(InputStream in, List<PGPPublicKeyRing> rings) throws IOException {
    BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
    Object o;
    while ((o = factory.nextObject()) != null) {
      if (o instanceof PGPPublicKeyRing ring) {
        rings.add(ring);
      } else if (o instanceof PGPSecretKeyRing secret) {
        rings.add(secret.toCertificate());
      }
      // markers, trust packets and stray signatures are not keys: skipped
    }
  }
}
