package io.mirrorkit.format.hsphere;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.Printable;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What both H-Sphere formats check of their selection: the list paths, no keyring. */
final class ListPaths {
  private ListPaths() {}

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
