package io.mirrorkit.format.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.arch.ArchFormat;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Reads a generated pacman database of 100k packages (a gzipped tar of {@code desc} entries as
 * repo-add writes them, every third with a {@code %PGPSIG%}) and prints the time and the peak heap.
 * Run from the formats module's test class path: {@code java -cp ...
 * io.mirrorkit.format.bench.ArchBench [packages]}.
 */
public final class ArchBench {
  private ArchBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("arch-bench");
    Path db = dir.resolve("core.db");
    byte[] sig = new byte[119];
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(db), 65536);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (int i = 0; i < n; i++) {
        String name = "pkg" + i + "-1.0-1";
        byte[] desc = desc(i, name, i % 3 == 0 ? Base64.getEncoder().encodeToString(sig) : null);
        TarArchiveEntry e = new TarArchiveEntry(name + "/desc");
        e.setSize(desc.length);
        tar.putArchiveEntry(e);
        tar.write(desc);
        tar.closeArchiveEntry();
      }
    }
    try {
      for (int round = 0; round < 3; round++) {
        run(dir, Files.size(db));
      }
    } finally {
      Files.delete(db);
      Files.delete(dir);
    }
  }

  private static byte[] desc(int i, String name, String pgpsig) {
    HexFormat hex = HexFormat.of();
    String sum = hex.toHexDigits((long) i * 2654435761L);
    StringBuilder b = new StringBuilder();
    b.append("%FILENAME%\n").append(name).append(i % 2 == 0 ? "-x86_64" : "-any");
    b.append(".pkg.tar.zst\n\n%NAME%\npkg").append(i).append("\n\n%VERSION%\n1.0-1\n\n");
    b.append("%DESC%\nA generated package for the benchmark, number ").append(i).append("\n\n");
    b.append("%CSIZE%\n").append(1000 + i).append("\n\n%ISIZE%\n").append(4000 + i);
    b.append("\n\n%MD5SUM%\n").append(sum).append(sum).append("\n\n%SHA256SUM%\n");
    b.append(sum.repeat(4)).append("\n\n");
    if (pgpsig != null) {
      b.append("%PGPSIG%\n").append(pgpsig).append("\n\n");
    }
    b.append("%URL%\nhttps://example.invalid/\n\n%LICENSE%\nMIT\n\n%ARCH%\n");
    b.append(i % 2 == 0 ? "x86_64" : "any").append("\n\n%BUILDDATE%\n1700000000\n\n");
    b.append("%PACKAGER%\nBench <bench@example.invalid>\n\n%DEPENDS%\nglibc\nzlib\n\n");
    return b.toString().getBytes(UTF_8);
  }

  private static void run(Path dir, long bytes) throws IOException {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    RepositoryIndex index =
        new ArchFormat()
            .read(
                LocalVerification.files(dir),
                Selection.builder().dist("core").architecture("x86_64").build(),
                null);
    long ms = (System.nanoTime() - start) / 1_000_000;
    long cpuMs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1_000_000;
    long peak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();
    System.out.printf(
        "arch: core.db %d bytes (gzip), %d entries (packages and .sig, x86_64 and any) in %d ms"
            + " (%d ms CPU), peak heap %d MiB%n",
        bytes, index.data().size(), ms, cpuMs, peak >> 20);
  }
}
