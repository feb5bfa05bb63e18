package io.mirrorkit.format.rpm;

import io.mirrorkit.MetadataException;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.Selection;
import io.mirrorkit.format.internal.SafeXml;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the delta RPMs a {@code prestodelta.xml} (as {@code createrepo_c --deltas} writes it, plain
 * or compressed) names, streaming: each {@code <newpackage arch>}'s {@code <delta>} elements with
 * their {@code <filename>} (relative to the repository root, like a location), {@code <size>} and
 * {@code <checksum>}. A delta comes with the selection when its new package's architecture does
 * (noarch always), as dnf would ask for it. The file's bytes are checked against repomd.xml.
 */
final class Prestodelta extends ElementWalker {
  private final Located located = new Located();
  private @Nullable String arch;
  private boolean inDelta;

  private Prestodelta(SafeXml xml, Selection selection, PackageList.Builder out) {
    super(xml, selection, out);
  }

  /**
   * Adds the delta RPMs {@code prestodelta} names under {@code selection} to {@code out}.
   *
   * @throws MetadataException if the file is missing, is not the one repomd.xml describes, is
   *     malformed, or names an unsafe path
   */
  static void read(
      RepositoryFiles files,
      PackageList.Entry prestodelta,
      Selection selection,
      PackageList.Builder out)
      throws IOException {
    Primary.readXml(files, prestodelta, xml -> new Prestodelta(xml, selection, out).run());
  }

  @Override
  void ended() throws MetadataException {
    if (depth == 2 && inDelta) {
      end();
    }
  }

  @Override
  void start(String name) throws MetadataException {
    if (depth == 1) {
      if (!name.equals("prestodelta")) {
        throw xml.malformed("the root element is <" + name + ">, not <prestodelta>");
      }
    } else if (depth == 2) {
      arch = name.equals("newpackage") ? xml.reader().getAttributeValue(null, "arch") : null;
    } else if (depth == 3) {
      inDelta = name.equals("delta") && arch != null;
      located.clear();
    } else if (depth == 4 && inDelta) {
      switch (name) {
        case "filename" -> located.href(text(Located.MAX_TEXT * 16));
        case "size" -> located.size(xml, text(Located.MAX_TEXT));
        case "checksum" -> {
          located.checksum(xml);
          depth--;
        }
        default -> {
          // sequence: what the client needs to apply it, not to mirror it
        }
      }
    }
  }

  /** A delta's end: adds it when its new package's architecture is selected. */
  private void end() throws MetadataException {
    inDelta = false;
    if (!located.hasLocation()) {
      throw xml.malformed("a <delta> without a <filename>");
    }
    PackageList.Entry entry = located.entry(xml, "delta RPM");
    if (arch != null) {
      addIfSelected(arch, entry);
    }
  }
}
