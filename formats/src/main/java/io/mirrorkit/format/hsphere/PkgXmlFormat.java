package io.mirrorkit.format.hsphere;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * H-Sphere's custom package descriptors ({@code --format pkgxml}): the RPMs and tarballs that a
 * package's {@code _pkg.xml} names, so that the mirrored package source ({@code src/}) is whole.
 *
 * <p><b>Selection.</b> {@link Selection#lists()} names the descriptors (at least one; {@code
 * --pkg-xml}), as paths relative to the repository root, such as {@code mypkg/src/_pkg.xml}. {@link
 * Selection#platforms()} names the platforms ({@code --platform RHES4}, compared without regard to
 * case); when it names none, every platform the descriptor has is mirrored. Entries for the
 * platform {@code ANY} always are. The other fields are not used; a keyring is refused (descriptors
 * are not signed).
 *
 * <p><b>What is read.</b> The root element {@code <pkg>}; its {@code <rpms>} → {@code <rpm name="N"
 * server_group="G">} and {@code <tarballs>} → {@code <tarball name="N" server_group="G">} entries,
 * each with one or more {@code <platform name="P" location="L"/>} children, all given as
 * attributes. Everything else of the descriptor (scripts, classes, actions, the server group) is
 * not used. {@code N} and {@code P} must be plain file names (no {@code /}, {@code \}, {@code .} or
 * {@code ..}, whitespace or control characters); {@code L} is {@code BUILT-IN} (in any case) or an
 * {@code http://}, {@code https://} or {@code ftp://} URL with a host and a path that ends in a
 * file name, without a query or fragment. Anything else, an entry without a platform, or one path
 * named with two locations is an error naming the descriptor and the entry, for every platform
 * (selected or not), so that a descriptor reads the same whatever is selected.
 *
 * <p><b>The paths.</b> With {@code D} the directory of the descriptor ({@code mypkg/src} for {@code
 * mypkg/src/_pkg.xml}; nothing for a descriptor at the root), each selected platform of an entry
 * names, in {@link RepositoryIndex#data()}:
 *
 * <ul>
 *   <li>an rpm: {@code D/pkg_rpms/P/N.rpm};
 *   <li>a tarball: {@code D/pkg_tarballs/P/N.tgz};
 * </ul>
 *
 * <p>{@code P} as the descriptor spells it, {@code N} with the suffix added as is (the descriptor
 * gives names without {@code .rpm}/{@code .tgz}). These are where H-Sphere's package builder finds
 * a {@code BUILT-IN} file. For {@code BUILT-IN} the entry is on the repository's own upstream; for
 * a URL it is at the same path, with {@link PackageList.Entry#source()} that URL: the sync fetches
 * it from there and stores it where the {@code BUILT-IN} file would be. Sizes are unknown and there
 * are no checksums (the descriptor gives none). {@link RepositoryIndex#metadata()} is one stage:
 * the descriptors themselves.
 *
 * <p><b>Safety.</b> StAX, streaming, with DTDs and external entities off: a DOCTYPE is an error
 * (descriptors have none), so no entity is ever declared, expanded or read from a file or a URL; a
 * descriptor larger than 16 MiB or nested deeper than 256 elements is an error. Stateless and
 * thread-safe.
 */
public final class PkgXmlFormat implements RepositoryFormat {
  @Override
  public String name() {
    return "pkgxml";
  }

  @Override
  public RepositoryIndex read(RepositoryFiles files, Selection selection, @Nullable Path keyring)
      throws IOException {
    ListPaths.refuseKeyring(keyring, name());
    List<MirrorPath> descriptors =
        ListPaths.parse(
            selection.lists(), "--pkg-xml", "the _pkg.xml descriptor(s)", "mypkg/src/_pkg.xml");
    Map<MirrorPath, Optional<URI>> sources = new HashMap<>();
    return ListPaths.index(
        files,
        descriptors,
        "package descriptor",
        "--pkg-xml",
        "mypkg/src/_pkg.xml",
        (descriptor, in, data) ->
            new DescriptorReader(descriptor, selection, data, sources).read(in));
  }
}
