package io.mirrorkit.format.rpm;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.Selection;
import io.mirrorkit.format.internal.CheckedInput;
import io.mirrorkit.format.internal.Compression;
import io.mirrorkit.format.internal.SafeXml;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the packages a {@code primary.xml} (plain, {@code .gz}, {@code .xz}, {@code .bz2} or {@code
 * .zst}) names, streaming: each {@code <package>}'s {@code <arch>}, {@code <checksum>}, {@code
 * <size package>} and {@code <location>}; everything else (the {@code <format>} with provides,
 * requires and files) is passed over without being kept. The file's bytes are checked against the
 * size and checksum repomd.xml gives.
 */
final class Primary extends ElementWalker {
  /** The longest architecture name accepted. */
  private static final int MAX_ARCH = 64;

  private final Located located = new Located();
  private @Nullable String arch;
  private boolean inPackage;

  private Primary(SafeXml xml, Selection selection, PackageList.Builder out) {
    super(xml, selection, out);
  }

  /**
   * Adds the packages {@code primary} names under {@code selection} to {@code out}.
   *
   * @param primary the primary file as repomd.xml names it
   * @throws MetadataException if the file is missing, is not the one repomd.xml describes, is
   *     truncated or malformed, or names an unsafe path
   */
  static void read(
      RepositoryFiles files,
      PackageList.Entry primary,
      Selection selection,
      PackageList.Builder out)
      throws IOException {
    readXml(files, primary, xml -> new Primary(xml, selection, out).run());
  }

  /** Reads one element stream of a data file. */
  interface Parser {
    void run(SafeXml xml) throws MetadataException;
  }

  /**
   * Opens the data file {@code file} repomd.xml names (decompressed by its name's suffix, checked
   * against repomd.xml's size and checksum to its last byte) and has {@code parser} read it.
   *
   * @throws MetadataException if the file is missing, is not the one repomd.xml describes, is
   *     truncated or malformed, or the parser refuses it
   */
  static void readXml(RepositoryFiles files, PackageList.Entry file, Parser parser)
      throws IOException {
    MirrorPath path = file.path();
    InputStream raw = files.open(path, file);
    if (raw == null) {
      throw new MetadataException(
          path,
          "is named by "
              + Repomd.PATH
              + " but missing: the upstream is inconsistent (mid-update?); sync again later");
    }
    try (CheckedInput checked = new CheckedInput(raw, path, file);
        InputStream in = Compression.open(path.name(), checked);
        SafeXml xml = SafeXml.open(path, in)) {
      try {
        parser.run(xml);
      } catch (MetadataException e) {
        throw mismatchOr(checked, e);
      }
      checked.drain(); // the checksum covers the whole file, trailing bytes too
    } catch (MetadataException e) {
      throw e;
    } catch (IOException e) {
      throw SafeXml.unreadable(path, e);
    }
  }

  /**
   * The file's mismatch with repomd.xml when there is one (the likelier cause: an upstream caught
   * mid-update), else {@code e}.
   */
  private static MetadataException mismatchOr(CheckedInput checked, MetadataException e) {
    try {
      checked.drain();
    } catch (MetadataException mismatch) {
      if (mismatch != e) {
        mismatch.addSuppressed(e);
      }
      return mismatch;
    } catch (IOException unreadable) {
      e.addSuppressed(unreadable);
    }
    return e;
  }

  /** Whether a package of {@code arch} is selected: noarch always, sources only when asked for. */
  static boolean selected(String arch, Selection selection) {
    if (arch.equals("src") || arch.equals("nosrc")) {
      return selection.sources();
    }
    return arch.equals("noarch") || selection.includesArchitecture(arch);
  }

  @Override
  void ended() throws MetadataException {
    if (depth == 1 && inPackage) {
      end();
    }
  }

  @Override
  void start(String name) throws MetadataException {
    if (depth == 1) {
      if (!name.equals("metadata")) {
        throw xml.malformed("the root element is <" + name + ">, not a primary's <metadata>");
      }
    } else if (depth == 2) {
      String type = xml.reader().getAttributeValue(null, "type");
      inPackage = name.equals("package") && (type == null || type.equals("rpm"));
      arch = null;
      located.clear();
    } else if (depth == 3 && inPackage) {
      switch (name) {
        case "arch" -> arch = text(MAX_ARCH);
        case "checksum" -> {
          located.checksum(xml);
          depth--;
        }
        case "size" -> located.size(xml, xml.reader().getAttributeValue(null, "package"));
        case "location" -> located.location(xml);
        default -> {
          // name, version, summary, description, format, …: not needed
        }
      }
    }
  }

  /** A package's end: adds it when its architecture is selected. */
  private void end() throws MetadataException {
    inPackage = false;
    if (arch == null || arch.isEmpty()) {
      throw xml.malformed("a <package> without an <arch>");
    }
    PackageList.Entry entry = located.entry(xml, "package");
    if (entry.checksums().isEmpty()) {
      throw xml.malformed("package " + entry.path() + " has no <checksum>");
    }
    addIfSelected(arch, entry);
  }
}
