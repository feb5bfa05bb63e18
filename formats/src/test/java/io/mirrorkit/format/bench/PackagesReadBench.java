package io.mirrorkit.format.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.deb.DebianFormat;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Reads generated Debian distributions whose {@code main/binary-amd64/Packages} has 100k stanzas
 * (as {@code .xz}, {@code .gz} or both) (the size of Debian's main; stanzas shaped like Debian's,
 * descriptions included) and prints the read time and the heap: the peak while reading and what the
 * result holds. Run from the formats module's test class path: {@code java -cp ...
 * io.mirrorkit.format.bench.PackagesReadBench [stanzas]}.
 */
public final class PackagesReadBench {
  private PackagesReadBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path root = Files.createTempDirectory("packages-bench");
    Path plain = root.resolve("Packages");
    write(plain, n);
    // Debian publishes Packages.xz and Packages.gz; a repository may have only one of them
    distribution(root, "xz", plain, ".xz");
    distribution(root, "gz", plain, ".gz");
    distribution(root, "both", plain, ".xz", ".gz");
    System.out.printf("Packages: %d stanzas, %d MiB uncompressed%n", n, Files.size(plain) >> 20);
    for (String dist : new String[] {"xz", "gz", "both"}) {
      for (int round = 0; round < 4; round++) {
        run(root, dist);
      }
    }
  }

  /** Writes {@code dists/<dist>} with {@code plain} in the variants given, and its Release. */
  private static void distribution(Path root, String dist, Path plain, String... suffixes)
      throws IOException {
    Path dir = root.resolve("dists/" + dist + "/main/binary-amd64");
    Files.createDirectories(dir);
    StringBuilder release =
        new StringBuilder("Suite: " + dist + "\nComponents: main\nArchitectures: amd64\nSHA256:\n");
    for (String suffix : suffixes) {
      Path file = dir.resolve("Packages" + suffix);
      try (OutputStream raw = Files.newOutputStream(file);
          OutputStream z =
              suffix.equals(".xz")
                  ? new XZOutputStream(raw, new LZMA2Options(6))
                  : new GZIPOutputStream(raw, 1 << 16)) {
        Files.copy(plain, z);
      }
      release.append(' ').append(sha256(file)).append(' ').append(Files.size(file));
      release.append(" main/binary-amd64/Packages").append(suffix).append('\n');
      System.out.printf("%s: Packages%s %d MiB%n", dist, suffix, Files.size(file) >> 20);
    }
    Files.writeString(root.resolve("dists/" + dist + "/Release"), release.toString());
  }

  private static void run(Path root, String dist) throws IOException {
    System.gc();
    long before = usedHeap();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    RepositoryIndex index =
        new DebianFormat()
            .read(
                LocalVerification.files(root),
                Selection.builder().dist(dist).architecture("amd64").build(),
                null);
    long ms = (System.nanoTime() - start) / 1_000_000;
    long cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
    long peak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();
    System.gc();
    long held = usedHeap() - before;
    System.out.printf(
        "%s: read %d entries in %d ms (%d ms CPU); peak heap %d MiB; the result holds %d MiB%n",
        dist, index.data().size(), ms, cpuMs, peak >> 20, held >> 20);
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Writes {@code n} stanzas shaped like Debian's to {@code file}. */
  private static void write(Path file, int n) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, UTF_8)) {
      HexFormat hex = HexFormat.of();
      for (int i = 0; i < n; i++) {
        String name = "package" + i;
        byte[] seed = (name + "\n").getBytes(UTF_8);
        w.write("Package: " + name + "\nVersion: 1." + i + "-1\nInstalled-Size: " + (i % 5000));
        w.write("\nMaintainer: Debian Maintainer <maint" + i + "@example.org>\n");
        w.write("Architecture: " + (i % 4 == 0 ? "all" : "amd64") + "\n");
        w.write("Depends: libc6 (>= 2.36), libfoo" + (i % 100) + " (>= 1.2), bar | baz\n");
        w.write("Description: the package number " + i + " of the benchmark\n");
        w.write("Multi-Arch: foreign\nHomepage: https://example.org/" + name + "\n");
        w.write("Description-md5: " + hex.formatHex(digest("MD5", seed)) + "\n");
        w.write("Section: misc\nPriority: optional\n");
        w.write("Filename: pool/main/" + name.charAt(0) + "/" + name + "/" + name + "_1." + i);
        w.write("-1_amd64.deb\nSize: " + (1000 + i) + "\n");
        w.write("MD5sum: " + hex.formatHex(digest("MD5", seed)) + "\n");
        w.write("SHA256: " + hex.formatHex(digest("SHA-256", seed)) + "\n\n");
      }
    }
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
