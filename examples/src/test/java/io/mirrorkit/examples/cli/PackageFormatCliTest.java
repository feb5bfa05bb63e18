package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian, RPM and Arch formats through the command line, on small repositories written here:
 * the selection flags choose what is mirrored, {@code --index-only} fetches only what the metadata
 * names, {@code verify} checks the result, and a package gone from the upstream is exit 5 with the
 * old metadata kept. (The real tools' repositories and clients are in the formats module's interop
 * tests.)
 */
class PackageFormatCliTest {
  @TempDir Path temp;

  @Test
  void aDebianSelectionOfOneArchitecture() throws Exception {
    Path up = temp.resolve("deb");
    byte[] a = write(up, "pool/main/a/a_1_amd64.deb", "a for amd64");
    byte[] b = write(up, "pool/main/b/b_1_arm64.deb", "b for arm64");
    byte[] c = write(up, "pool/main/c/c_1_all.deb", "c for all");
    write(up, "pool/main/x/unlisted.deb", "named by no index");
    byte[] amd64 =
        write(
            up,
            "dists/stable/main/binary-amd64/Packages",
            stanza("a", "amd64", "pool/main/a/a_1_amd64.deb", a)
                + "\n"
                + stanza("c", "all", "pool/main/c/c_1_all.deb", c));
    byte[] arm64 =
        write(
            up,
            "dists/stable/main/binary-arm64/Packages",
            stanza("b", "arm64", "pool/main/b/b_1_arm64.deb", b)
                + "\n"
                + stanza("c", "all", "pool/main/c/c_1_all.deb", c));
    write(
        up,
        "dists/stable/Release",
        "Origin: mirrorkit\nSuite: stable\nCodename: stable\nArchitectures: amd64 arm64\n"
            + "Components: main\nSHA256:\n"
            + index(amd64, "main/binary-amd64/Packages")
            + index(arm64, "main/binary-arm64/Packages"));
    Path mirror = temp.resolve("deb-mirror");
    String[] selection = {"--format", "deb", "--dist", "stable", "--component", "main"};

    CliResult r = sync(selection, "--arch", "amd64", "--index-only", up + "/", mirror.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(mirror.resolve("pool/main/a/a_1_amd64.deb")).exists();
    assertThat(mirror.resolve("pool/main/c/c_1_all.deb")).exists(); // "all" comes with amd64
    assertThat(mirror.resolve("pool/main/b/b_1_arm64.deb")).doesNotExist();
    assertThat(mirror.resolve("pool/main/x/unlisted.deb")).doesNotExist();
    assertThat(mirror.resolve("dists/stable/main/binary-arm64/Packages")).doesNotExist();
    assertThat(mirror.resolve("dists/stable/Release")).exists();

    CliResult verify = verify(selection, "--arch", "amd64", mirror.toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

    // the upstream mid-update: a new Packages names a package it does not serve yet
    Files.delete(up.resolve("pool/main/c/c_1_all.deb"));
    Files.delete(mirror.resolve("pool/main/c/c_1_all.deb"));
    CliResult gated =
        sync(selection, "--arch", "amd64", "--index-only", up + "/", mirror.toString());
    assertThat(gated.exitCode()).isEqualTo(5);
    assertThat(gated.err()).contains("pool/main/c/c_1_all.deb");
    CliResult broken = verify(selection, "--arch", "amd64", "--json", mirror.toString());
    assertThat(broken.exitCode()).isEqualTo(5);
    assertThat(broken.out()).contains("\"missing\":[\"pool/main/c/c_1_all.deb\"]");
  }

  @Test
  void anRpmRepositoryOfOneArchitecture() throws Exception {
    Path up = temp.resolve("rpm");
    byte[] x86 = write(up, "Packages/a-1-1.x86_64.rpm", "a for x86_64");
    byte[] arm = write(up, "Packages/a-1-1.aarch64.rpm", "a for aarch64");
    byte[] noarch = write(up, "Packages/n-1-1.noarch.rpm", "n for any");
    String primaryXml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<metadata xmlns=\"http://linux.duke.edu/metadata/common\""
            + " xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\"3\">\n"
            + rpm("a", "x86_64", x86)
            + rpm("a", "aarch64", arm)
            + rpm("n", "noarch", noarch)
            + "</metadata>\n";
    byte[] primary = gzip(primaryXml.getBytes(UTF_8));
    String primaryName = "repodata/" + sha256(primary) + "-primary.xml.gz";
    write(up, primaryName, primary);
    write(
        up,
        "repodata/repomd.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<repomd xmlns=\"http://linux.duke.edu/metadata/repo\">\n"
            + "  <revision>1</revision>\n"
            + "  <data type=\"primary\">\n"
            + "    <checksum type=\"sha256\">"
            + sha256(primary)
            + "</checksum>\n"
            + "    <location href=\""
            + primaryName
            + "\"/>\n"
            + "    <size>"
            + primary.length
            + "</size>\n"
            + "  </data>\n"
            + "</repomd>\n");
    Path mirror = temp.resolve("rpm-mirror");

    CliResult r =
        sync(
            new String[] {"--format", "rpm"},
            "--arch",
            "x86_64",
            "--index-only",
            up + "/",
            mirror.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(mirror.resolve("Packages/a-1-1.x86_64.rpm")).exists();
    assertThat(mirror.resolve("Packages/n-1-1.noarch.rpm")).exists();
    assertThat(mirror.resolve("Packages/a-1-1.aarch64.rpm")).doesNotExist();
    assertThat(mirror.resolve(primaryName)).exists();
    assertThat(mirror.resolve("repodata/repomd.xml")).exists();

    CliResult verify =
        verify(new String[] {"--format", "rpm"}, "--arch", "x86_64", "--quick", mirror.toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    Files.writeString(mirror.resolve("Packages/n-1-1.noarch.rpm"), "N FOR ANY"); // same size
    assertThat(
            verify(new String[] {"--format", "rpm"}, "--arch", "x86_64", mirror.toString())
                .exitCode())
        .as("a checksum mismatch is found without --quick")
        .isEqualTo(5);
  }

  @Test
  void anArchRepositoryAndItsDatabase() throws Exception {
    Path up = temp.resolve("arch");
    byte[] pkg = write(up, "a-1-1-x86_64.pkg.tar.zst", "the package a");
    byte[] sig = write(up, "a-1-1-x86_64.pkg.tar.zst.sig", "its signature"); // as %PGPSIG% says
    write(up, "old-0-1-x86_64.pkg.tar.zst", "not in the database");
    String desc =
        "%FILENAME%\na-1-1-x86_64.pkg.tar.zst\n\n%NAME%\na\n\n%VERSION%\n1-1\n\n%CSIZE%\n"
            + pkg.length
            + "\n\n%SHA256SUM%\n"
            + sha256(pkg)
            + "\n\n%PGPSIG%\n"
            + java.util.Base64.getEncoder().encodeToString(sig)
            + "\n\n%ARCH%\nx86_64\n";
    byte[] db = tarGz("a-1-1/desc", desc.getBytes(UTF_8));
    write(up, "core.db.tar.gz", db);
    Files.createSymbolicLink(up.resolve("core.db"), Path.of("core.db.tar.gz"));
    Path mirror = temp.resolve("arch-mirror");

    CliResult r =
        sync(
            new String[] {"--format", "arch", "--dist", "core"},
            "--index-only",
            up + "/",
            mirror.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(mirror.resolve("a-1-1-x86_64.pkg.tar.zst")).exists();
    assertThat(mirror.resolve("a-1-1-x86_64.pkg.tar.zst.sig")).exists();
    assertThat(mirror.resolve("core.db.tar.gz")).exists();
    assertThat(mirror.resolve("old-0-1-x86_64.pkg.tar.zst")).doesNotExist();
    CliResult verify =
        verify(new String[] {"--format", "arch", "--dist", "core"}, mirror.toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
  }

  private static CliResult sync(String[] format, String... args) {
    return run(concat(concat(new String[] {"sync", "-q"}, format), args));
  }

  private static CliResult verify(String[] format, String... args) {
    return run(concat(concat(new String[] {"verify"}, format), args));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] write(Path root, String path, String content) throws IOException {
    return write(root, path, content.getBytes(UTF_8));
  }

  private static byte[] write(Path root, String path, byte[] content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return content;
  }

  private static String stanza(String pkg, String arch, String filename, byte[] content) {
    return "Package: "
        + pkg
        + "\nVersion: 1\nArchitecture: "
        + arch
        + "\nFilename: "
        + filename
        + "\nSize: "
        + content.length
        + "\nSHA256: "
        + sha256(content)
        + "\n";
  }

  private static String index(byte[] content, String name) {
    return " " + sha256(content) + " " + content.length + " " + name + "\n";
  }

  private static String rpm(String name, String arch, byte[] content) {
    return "<package type=\"rpm\"><name>"
        + name
        + "</name><arch>"
        + arch
        + "</arch><checksum type=\"sha256\" pkgid=\"YES\">"
        + sha256(content)
        + "</checksum><size package=\""
        + content.length
        + "\" installed=\"0\" archive=\"0\"/><location href=\"Packages/"
        + name
        + "-1-1."
        + arch
        + ".rpm\"/></package>\n";
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] tarGz(String member, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      TarArchiveEntry dir = new TarArchiveEntry(member.substring(0, member.indexOf('/') + 1));
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      TarArchiveEntry e = new TarArchiveEntry(member);
      e.setSize(content.length);
      tar.putArchiveEntry(e);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
