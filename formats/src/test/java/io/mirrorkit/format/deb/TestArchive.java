package io.mirrorkit.format.deb;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.format.ThrowawayGpg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * A hand-made Debian distribution for tests of what reprepro does not make (by-hash, translations)
 * and of malformed or hostile indices: index files written as given, and a {@code Release} that
 * lists every file under {@code dists/<dist>/} with its true size and checksums (a small {@code
 * apt-ftparchive release}), optionally signed.
 */
final class TestArchive {
  private static final Set<String> ROOT_FILES = Set.of("Release", "InRelease", "Release.gpg");

  private final Path root;
  private final String dist;

  TestArchive(Path root, String dist) {
    this.root = root;
    this.dist = dist;
  }

  Path root() {
    return root;
  }

  Path distDir() {
    return root.resolve("dists/" + dist);
  }

  /** Writes {@code bytes} at {@code path} relative to the archive root. */
  TestArchive write(String path, byte[] bytes) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return this;
  }

  TestArchive write(String path, String text) throws IOException {
    return write(path, text.getBytes(UTF_8));
  }

  /**
   * Writes {@code dists/<dist>/Release} listing every index file under the distribution (not
   * by-hash copies), plus {@code alsoListed} (names relative to the distribution with their
   * content, which are not written: listed but absent, like Debian's uncompressed indices).
   *
   * @param byHash whether to say {@code Acquire-By-Hash: yes} and write the SHA256 copies
   */
  void writeRelease(String header, boolean byHash, List<Listed> alsoListed) throws IOException {
    List<Listed> files = new ArrayList<>();
    Path distDir = distDir();
    try (Stream<Path> s = Files.walk(distDir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String name = distDir.relativize(p).toString();
        if (!ROOT_FILES.contains(name) && !name.contains("by-hash/")) {
          files.add(new Listed(name, Files.readAllBytes(p)));
        }
      }
    }
    files.addAll(alsoListed);
    StringBuilder release = new StringBuilder(header);
    if (byHash) {
      release.append("Acquire-By-Hash: yes\n");
    }
    for (String[] kind : new String[][] {{"MD5Sum", "MD5"}, {"SHA256", "SHA-256"}}) {
      release.append(kind[0]).append(":\n");
      for (Listed f : files) {
        release.append(' ').append(hex(kind[1], f.content())).append(' ');
        release.append(f.content().length).append(' ').append(f.name()).append('\n');
      }
    }
    Files.writeString(distDir.resolve("Release"), release.toString());
    Files.deleteIfExists(distDir.resolve("InRelease"));
    Files.deleteIfExists(distDir.resolve("Release.gpg"));
    if (byHash) {
      for (Listed f : files) {
        Path file = distDir.resolve(f.name());
        if (Files.exists(file) && !f.name().endsWith("/Release")) {
          Path copy = file.resolveSibling("by-hash/SHA256/" + hex("SHA-256", f.content()));
          Files.createDirectories(copy.getParent());
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Signs the Release into InRelease and Release.gpg with {@code key}. */
  void sign(ThrowawayGpg gpg, String key) throws IOException {
    Path release = distDir().resolve("Release");
    gpg.clearSign(release, distDir().resolve("InRelease"), key);
    gpg.detachSign(release, distDir().resolve("Release.gpg"), false, key);
  }

  /** A file a Release lists. */
  record Listed(String name, byte[] content) {}

  static String header(String dist, String components, String architectures) {
    return "Origin: test\nSuite: "
        + dist
        + "\nCodename: "
        + dist
        + "\nDate: Thu, 01 Jan 2026 00:00:00 UTC\nComponents: "
        + components
        + "\nArchitectures: "
        + architectures
        + "\n";
  }

  static byte[] gz(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  static byte[] xz(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new XZOutputStream(out, new LZMA2Options(1))) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Packages stanza for {@code filename} with the true size and SHA256 of {@code content}. */
  static String stanza(String pkg, String arch, String filename, byte @Nullable [] content) {
    byte[] c = content == null ? new byte[0] : content;
    return "Package: "
        + pkg
        + "\nVersion: 1.0\nArchitecture: "
        + arch
        + "\nFilename: "
        + filename
        + "\nSize: "
        + c.length
        + "\nSHA256: "
        + hex("SHA-256", c)
        + "\nDescription: "
        + pkg
        + "\n a long description\n .\n with paragraphs\n\n";
  }
}
