package io.mirrorkit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Path;

/**
 * The sample upstream of {@code mirrorkit demo}, built with {@link TreeBuilder}: a small yum-style
 * repository with packages in nested directories, names that trouble tools, a symlink, a hard link,
 * its {@code repodata/} index and a {@code CURRENT} marker that every update rewrites.
 */
public final class DemoUpstream {
  private final TreeBuilder tree;

  private DemoUpstream(TreeBuilder tree) {
    this.tree = tree;
  }

  /**
   * Builds the first version of the repository under {@code root}, which should be empty or
   * missing. Names with non-ASCII characters are included only when the JVM encodes file names as
   * UTF-8 (see {@link #unicodeNames()}).
   */
  public static DemoUpstream create(Path root) {
    TreeBuilder tree =
        TreeBuilder.at(root)
            .seed(2026)
            .file("README.txt", "A sample repository, mirrored by 'mirrorkit demo'.\n")
            .randomFile("packages/hello-1.0-1.x86_64.rpm", 48_000)
            .randomFile("packages/hello-1.0-1.noarch.rpm", 12_000)
            .randomFile("packages/tools/curl-8.5.0-1.x86_64.rpm", 150_000)
            .randomFile("packages/tools/wget-1.21.4-1.x86_64.rpm", 90_000)
            .hardLink("packages/hello.rpm", "packages/hello-1.0-1.x86_64.rpm")
            .symlink("latest.rpm", "packages/hello-1.0-1.x86_64.rpm")
            .file("docs/with space.txt", "a name with a space\n")
            .file("docs/-rf", "a name that looks like an option\n")
            .file("docs/100% it's.txt", "a percent sign and a quote\n")
            .file("repodata/repomd.xml", index(1))
            .file("repodata/primary.xml", "<packages>hello-1.0 curl-8.5.0 wget-1.21.4</packages>\n")
            .file("CURRENT", "2026-01-01T00:00:00Z\n");
    if (unicodeNames()) {
      tree.file("docs/caf\u00e9.txt", "NFC \u00e9\n").file("docs/\u65e5\u672c\u8a9e.txt", "CJK\n");
    }
    return new DemoUpstream(tree);
  }

  /**
   * Publishes an update: a new package, a changed README, a package removed, the {@code latest.rpm}
   * link moved, a new index, and a new {@code CURRENT}.
   */
  public void publishUpdate() {
    tree.randomFile("packages/hello-1.1-1.x86_64.rpm", 49_000)
        .append("README.txt", "Updated: hello 1.1.\n".getBytes(UTF_8))
        .delete("packages/hello-1.0-1.noarch.rpm")
        .delete("latest.rpm")
        .symlink("latest.rpm", "packages/hello-1.1-1.x86_64.rpm")
        .file("repodata/repomd.xml", index(2))
        .file(
            "repodata/primary.xml",
            "<packages>hello-1.0 hello-1.1 curl-8.5.0 wget-1.21.4</packages>\n")
        .file("CURRENT", "2026-01-02T00:00:00Z\n");
  }

  /**
   * Publishes a rebuilt package that differs from the previous build in a few bytes: what rsync's
   * delta transfer is for.
   */
  public void publishRebuild() {
    tree.edit("packages/hello-1.1-1.x86_64.rpm", 24_000, "rebuilt".getBytes(UTF_8))
        .file("repodata/repomd.xml", index(3))
        .file("CURRENT", "2026-01-03T00:00:00Z\n");
  }

  /**
   * Publishes a fixed build of a package under a new name, the old build removed, with a new index
   * and a new {@code CURRENT}.
   */
  public void publishFix() {
    tree.randomFile("packages/tools/curl-8.5.0-2.x86_64.rpm", 150_500)
        .delete("packages/tools/curl-8.5.0-1.x86_64.rpm")
        .file("repodata/repomd.xml", index(4))
        .file(
            "repodata/primary.xml",
            "<packages>hello-1.0 hello-1.1 curl-8.5.0-2 wget-1.21.4</packages>\n")
        .file("CURRENT", "2026-01-04T00:00:00Z\n");
  }

  /** The repository's root directory. */
  public Path root() {
    return tree.root();
  }

  /**
   * Whether the JVM encodes file names as UTF-8, which names like {@code café.txt} need (run it
   * with {@code LC_ALL=C.UTF-8} otherwise).
   */
  public static boolean unicodeNames() {
    return "UTF-8".equals(System.getProperty("sun.jnu.encoding"));
  }

  private static String index(int revision) {
    return "<repomd><revision>" + revision + "</revision></repomd>\n";
  }
}
