package io.mirrorkit.format.deb;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tukaani.xz.XZInputStream;

public class TmpProfile {
  public static void main(String[] args) throws Exception {
    Path xz = Path.of(args[0]);
    byte[] comp = Files.readAllBytes(xz);
    byte[] plain = new XZInputStream(new ByteArrayInputStream(comp)).readAllBytes();
    MirrorPath p = MirrorPath.of("x/Packages");
    for (int r = 0; r < 4; r++) {
      long t0 = System.nanoTime();
      new XZInputStream(new java.io.BufferedInputStream(new ByteArrayInputStream(comp), 65536))
          .transferTo(java.io.OutputStream.nullOutputStream());
      long t1 = System.nanoTime();
      StanzaReader sr =
          new StanzaReader(
              new ByteArrayInputStream(plain),
              p,
              List.of("package", "filename", "size", "sha512", "sha256", "sha1", "md5sum"));
      int n = 0;
      while (sr.next() != null) n++;
      long t2 = System.nanoTime();
      PackageList.Builder b = PackageList.builder();
      PoolIndexReader.readPackages(new ByteArrayInputStream(plain), p, b);
      long t3 = System.nanoTime();
      PackageList l = b.build();
      long t4 = System.nanoTime();
      System.out.printf(
          "xz %d ms, stanzas %d ms (%d), readPackages %d ms, build %d ms%n",
          (t1 - t0) / 1000000, (t2 - t1) / 1000000, n, (t3 - t2) / 1000000, (t4 - t3) / 1000000);
    }
  }
}
