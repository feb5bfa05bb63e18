package io.mirrorkit.format.deb;

import io.mirrorkit.MetadataException;
import io.mirrorkit.Selection;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which index directories of a distribution a {@link Selection} takes, as apt would read them: for
 * each selected component, {@code binary-<arch>} of each selected architecture ({@code binary-all}
 * with any, when the Release lists it), {@code source} with sources on, and {@code i18n}, whose
 * {@code Translation} files apt fetches and fails without when the Release lists them.
 */
final class IndexSelection {
  /** What an index directory holds, so which file of it is read. */
  enum Kind {
    PACKAGES("Packages"),
    SOURCES("Sources"),
    TRANSLATIONS(null);

    private final @Nullable String index;

    Kind(@Nullable String index) {
      this.index = index;
    }

    /** The base name of the index read, or null when none is (translations). */
    @Nullable String index() {
      return index;
    }
  }

  /**
   * One selected directory.
   *
   * @param dir relative to the distribution ({@code main/binary-amd64})
   */
  record Dir(String dir, Kind kind) {}

  private IndexSelection() {}

  /**
   * The selected directories of {@code release}.
   *
   * @throws MetadataException naming the Release if the selection names a component or an
   *     architecture it does not offer
   */
  static List<Dir> of(ReleaseFile release, Selection selection) throws MetadataException {
    List<String> components =
        selected(release, release.components(), selection.components(), "component", "--component");
    List<String> archs =
        selected(
            release, release.architectures(), selection.architectures(), "architecture", "--arch");
    List<Dir> dirs = new ArrayList<>();
    for (String component : components) {
      for (String arch : archs) {
        dirs.add(new Dir(component + "/binary-" + arch, Kind.PACKAGES));
      }
      if (!archs.isEmpty()
          && !archs.contains("all")
          && !release.filesIn(component + "/binary-all").isEmpty()) {
        dirs.add(new Dir(component + "/binary-all", Kind.PACKAGES));
      }
      if (selection.sources()) {
        dirs.add(new Dir(component + "/source", Kind.SOURCES));
      }
      dirs.add(new Dir(component + "/i18n", Kind.TRANSLATIONS));
    }
    return dirs;
  }

  /** {@code offered} ∩ {@code wanted} (all offered when nothing is wanted), in offered order. */
  private static List<String> selected(
      ReleaseFile release, List<String> offered, List<String> wanted, String what, String flag)
      throws MetadataException {
    for (String w : wanted) {
      if (!offered.contains(w) && !(what.equals("architecture") && w.equals("all"))) {
        throw new MetadataException(
            release.file(),
            "offers no "
                + what
                + " \""
                + w
                + "\" (it offers: "
                + String.join(" ", offered)
                + "); check "
                + flag);
      }
    }
    List<String> out = new ArrayList<>();
    for (String o : offered) {
      if (wanted.isEmpty() || wanted.contains(o)) {
        out.add(o);
      }
    }
    if (wanted.contains("all") && !out.contains("all")) {
      out.add("all");
    }
    return out;
  }
}
