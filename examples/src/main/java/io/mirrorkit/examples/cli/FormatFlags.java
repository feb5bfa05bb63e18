package io.mirrorkit.examples.cli;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.service.SyncKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The repository-format options of {@code sync}, {@code plan} and {@code verify}, in a help section
 * of their own: {@code --format} and the selection ({@code --dist}, {@code --component}, {@code
 * --arch}, {@code --source}, {@code --platform}), {@code --index-only}, {@code --keyring}, and the
 * H-Sphere lists ({@code --package-list}, {@code --pkg-xml}, which imply their format and an
 * index-driven sync). Values of repeatable flags may also be comma-separated.
 */
final class FormatFlags implements HelpSection {
  @Option(
      names = "--format",
      paramLabel = "F",
      description =
          "The repository format: deb, rpm, arch, pkglist or pkgxml. Its metadata is published"
              + " last, in its order, and only when every file it names is in the new tree whole"
              + " (else exit 5 and the mirror keeps its previous metadata).")
  @Nullable String format;

  @Option(
      names = "--dist",
      paramLabel = "D",
      description = "A Debian distribution (bookworm), or an Arch repository name (core).")
  List<String> dists = new ArrayList<>();

  @Option(names = "--component", paramLabel = "C", description = "A Debian component (main).")
  List<String> components = new ArrayList<>();

  @Option(
      names = "--arch",
      paramLabel = "A",
      description =
          "An architecture (amd64, x86_64); all/noarch/any packages come with any. Default: all.")
  List<String> architectures = new ArrayList<>();

  @Option(names = "--source", description = "Mirror source packages too (Debian, RPM).")
  boolean sources;

  @Option(
      names = "--index-only",
      description =
          "Sync exactly the metadata and the files it names under the selection: no crawl or"
              + " listing of the upstream tree, one request per file needed; --delete removes what"
              + " the new metadata no longer names.")
  boolean indexOnly;

  @Option(
      names = "--keyring",
      paramLabel = "FILE",
      description =
          "OpenPGP public keys (binary or armored): Debian's InRelease/Release.gpg, RPM's"
              + " repomd.xml.asc or Arch's .db.sig must verify, or the sync fails (exit 5).")
  @Nullable Path keyring;

  @Option(
      names = "--package-list",
      paramLabel = "PATH",
      description =
          "An H-Sphere package list on the upstream (pkglist, sspkglist, ...), relative to SOURCE;"
              + " repeatable. Implies --format pkglist and --index-only.")
  List<String> packageLists = new ArrayList<>();

  @Option(
      names = "--pkg-xml",
      paramLabel = "PATH",
      description =
          "An H-Sphere _pkg.xml descriptor on the upstream, relative to SOURCE; repeatable."
              + " Implies --format pkgxml and --index-only.")
  List<String> pkgXml = new ArrayList<>();

  @Option(
      names = "--platform",
      paramLabel = "NAME",
      description = "An H-Sphere platform for --pkg-xml (RHES4); ANY entries always come.")
  List<String> platforms = new ArrayList<>();

  @Override
  public String heading() {
    return "Repository format options";
  }

  /**
   * The format options these flags give, or null without a format.
   *
   * @throws IllegalArgumentException for a selection without a format, or lists of another format
   */
  @Nullable FormatOptions build() {
    SyncKeys keys = new SyncKeys();
    applyTo(keys);
    return keys.build().format();
  }

  /** Hands the flags to {@code keys}, the mapping the service's config uses too. */
  void applyTo(SyncKeys keys) {
    if (format != null) {
      keys.set("format", format);
    }
    keys.set("dist", dists).set("component", components).set("arch", architectures);
    keys.set("platform", platforms).set("package-list", packageLists).set("pkg-xml", pkgXml);
    keys.set("sources", sources).set("index-only", indexOnly);
    if (keyring != null) {
      keys.set("keyring", keyring.toString());
    }
  }
}
