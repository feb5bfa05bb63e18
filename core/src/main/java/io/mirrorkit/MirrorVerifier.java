package io.mirrorkit;

import io.mirrorkit.internal.format.LocalVerification;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks a mirror against its own metadata: every file the metadata names (under the selection) is
 * there with the size and, unless quick, the checksum it gives; lists missing, corrupt and
 * unreferenced files.
 *
 * <pre>{@code
 * VerifyReport r = MirrorVerifier.verify(Path.of("/srv/mirror/debian"),
 *     FormatOptions.of("deb").withSelection(Selection.builder().dist("bookworm").build()), false);
 * if (!r.consistent()) { ... r.missing(), r.corrupt() ... }
 * }</pre>
 */
public final class MirrorVerifier {
  private MirrorVerifier() {}

  /**
   * Verifies the mirror in {@code target} (its published tree: {@code current} when it keeps
   * generations).
   *
   * @param format the format, selection and keyring to read the mirror's metadata with ({@link
   *     FormatOptions#indexOnly()} is not used)
   * @param quick compare sizes only, not checksums
   * @throws MetadataException if the mirror's own metadata cannot be read or does not verify
   * @throws IllegalArgumentException if no format has that name
   */
  public static VerifyReport verify(Path target, FormatOptions format, boolean quick)
      throws IOException {
    return LocalVerification.verify(target, format, quick);
  }
}
