package io.mirrorkit.format.hsphere;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.Printable;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryIndex;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What both H-Sphere formats share: the list paths of their selection checked, no keyring, and the
 * index read from the lists (one metadata stage: the lists themselves, of unknown size).
 */
final class ListPaths {
  private ListPaths() {}

  /** Reads one list or descriptor into the data. */
  interface ListReader {
    void read(MirrorPath list, InputStream in, PackageList.Builder data) throws IOException;
  }

  /**
   * Reads the lists {@code lists} of {@code files}: every one must be on the upstream.
   *
   * @param noun what one list is ("package list"), for messages
   * @param flag the command-line option that names them, for messages
   * @param example a path to show in messages
   */
  static RepositoryIndex index(
      RepositoryFiles files,
      List<MirrorPath> lists,
      String noun,
      String flag,
      String example,
      ListReader reader)
      throws IOException {
    PackageList.Builder data = PackageList.builder();
    PackageList.Builder metadata = PackageList.builder();
    for (MirrorPath list : lists) {
      metadata.add(new PackageList.Entry(list, -1, Map.of()));
      try (InputStream in = files.open(list)) {
        if (in == null) {
          throw new MetadataException(
              list,
              "the upstream has no "
                  + noun
                  + " "
                  + list
                  + "; check "
                  + flag
                  + " (a path relative to the repository root, such as "
                  + example
                  + ")");
        }
        reader.read(list, in, data);
      }
    }
    PackageList listFiles = metadata.build();
    return new RepositoryIndex(data.build().minus(listFiles), List.of(listFiles));
  }

  /**
   * {@code lists} as paths relative to the repository root, without duplicates.
   *
   * @param flag the command-line option that names them, for messages
   * @param what what they are ("the package list(s)"), for messages
   * @param example a path to show in messages
   * @throws IllegalArgumentException if there is none or one is not a safe relative path
   */
  static List<MirrorPath> parse(List<String> lists, String flag, String what, String example) {
    if (lists.isEmpty()) {
      throw new IllegalArgumentException(
          flag
              + " names "
              + what
              + " to mirror, and none was given: name at least one, relative to the repository"
              + " root (such as "
              + example
              + ")");
    }
    List<MirrorPath> out = new ArrayList<>();
    for (String list : lists) {
      if (!MirrorPath.isValid(list)) {
        throw new IllegalArgumentException(
            flag
                + " \""
                + Printable.escape(list, 300)
                + "\" is not a path relative to the repository root (no leading /, no . or .."
                + " components); give it as "
                + example
                + " is given");
      }
      MirrorPath path = MirrorPath.of(list);
      if (!out.contains(path)) {
        out.add(path);
      }
    }
    return out;
  }

  /**
   * Refuses a keyring: H-Sphere's lists and descriptors are not signed, and a keyring that checks
   * nothing would give a false sense of safety.
   */
  static void refuseKeyring(@Nullable Object keyring, String format) {
    if (keyring != null) {
      throw new IllegalArgumentException(
          "the "
              + format
              + " format has no signatures to check ("
              + keyring
              + " was given as the keyring): drop --keyring");
    }
  }
}
