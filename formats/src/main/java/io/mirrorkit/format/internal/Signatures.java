package io.mirrorkit.format.internal;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.jspecify.annotations.Nullable;

/**
 * OpenPGP signature checks of repository metadata against a keyring of public keys (binary or
 * ASCII-armored, or a GnuPG keybox), on BouncyCastle's bcpg. RSA, DSA, ECDSA and EdDSA keys (what
 * {@code gpg --quick-gen-key} makes) are supported.
 *
 * <p>A file may carry several signatures (Debian signs with more than one key): as with apt, it is
 * good when at least one is by a key of the keyring and verifies, and none by a key of the keyring
 * fails. Signatures with the weak digests MD5, SHA-1 or RIPEMD-160, by a revoked key or by a key
 * that had expired when it signed are refused, as apt refuses them.
 *
 * <p>Failures are {@link MetadataException}s that name the file and say "signature by unknown key",
 * "bad signature" or "not signed". Stateless and thread-safe.
 */
public final class Signatures {
  /** The largest signature file read: a signature is a few hundred bytes per key. */
  public static final int MAX_SIGNATURE_BYTES = 1 << 20;

  private static final int MAX_SIGNATURES = 64;

  private Signatures() {}

  /**
   * Checks a detached signature ({@code Release.gpg}, {@code repomd.xml.asc}, {@code .db.sig};
   * binary or armored) of {@code data}.
   *
   * @param signed the signed file, for messages
   * @param signatureFile the signature's file, for messages
   * @throws MetadataException if no signature of a key in {@code keyring} verifies, or one fails
   */
  public static void verifyDetached(
      MirrorPath signed, byte[] data, MirrorPath signatureFile, byte[] signature, Path keyring)
      throws MetadataException {
    Keyring keys = Keyring.read(keyring, signed);
    List<PGPSignature> signatures;
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
      signatures = signatures(signatureFile, in);
    } catch (IOException e) {
      throw notSignature(signatureFile, e);
    }
    check(signed, signatures, keys, data);
  }

  /**
   * Checks a cleartext-signed message (Debian's {@code InRelease}) and returns the signed text,
   * which is what the caller must read: never the text around it. The text is as signed (RFC 4880
   * section 7.1): dash-escaping undone, each line without the trailing spaces and tabs the
   * signature does not cover, and each line ended by LF (the signature covers the lines, not how
   * they end).
   *
   * @throws MetadataException if {@code message} is not a cleartext-signed message, or no signature
   *     of a key in {@code keyring} verifies, or one fails
   */
  public static byte[] verifyCleartext(MirrorPath file, byte[] message, Path keyring)
      throws MetadataException {
    Cleartext cleartext = Cleartext.parse(file, message);
    Keyring keys = Keyring.read(keyring, file);
    List<PGPSignature> signatures;
    try (ArmoredInputStream in =
        new ArmoredInputStream(new ByteArrayInputStream(cleartext.signature()))) {
      signatures = signatures(file, in);
    } catch (IOException e) {
      throw notSignature(file, e);
    }
    check(file, signatures, keys, cleartext.canonical());
    return cleartext.text();
  }

  /**
   * The signed text of a cleartext-signed message, as {@link #verifyCleartext} returns it, without
   * checking the signature: for reading an {@code InRelease} when no keyring is given.
   *
   * @throws MetadataException if {@code message} is not a cleartext-signed message
   */
  public static byte[] cleartextBody(MirrorPath file, byte[] message) throws MetadataException {
    return Cleartext.parse(file, message).text();
  }

  private static List<PGPSignature> signatures(MirrorPath file, InputStream in) throws IOException {
    List<PGPSignature> found = new ArrayList<>();
    BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
    Object o;
    while ((o = factory.nextObject()) != null) {
      if (o instanceof PGPSignatureList list) {
        for (PGPSignature s : list) {
          found.add(s);
        }
      } else if (!(o instanceof PGPMarker)) {
        throw new MetadataException(
            file,
            "not signed: it holds an OpenPGP "
                + o.getClass().getSimpleName()
                + ", not a signature; the upstream's signature file is damaged");
      }
      if (found.size() > MAX_SIGNATURES) {
        throw new MetadataException(file, "more than " + MAX_SIGNATURES + " signatures");
      }
    }
    if (found.isEmpty()) {
      throw new MetadataException(file, "not signed: the signature file holds no signature");
    }
    return found;
  }

  private static MetadataException notSignature(MirrorPath file, IOException e) {
    if (e instanceof MetadataException m) {
      return m;
    }
    return new MetadataException(
        file,
        "not signed: the signature cannot be read ("
            + e.getMessage()
            + "); the upstream's signature is damaged or truncated",
        e);
  }

  /** Passes when one signature by a known key verifies and none by a known key fails. */
  private static void check(
      MirrorPath file, List<PGPSignature> signatures, Keyring keys, byte[] content)
      throws MetadataException {
    Set<String> unknown = new LinkedHashSet<>();
    @Nullable String refused = null;
    boolean good = false;
    for (PGPSignature s : signatures) {
      int type = s.getSignatureType();
      if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
        continue; // not a signature of a document
      }
      PGPPublicKey key = key(s, keys);
      if (key == null) {
        unknown.add(issuer(s));
        continue;
      }
      verify(file, s, key, content);
      String why = refusal(s, key);
      if (why == null) {
        good = true;
      } else if (refused == null) {
        refused = why;
      }
    }
    if (good) {
      return;
    }
    if (refused != null) {
      throw new MetadataException(file, refused);
    }
    if (!unknown.isEmpty()) {
      throw new MetadataException(
          file,
          "signature by unknown key "
              + String.join(", ", unknown)
              + "; add the key to the keyring ("
              + keys.file()
              + ") or check the upstream");
    }
    throw new MetadataException(file, "not signed: no signature of a document found");
  }

  private static void verify(MirrorPath file, PGPSignature s, PGPPublicKey key, byte[] content)
      throws MetadataException {
    String id = keyId(key.getKeyID());
    boolean ok;
    try {
      s.init(new BcPGPContentVerifierBuilderProvider(), key);
      s.update(content);
      ok = s.verify();
    } catch (PGPException | RuntimeException e) {
      throw new MetadataException(
          file, "bad signature: the signature by key " + id + " cannot be checked (" + e + ")", e);
    }
    if (!ok) {
      throw new MetadataException(
          file,
          "bad signature: the file was changed after it was signed (key "
              + id
              + "); the upstream is mid-update or the file was tampered with");
    }
  }

  /** Why a good signature does not count (as apt would not count it), or null when it does. */
  private static @Nullable String refusal(PGPSignature s, PGPPublicKey key) {
    String id = keyId(key.getKeyID());
    String weak = weakDigest(s.getHashAlgorithm());
    if (weak != null) {
      return "bad signature: signed by key "
          + id
          + " with the weak digest "
          + weak
          + ", which apt refuses too; the upstream must sign with SHA-256 or better";
    }
    if (key.hasRevocation()) {
      return "bad signature: the key " + id + " is revoked; remove it from the keyring";
    }
    long valid = key.getValidSeconds();
    if (valid > 0
        && s.getCreationTime().getTime() > key.getCreationTime().getTime() + valid * 1000) {
      return "bad signature: the key " + id + " had expired when it signed the file";
    }
    return null;
  }

  private static @Nullable PGPPublicKey key(PGPSignature s, Keyring keys) {
    for (PGPSignatureSubpacketVector v :
        List.of(s.getHashedSubPackets(), s.getUnhashedSubPackets())) {
      IssuerFingerprint fpr = v == null ? null : v.getIssuerFingerprint();
      if (fpr != null) {
        PGPPublicKey key = keys.find(fpr.getFingerprint());
        if (key != null) {
          return key;
        }
      }
    }
    return s.getKeyID() == 0 ? null : keys.find(s.getKeyID());
  }

  private static String issuer(PGPSignature s) {
    if (s.getKeyID() != 0) {
      return keyId(s.getKeyID());
    }
    PGPSignatureSubpacketVector v = s.getHashedSubPackets();
    IssuerFingerprint fpr = v == null ? null : v.getIssuerFingerprint();
    return fpr == null
        ? "(not named)"
        : HexFormat.of().formatHex(fpr.getFingerprint()).toUpperCase(Locale.ROOT);
  }

  private static String keyId(long id) {
    return String.format(Locale.ROOT, "%016X", id);
  }

  private static @Nullable String weakDigest(int algorithm) {
    return switch (algorithm) {
      case HashAlgorithmTags.MD5 -> "MD5";
      case HashAlgorithmTags.SHA1 -> "SHA-1";
      case HashAlgorithmTags.RIPEMD160 -> "RIPEMD-160";
      default -> null;
    };
  }
}
