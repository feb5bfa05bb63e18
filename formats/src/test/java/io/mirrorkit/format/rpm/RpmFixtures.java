package io.mirrorkit.format.rpm;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Real RPM packages (rpmbuild) and repositories (createrepo_c) for tests: {@code hello} (noarch),
 * {@code archpkg} for x86_64 and aarch64, and the source package of {@code hello}.
 */
final class RpmFixtures {
  private RpmFixtures() {}

  /** The packages built, by kind. */
  record Built(Path noarch, Path x86_64, Path aarch64, Path source) {
    List<Path> all() {
      return List.of(noarch, x86_64, aarch64, source);
    }
  }

  /** Builds the four packages under {@code work}. */
  static Built build(Path work) throws IOException {
    Interop.requireProgram("rpmbuild", "rpm");
    Path top = work.resolve("rpmbuild");
    Path specs = Files.createDirectories(top.resolve("SPECS"));
    Files.createDirectories(top.resolve("tmp"));
    Path hello = specs.resolve("hello.spec");
    Files.writeString(hello, spec("hello", "1.0", "BuildArch: noarch"));
    Path arch = specs.resolve("archpkg.spec");
    Files.writeString(arch, spec("archpkg", "2.0", "%global debug_package %{nil}"));
    rpmbuild(top, "-bb", hello.toString());
    rpmbuild(top, "-bb", "--target", "x86_64", arch.toString());
    rpmbuild(top, "-bb", "--target", "aarch64", arch.toString());
    rpmbuild(top, "-bs", hello.toString());
    return new Built(
        top.resolve("RPMS/noarch/hello-1.0-1.noarch.rpm"),
        top.resolve("RPMS/x86_64/archpkg-2.0-1.x86_64.rpm"),
        top.resolve("RPMS/aarch64/archpkg-2.0-1.aarch64.rpm"),
        top.resolve("SRPMS/hello-1.0-1.src.rpm"));
  }

  /**
   * Builds one more noarch package, NAME-VERSION-1.noarch.rpm, beside those {@link #build} made.
   */
  static Path noarch(Path work, String name, String version) throws IOException {
    Path top = work.resolve("rpmbuild");
    Path spec = top.resolve("SPECS/" + name + "-" + version + ".spec");
    Files.writeString(spec, spec(name, version, "BuildArch: noarch"));
    rpmbuild(top, "-bb", spec.toString());
    return top.resolve("RPMS/noarch/" + name + "-" + version + "-1.noarch.rpm");
  }

  /** A tiny spec: one file in /usr/share/NAME. */
  static String spec(String name, String version, String extra) {
    return String.join(
        "\n",
        "Name: " + name,
        "Version: " + version,
        "Release: 1",
        "Summary: " + name + " for mirrorkit's tests & <checks>",
        "License: MIT",
        extra,
        "%description",
        "A tiny package.",
        "%install",
        "mkdir -p %{buildroot}/usr/share/" + name,
        "echo " + name + " > %{buildroot}/usr/share/" + name + "/" + name + ".txt",
        "%files",
        "/usr/share/" + name + "/" + name + ".txt",
        "");
  }

  private static void rpmbuild(Path top, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("rpmbuild", "--quiet"));
    argv.addAll(List.of("--define", "_topdir " + top));
    argv.addAll(List.of("--define", "_tmppath " + top.resolve("tmp")));
    argv.addAll(List.of(args));
    Command.of(argv).env("HOME", top.toString()).runChecked();
  }

  /**
   * A repository in {@code root}: the packages copied to {@code Packages/}, then {@code
   * createrepo_c ARGS root}.
   */
  static Path repo(Path root, List<Path> packages, String... args) throws IOException {
    Interop.requireProgram("createrepo_c", "createrepo-c");
    Path dir = Files.createDirectories(root.resolve("Packages"));
    for (Path p : packages) {
      Files.copy(p, dir.resolve(p.getFileName().toString()));
    }
    createrepo(root, args);
    return root;
  }

  /** Runs {@code createrepo_c ARGS root} (again). */
  static void createrepo(Path root, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("createrepo_c", "--quiet"));
    argv.addAll(List.of(args));
    argv.add(root.toString());
    Command.of(argv).runChecked();
  }

  /** What {@code sha256sum} (or sha512sum, sha1sum, md5sum) says of {@code file}. */
  static String sum(String program, Path file) throws IOException {
    String out = Command.of(program, file.toString()).runChecked().stdout();
    return out.substring(0, out.indexOf(' '));
  }

  /** The data file of {@code type} in a repository's repodata (by the name's suffix). */
  static Path repodata(Path root, String suffix) throws IOException {
    try (var files = Files.list(root.resolve("repodata"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no *" + suffix + " in " + root));
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Writes {@code repodata/NAME} with {@code content} and a repomd.xml naming it as the primary,
   * with its size and SHA-256 (hand-made repositories for malformed and hostile input).
   */
  static void handMade(Path root, String name, byte[] content) throws IOException {
    Path repodata = Files.createDirectories(root.resolve("repodata"));
    Files.write(repodata.resolve(name), content);
    Files.writeString(
        repodata.resolve("repomd.xml"),
        repomd(sha256(content), "repodata/" + name, content.length),
        StandardCharsets.UTF_8);
  }

  /** A repomd.xml naming one primary. */
  static String repomd(String sha256, String href, long size) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<repomd xmlns=\"http://linux.duke.edu/metadata/repo\">\n"
        + "  <revision>1</revision>\n"
        + "  <data type=\"primary\">\n"
        + "    <checksum type=\"sha256\">"
        + sha256
        + "</checksum>\n"
        + "    <location href=\""
        + href
        + "\"/>\n"
        + "    <size>"
        + size
        + "</size>\n"
        + "  </data>\n"
        + "</repomd>\n";
  }

  /** A primary.xml naming {@code packages} (each a {@code <package>} element's text). */
  static String primary(String... packages) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<metadata xmlns=\"http://linux.duke.edu/metadata/common\""
        + " xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\""
        + packages.length
        + "\">\n"
        + String.join("\n", packages)
        + "\n</metadata>\n";
  }

  /** One {@code <package>} of a primary.xml. */
  static String pkg(String arch, String href, long size, String sha256) {
    return "<package type=\"rpm\">\n"
        + "  <name>p</name>\n"
        + "  <arch>"
        + arch
        + "</arch>\n"
        + "  <version epoch=\"0\" ver=\"1\" rel=\"1\"/>\n"
        + "  <checksum type=\"sha256\" pkgid=\"YES\">"
        + sha256
        + "</checksum>\n"
        + "  <summary>p &amp; q</summary>\n"
        + "  <size package=\""
        + size
        + "\" installed=\"3\" archive=\"268\"/>\n"
        + "  <location href=\""
        + href
        + "\"/>\n"
        + "  <format><rpm:license>MIT</rpm:license><file>/usr/share/p</file></format>\n"
        + "</package>";
  }
}
