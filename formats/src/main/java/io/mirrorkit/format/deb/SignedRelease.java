package io.mirrorkit.format.deb;

import io.mirrorkit.Checksum;
import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.format.internal.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A distribution's root files ({@code InRelease}, {@code Release}, {@code Release.gpg}) read and,
 * with a keyring, checked: the Release text a mirror goes by (the signed text of {@code InRelease}
 * when there is one, as apt prefers it) and the root files that exist, to be published after the
 * indices ({@code Release} and {@code Release.gpg}, then {@code InRelease}).
 *
 * @param release the parsed Release text
 * @param releaseFiles {@code Release} and {@code Release.gpg}, those that exist, with the size and
 *     SHA-256 of the bytes read
 * @param inRelease {@code InRelease} if it exists, likewise
 */
record SignedRelease(
    ReleaseFile release, PackageList releaseFiles, PackageList.@Nullable Entry inRelease) {
  /** The largest root file read: a Release of a large archive is well under 1 MB. */
  static final int MAX_BYTES = 32 << 20;

  /**
   * Reads the root files of the distribution in {@code distDir}.
   *
   * @param keyring the keys the signatures must verify against, or null to not check them
   * @throws MetadataException if there is no Release, it is malformed, or with a keyring it is not
   *     signed or its signature does not verify
   */
  static SignedRelease read(RepositoryFiles files, MirrorPath distDir, @Nullable Path keyring)
      throws IOException {
    MirrorPath inPath = distDir.resolve("InRelease");
    MirrorPath releasePath = distDir.resolve("Release");
    MirrorPath gpgPath = distDir.resolve("Release.gpg");
    byte[] in = readAll(files, inPath);
    byte[] release = readAll(files, releasePath);
    byte[] gpg = release == null ? null : readAll(files, gpgPath);
    if (in == null && release == null) {
      throw new MetadataException(
          releasePath,
          "missing, and so is InRelease: is "
              + distDir.name()
              + " a distribution of this archive (the repository root must hold dists/ and"
              + " pool/)?");
    }
    byte[] text;
    if (in != null) {
      text =
          keyring == null
              ? Signatures.cleartextBody(inPath, in)
              : Signatures.verifyCleartext(inPath, in, keyring);
      if (keyring != null && release != null) {
        checkRelease(releasePath, release, gpgPath, gpg, keyring, text);
      }
    } else {
      if (keyring != null) {
        if (gpg == null) {
          throw new MetadataException(
              releasePath,
              "not signed: there is neither InRelease nor Release.gpg, and a keyring was given;"
                  + " mirror it without --keyring if the upstream is unsigned");
        }
        Signatures.verifyDetached(releasePath, release, gpgPath, gpg, keyring);
      }
      text = release;
    }
    ReleaseFile parsed = ReleaseFile.parse(in != null ? inPath : releasePath, distDir, text);
    Instant validUntil = parsed.validUntil();
    if (keyring != null && validUntil != null && validUntil.isBefore(Instant.now())) {
      // as apt: a signed Release past its Valid-Until is refused (a replayed or frozen archive)
      throw new MetadataException(
          parsed.file(),
          "expired: its Valid-Until ("
              + validUntil
              + ") has passed, so apt would refuse it; the upstream has stopped updating or serves"
              + " an old copy: sync from another upstream, or mirror without --keyring");
    }
    PackageList.Builder root = PackageList.builder();
    if (release != null) {
      root.add(entry(releasePath, release));
    }
    if (gpg != null) {
      root.add(entry(gpgPath, gpg));
    }
    return new SignedRelease(parsed, root.build(), in == null ? null : entry(inPath, in));
  }

  /**
   * With a verified InRelease, a Release published beside it must be signed too, or be the very
   * text InRelease signs: clients that read it must not get what the keyring did not vouch for.
   */
  private static void checkRelease(
      MirrorPath releasePath,
      byte[] release,
      MirrorPath gpgPath,
      byte @Nullable [] gpg,
      Path keyring,
      byte[] signedText)
      throws MetadataException {
    if (gpg != null) {
      Signatures.verifyDetached(releasePath, release, gpgPath, gpg, keyring);
    } else if (!Arrays.equals(release, signedText)) {
      throw new MetadataException(
          releasePath,
          "not signed: there is no Release.gpg, and the Release differs from the text InRelease"
              + " signs; the upstream is mid-update or the file was tampered with");
    }
  }

  private static byte @Nullable [] readAll(RepositoryFiles files, MirrorPath path)
      throws IOException {
    try (InputStream in = files.open(path)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new MetadataException(
            path, "is over " + (MAX_BYTES >> 20) + " MB: not a Release file of a Debian archive");
      }
      return bytes;
    }
  }

  private static PackageList.Entry entry(MirrorPath path, byte[] bytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      Checksum sum = Checksum.of("SHA-256", sha.digest(bytes));
      return new PackageList.Entry(path, bytes.length, Map.of(sum.algorithm(), sum.hex()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
