package io.mirrorkit.format.bench;

import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.hsphere.PackageListFormat;
import io.mirrorkit.format.hsphere.PkgXmlFormat;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a generated 100k-line {@code pkglist} and a 100k-entry {@code _pkg.xml} and prints the time
 * and the peak heap. Run from the formats module's test class path: {@code java -cp ...
 * io.mirrorkit.format.bench.HsphereBench [entries]}.
 */
public final class HsphereBench {
  private HsphereBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("hsphere-bench");
    Path list = dir.resolve("3.1/pkglist");
    Files.createDirectories(list.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(list)) {
      for (int i = 0; i < n; i++) {
        w.write((i % 2 == 0 ? "RHES4" : "FBSD54") + "/hsphere-pkg" + i + "-3.1-" + i + ".rpm\n");
      }
    }
    Path xml = dir.resolve("mypkg/src/_pkg.xml");
    Files.createDirectories(xml.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(xml)) {
      w.write("<?xml version=\"1.0\"?>\n<pkg name=\"big\"><rpms>\n");
      for (int i = 0; i < n; i++) {
        w.write(
            "<rpm name=\"pkg"
                + i
                + "-1.0-1\" server_group=\"WEB\"><platform name=\"RHES4\" location=\""
                + (i % 2 == 0 ? "BUILT-IN" : "http://vendor.example/rpms/pkg" + i + ".rpm")
                + "\"/><platform name=\"FBSD54\" location=\"BUILT-IN\"/></rpm>\n");
      }
      w.write("</rpms></pkg>\n");
    }
    for (int round = 0; round < 3; round++) {
      run("pkglist", new PackageListFormat(), dir, "3.1/pkglist", Files.size(list));
      run("pkgxml", new PkgXmlFormat(), dir, "mypkg/src/_pkg.xml", Files.size(xml));
    }
  }

  private static void run(String label, RepositoryFormat format, Path dir, String file, long bytes)
      throws IOException {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    RepositoryIndex index =
        format.read(
            LocalVerification.files(dir),
            Selection.builder().list(file).platform("RHES4").build(),
            null);
    long ms = (System.nanoTime() - start) / 1_000_000;
    long peak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();
    System.out.printf(
        "%s: %d bytes, %d entries in %d ms, peak heap %d MiB%n",
        label, bytes, index.data().size(), ms, peak >> 20);
  }
}
