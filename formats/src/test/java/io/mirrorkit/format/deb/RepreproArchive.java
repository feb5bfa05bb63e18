package io.mirrorkit.format.deb;

import io.mirrorkit.format.ThrowawayGpg;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Debian archive made by the real {@code reprepro}, signed with a throwaway gpg key: {@code
 * dists/} and {@code pool/} in {@link #root()}, reprepro's own {@code conf/} and {@code db/}
 * elsewhere. Packages are built with {@code dpkg-deb --build} and {@code dpkg-source -b} from tiny
 * trees.
 */
final class RepreproArchive {
  private final Path work;
  private final Path root;
  private final ThrowawayGpg gpg;

  private RepreproArchive(Path work, Path root, ThrowawayGpg gpg) {
    this.work = work;
    this.root = root;
    this.gpg = gpg;
  }

  /**
   * A new empty archive in {@code dir} with one distribution {@code codename} (Architectures: amd64
   * arm64 source, Components: main contrib, indices uncompressed, .gz and .xz), signed with {@code
   * key}. Skips the test without reprepro or dpkg-dev.
   */
  static RepreproArchive create(Path dir, ThrowawayGpg gpg, String key, String codename)
      throws IOException {
    Interop.requireProgram("reprepro", "reprepro");
    Interop.requireProgram("dpkg-deb", "dpkg");
    Interop.requireProgram("dpkg-source", "dpkg-dev");
    Path work = Files.createDirectories(dir.resolve("reprepro"));
    Path root = Files.createDirectories(dir.resolve("archive"));
    Files.createDirectories(work.resolve("conf"));
    Files.writeString(
        work.resolve("conf/distributions"),
        "Codename: "
            + codename
            + "\nSuite: "
            + codename
            + "\nArchitectures: amd64 arm64 source\nComponents: main contrib\n"
            + "DebIndices: Packages Release . .gz .xz\n"
            + "DscIndices: Sources Release .gz .xz\n"
            + "SignWith: "
            + key
            + "\n");
    return new RepreproArchive(work, root, gpg);
  }

  /** The archive root: {@code dists/} and {@code pool/}. */
  Path root() {
    return root;
  }

  /** Builds {@code <name>_<version>_<arch>.deb} holding one small file. */
  Path buildDeb(String name, String version, String arch) throws IOException {
    Path tree = work.resolve("build/" + name + "-" + version + "-" + arch);
    Files.createDirectories(tree.resolve("DEBIAN"));
    Files.createDirectories(tree.resolve("usr/share/" + name));
    Files.writeString(tree.resolve("usr/share/" + name + "/file"), name + " " + arch + "\n");
    Files.writeString(
        tree.resolve("DEBIAN/control"),
        "Package: "
            + name
            + "\nVersion: "
            + version
            + "\nArchitecture: "
            + arch
            + "\nSection: misc\nPriority: optional\nMaintainer: Test <t@example.org>\n"
            + "Description: test package "
            + name
            + "\n");
    Path deb = work.resolve("build/" + name + "_" + version + "_" + arch + ".deb");
    Command.of(
            "dpkg-deb", "--root-owner-group", "-Zgzip", "--build", tree.toString(), deb.toString())
        .runChecked();
    return deb;
  }

  /** Builds a native source package {@code <name>_<version>.dsc} (+ .tar.xz). */
  Path buildSource(String name, String version) throws IOException {
    Path src = Files.createDirectories(work.resolve("src"));
    Path tree = src.resolve(name + "-" + version);
    Files.createDirectories(tree.resolve("debian/source"));
    Files.writeString(tree.resolve("debian/source/format"), "3.0 (native)\n");
    Files.writeString(
        tree.resolve("debian/control"),
        "Source: "
            + name
            + "\nSection: misc\nPriority: optional\nMaintainer: Test <t@example.org>\n\n"
            + "Package: "
            + name
            + "\nArchitecture: all\nDescription: test\n");
    Files.writeString(
        tree.resolve("debian/changelog"),
        name
            + " ("
            + version
            + ") unstable; urgency=medium\n\n  * Test.\n\n"
            + " -- Test <t@example.org>  Thu, 01 Jan 2026 00:00:00 +0000\n");
    Files.writeString(tree.resolve("debian/rules"), "#!/usr/bin/make -f\n%:\n\tdh $@\n");
    Files.writeString(tree.resolve("README"), "source of " + name + "\n");
    Command.of("dpkg-source", "-b", tree.getFileName().toString()).directory(src).runChecked();
    return src.resolve(name + "_" + version + ".dsc");
  }

  /** Adds binary packages to {@code component} of {@code codename} (and signs the new indices). */
  void includeDebs(String codename, String component, Path... debs) throws IOException {
    List<String> argv = reprepro("-C", component, "includedeb", codename);
    for (Path d : debs) {
      argv.add(d.toString());
    }
    run(argv);
  }

  /** Adds a source package to {@code component} of {@code codename}. */
  void includeDsc(String codename, String component, Path dsc) throws IOException {
    List<String> argv = reprepro("-C", component, "includedsc", codename);
    argv.add(dsc.toString());
    run(argv);
  }

  /** Removes a package from {@code codename} (all its architectures) and re-exports. */
  void remove(String codename, String pkg) throws IOException {
    List<String> argv = reprepro("remove", codename, pkg);
    run(argv);
  }

  /** Every file under {@code pool/}, as archive-relative paths with / separators. */
  List<String> poolFiles() throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve("pool"))) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private List<String> reprepro(String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of("reprepro", "--silent", "-b", work.toString(), "--outdir", root.toString()));
    argv.addAll(List.of(args));
    return argv;
  }

  private void run(List<String> argv) throws IOException {
    Command.of(argv).env("GNUPGHOME", gpg.home().toString()).runChecked();
  }
}
