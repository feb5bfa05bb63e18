package io.mirrorkit;

import java.util.List;

/**
 * What {@link MirrorVerifier} found in a mirror.
 *
 * @param format the format read
 * @param checked how many files the mirror's metadata names (data and metadata)
 * @param missing files the metadata names that the mirror lacks, in path order
 * @param corrupt files of another size or checksum than the metadata gives, a line each: the path
 *     and what differs
 * @param unreferenced files in the mirror that its metadata does not name (not an inconsistency:
 *     other releases, READMEs), in path order
 * @param quick whether only sizes were compared
 */
public record VerifyReport(
    String format,
    int checked,
    List<MirrorPath> missing,
    List<String> corrupt,
    List<MirrorPath> unreferenced,
    boolean quick) {
  public VerifyReport {
    missing = List.copyOf(missing);
    corrupt = List.copyOf(corrupt);
    unreferenced = List.copyOf(unreferenced);
  }

  /** Whether every file the metadata names is there, whole. */
  public boolean consistent() {
    return missing.isEmpty() && corrupt.isEmpty();
  }
}
