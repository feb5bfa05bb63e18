package io.mirrorkit.format.hsphere;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.Printable;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.UnsafePathException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * H-Sphere's package lists ({@code --format pkglist}): the packages that {@code pkglist}, {@code
 * sspkglist}, {@code subpkglist} and {@code pkglist.priv} name, as an H-Sphere mirror server holds
 * them.
 *
 * <p><b>Selection.</b> {@link Selection#lists()} names the lists (at least one; {@code
 * --package-list}), as paths relative to the repository root: {@code 3.1/pkglist}, {@code
 * 3.1/sspkglist}. Lists combine; a package several name is mirrored once. The other fields of the
 * selection are not used. A keyring is refused: the lists are not signed.
 *
 * <p><b>A list</b> is UTF-8 text, one package path a line, relative to the list's own directory:
 * the line {@code RHES4/hsphere-x.rpm} in {@code 3.1/pkglist} names {@code
 * 3.1/RHES4/hsphere-x.rpm}. Leading and trailing whitespace (so a CRLF line end), blank lines,
 * lines whose first other character is {@code #}, and a {@code #} comment after whitespace at the
 * end of a line are ignored. A line that is not a safe relative path (absolute, with a {@code .} or
 * {@code ..} component, a URL, a directory ending in {@code /}, more than one word, a control
 * character) is an error naming the list and the line number: nothing is guessed. A line longer
 * than {@value #MAX_LINE} bytes or a list larger than {@value #MAX_BYTES} bytes is an error too (a
 * hostile or wrong upstream).
 *
 * <p><b>What it gives.</b> {@link RepositoryIndex#data()}: the named packages, with unknown size
 * and no checksums (the lists give none), on the repository's own upstream; {@link
 * RepositoryIndex#metadata()}: one stage, the lists themselves, so that they are published after
 * every package they name. A list that names another list leaves that one in the metadata only.
 *
 * <p>Stateless and thread-safe; reads each list streaming, in bounded memory (the package list
 * itself aside).
 */
public final class PackageListFormat implements RepositoryFormat {
  /** The longest line accepted, in bytes. */
  public static final int MAX_LINE = 64 * 1024;

  /** The largest list accepted, in bytes. */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  @Override
  public String name() {
    return "pkglist";
  }

  @Override
  public RepositoryIndex read(RepositoryFiles files, Selection selection, @Nullable Path keyring)
      throws IOException {
    ListPaths.refuseKeyring(keyring, name());
    List<MirrorPath> lists =
        ListPaths.parse(selection.lists(), "--package-list", "the package list(s)", "3.1/pkglist");
    return ListPaths.index(
        files, lists, "package list", "--package-list", "3.1/pkglist", PackageListFormat::readList);
  }

  private static void readList(MirrorPath list, InputStream in, PackageList.Builder data)
      throws IOException {
    BoundedLines lines = new BoundedLines(in, list, MAX_LINE, MAX_BYTES);
    MirrorPath dir = list.parent();
    for (String line = lines.next(); line != null; line = lines.next()) {
      String name = packageName(line);
      if (name != null) {
        MirrorPath path = resolve(list, lines.number(), dir, name);
        data.add(new PackageList.Entry(path, -1, Map.of()));
      }
    }
  }

  /** The package path on {@code line}, or null for a blank or comment line. */
  static @Nullable String packageName(String line) {
    String s = line.strip();
    if (s.isEmpty() || s.charAt(0) == '#') {
      return null;
    }
    int comment = s.indexOf('#');
    while (comment > 0 && !Character.isWhitespace(s.charAt(comment - 1))) {
      comment = s.indexOf('#', comment + 1);
    }
    return comment > 0 ? s.substring(0, comment).strip() : s;
  }

  private static MirrorPath resolve(
      MirrorPath list, int number, @Nullable MirrorPath dir, String name) throws MetadataException {
    String problem = problem(name);
    if (problem == null) {
      try {
        MirrorPath relative = MirrorPath.parse(name);
        return dir == null ? relative : MirrorPath.parse(dir + "/" + relative);
      } catch (UnsafePathException e) {
        problem = "not a safe relative path: absolute, empty, or with a . or .. component";
      }
    }
    throw new MetadataException(
        list,
        "line "
            + number
            + ", \""
            + Printable.escape(name, 200)
            + "\", is "
            + problem
            + "; a package list names one package a line, relative to the list's directory"
            + " (such as RHES4/name.rpm): fix the list upstream or leave it out of --package-list");
  }

  private static @Nullable String problem(String name) {
    if (Printable.indexOfAsciiControl(name) >= 0) {
      return "not a path: it has a control character";
    }
    if (name.chars().anyMatch(Character::isWhitespace)) {
      return "more than one word";
    }
    if (URL.matcher(name).matches()) {
      return "a URL or a drive letter, not a relative path";
    }
    if (name.startsWith("/")) {
      return "an absolute path";
    }
    if (name.endsWith("/")) {
      return "a directory, not a package";
    }
    if (!MirrorPath.isValid(name)) {
      return "not a safe relative path: empty, or with a . or .. component";
    }
    return null;
  }
}
