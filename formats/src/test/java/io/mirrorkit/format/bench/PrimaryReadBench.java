package io.mirrorkit.format.bench;

import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.format.rpm.RpmFormat;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a generated {@code primary.xml.gz} of 100k packages (by default) through {@link RpmFormat}
 * and prints the time and the peak heap, for all architectures and for one. The packages look like
 * createrepo_c's: a description, provides, requires and a few files each (some 1.4 KB of XML). Run
 * from the formats module's test class path: {@code java -Xmx256m -cp ...
 * io.mirrorkit.format.bench.PrimaryReadBench [packages]}.
 */
public final class PrimaryReadBench {
  private static final String[] ARCHES = {"x86_64", "noarch", "i686", "aarch64"};

  private PrimaryReadBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path root = Files.createTempDirectory("primary-bench");
    Path repodata = Files.createDirectories(root.resolve("repodata"));
    Path primary = repodata.resolve("primary.xml.gz");
    long xmlBytes = write(primary, n);
    byte[] gz = Files.readAllBytes(primary);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gz));
    Files.writeString(
        repodata.resolve("repomd.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<repomd xmlns=\"http://linux.duke.edu/metadata/repo\"><data type=\"primary\">"
            + "<checksum type=\"sha256\">"
            + sha
            + "</checksum><location href=\"repodata/primary.xml.gz\"/><size>"
            + gz.length
            + "</size></data></repomd>\n");
    System.out.printf(
        "primary.xml.gz: %d packages, %d bytes of XML, %d compressed%n", n, xmlBytes, gz.length);
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    for (int round = 0; round < 6; round++) {
      best[0] = Math.min(best[0], floor(primary));
      best[1] = Math.min(best[1], run("all", root, Selection.all()));
      best[2] =
          Math.min(
              best[2], run("x86_64", root, Selection.builder().architecture("x86_64").build()));
    }
    System.out.printf(
        "best of 6: StAX alone %d ms, all %d ms, x86_64 %d ms%n", best[0], best[1], best[2]);
  }

  private static long run(String label, Path root, Selection selection) throws IOException {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    RepositoryIndex index = new RpmFormat().read(LocalVerification.files(root), selection, null);
    long ms = (System.nanoTime() - start) / 1_000_000;
    long peak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();
    System.gc();
    long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(
        "%-7s %6d packages in %4d ms, peak heap %d MiB, heap after (with the list) %d MiB%n",
        label, index.data().size(), ms, peak >> 20, retained >> 20);
    return ms;
  }

  /** The JDK's StAX parser alone over the same file: the floor of a StAX read. */
  private static long floor(Path primary) throws Exception {
    long start = System.nanoTime();
    long events = 0;
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(primary), 1 << 16)) {
      XMLStreamReader r = factory.createXMLStreamReader(in);
      while (r.hasNext()) {
        r.next();
        events++;
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("(gunzip + StAX events only: %d events in %d ms)%n", events, ms);
    return ms;
  }

  /** Writes {@code n} createrepo-like packages; returns the size of the XML. */
  private static long write(Path file, int n) throws IOException {
    long[] count = {0};
    try (OutputStream raw = Files.newOutputStream(file);
        GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
        OutputStream counting =
            new java.io.FilterOutputStream(gz) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                count[0] += len;
                out.write(b, off, len);
              }
            };
        BufferedWriter w =
            new BufferedWriter(new OutputStreamWriter(counting, StandardCharsets.UTF_8), 1 << 16)) {
      w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      w.write(
          "<metadata xmlns=\"http://linux.duke.edu/metadata/common\""
              + " xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\""
              + n
              + "\">\n");
      for (int i = 0; i < n; i++) {
        w.write(pkg(i));
      }
      w.write("</metadata>\n");
    }
    return count[0];
  }

  private static String pkg(int i) {
    String arch = ARCHES[i % ARCHES.length];
    String name = "package-number-" + i;
    String nevra = name + "-1.2." + (i % 7) + "-3.fc40." + arch;
    String sha = String.format("%064x", (long) i * 2654435761L);
    return "<package type=\"rpm\">\n  <name>"
        + name
        + "</name>\n  <arch>"
        + arch
        + "</arch>\n  <version epoch=\"0\" ver=\"1.2."
        + (i % 7)
        + "\" rel=\"3.fc40\"/>\n  <checksum type=\"sha256\" pkgid=\"YES\">"
        + sha
        + "</checksum>\n  <summary>A generated package &amp; its summary</summary>\n"
        + "  <description>This package is generated for the benchmark. It has a description"
        + " of a few lines, like real packages have, so that the parser has text to pass"
        + " over.</description>\n  <packager>Fedora Project</packager>\n"
        + "  <url>https://example.org/"
        + name
        + "</url>\n  <time file=\"1700000000\" build=\"1690000000\"/>\n  <size package=\""
        + (10_000 + i)
        + "\" installed=\"40000\" archive=\"41000\"/>\n  <location href=\"Packages/"
        + name.charAt(name.length() - 1)
        + "/"
        + nevra
        + ".rpm\"/>\n  <format>\n    <rpm:license>MIT</rpm:license>\n"
        + "    <rpm:vendor>Fedora Project</rpm:vendor>\n    <rpm:group>Unspecified</rpm:group>\n"
        + "    <rpm:buildhost>buildvm.example.org</rpm:buildhost>\n    <rpm:sourcerpm>"
        + name
        + "-1.2-3.fc40.src.rpm</rpm:sourcerpm>\n"
        + "    <rpm:header-range start=\"4504\" end=\"9000\"/>\n    <rpm:provides>\n"
        + "      <rpm:entry name=\""
        + name
        + "\" flags=\"EQ\" epoch=\"0\" ver=\"1.2\" rel=\"3.fc40\"/>\n"
        + "      <rpm:entry name=\""
        + name
        + "(x86-64)\" flags=\"EQ\" epoch=\"0\" ver=\"1.2\" rel=\"3.fc40\"/>\n"
        + "    </rpm:provides>\n    <rpm:requires>\n"
        + "      <rpm:entry name=\"libc.so.6()(64bit)\"/>\n"
        + "      <rpm:entry name=\"libc.so.6(GLIBC_2.34)(64bit)\"/>\n"
        + "      <rpm:entry name=\"rtld(GNU_HASH)\"/>\n"
        + "    </rpm:requires>\n    <file>/usr/bin/"
        + name
        + "</file>\n  </format>\n</package>\n";
  }
}
