package io.mirrorkit.format.arch;

import static io.mirrorkit.format.arch.HandMadeDb.desc;
import static io.mirrorkit.format.arch.HandMadeDb.gzip;
import static io.mirrorkit.format.arch.HandMadeDb.tar;
import static io.mirrorkit.format.arch.HandMadeDb.tarOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Malformed and hostile databases: each is a {@link MetadataException} naming the database. */
class ArchHostileDatabaseTest {
  static final Selection CORE = Selection.builder().dist("core").build();
  final ArchFormat format = new ArchFormat();

  RepositoryIndex read(RepositoryFiles files) throws IOException {
    return format.read(files, CORE, null);
  }

  AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] db) {
    return assertThatThrownBy(() -> read(HandMadeDb.db(db)))
        .isInstanceOfSatisfying(
            MetadataException.class, e -> assertThat(e.file()).hasToString("core.db"));
  }

  @Test
  void aWellFormedHandMadeDatabaseReads() throws Exception {
    PackageList data =
        read(HandMadeDb.db(gzip(tarOf(desc("x-1-1-any.pkg.tar.zst", "12", "any"))))).data();
    assertThat(data.get(MirrorPath.of("x-1-1-any.pkg.tar.zst")).size()).isEqualTo(12);
  }

  @Test
  void aFilenameOutsideTheDirectoryIsRefused() {
    for (String name :
        new String[] {"../escape.pkg.tar.zst", "sub/x.pkg.tar.zst", "/etc/x", ".."}) {
      assertRefused(gzip(tarOf(desc(name, "1", "any"))))
          .hasMessageContaining("%FILENAME%")
          .hasMessageContaining("not a file name in the repository's directory");
    }
  }

  @Test
  void aFilenameNamingADatabaseIsRefused() {
    assertRefused(tarOf(desc("core.db.tar.gz", "1", "any"))).hasMessageContaining("the database");
  }

  @Test
  void aNonNumericSizeIsRefused() {
    assertRefused(gzip(tarOf(desc("x.pkg.tar.zst", "12k", "any"))))
        .hasMessageContaining("%CSIZE% \"12k\"");
    assertRefused(gzip(tarOf(desc("x.pkg.tar.zst", "-1", "any")))).hasMessageContaining("%CSIZE%");
    assertRefused(gzip(tarOf(desc("x.pkg.tar.zst", "99999999999999999999", "any"))))
        .hasMessageContaining("%CSIZE%");
  }

  @Test
  void malformedChecksumsAndSignaturesAreRefused() {
    String good = desc("x.pkg.tar.zst", "1", "any");
    assertRefused(tarOf(good.replace("0".repeat(64), "z".repeat(64))))
        .hasMessageContaining("%SHA256SUM%");
    assertRefused(tarOf(good.replace("0".repeat(64), "0".repeat(63))))
        .hasMessageContaining("%SHA256SUM%");
    assertRefused(tarOf(good + "%MD5SUM%\n1234\n\n")).hasMessageContaining("%MD5SUM%");
    assertRefused(tarOf(good + "%PGPSIG%\nnot base64!\n\n")).hasMessageContaining("%PGPSIG%");
    assertRefused(tarOf(good + "%FILENAME%\ny.pkg.tar.zst\n\n"))
        .hasMessageContaining("two %FILENAME%");
    assertRefused(tarOf("%NAME%\nx\n\n")).hasMessageContaining("no %FILENAME%");
  }

  @Test
  void twoEntriesNamingOneFileDifferentlyAreRefused() {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("a-1-1/desc", desc("x.pkg.tar.zst", "1", "any"));
    members.put("b-1-1/desc", desc("x.pkg.tar.zst", "2", "any"));
    assertRefused(tar(members)).hasMessageContaining("x.pkg.tar.zst");
  }

  @Test
  void anOversizedDescIsRefused() {
    String huge = desc("x.pkg.tar.zst", "1", "any") + "%DESC%\n" + "a".repeat(1 << 20) + "\n\n";
    assertRefused(gzip(tarOf(huge))).hasMessageContaining("more than 1048576");
  }

  @Test
  void aMemberNameWithDotDotIsRefused() {
    assertRefused(tar(Map.of("../x-1-1/desc", desc("x.pkg.tar.zst", "1", "any"))))
        .hasMessageContaining("not a safe relative name");
    assertRefused(tar(Map.of("a/../../desc", desc("x.pkg.tar.zst", "1", "any"))))
        .hasMessageContaining("not a safe relative name");
  }

  @Test
  void aTruncatedDatabaseIsRefused() {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("a-1-1/", "");
    members.put("a-1-1/desc", desc("a.pkg.tar.zst", "1", "any"));
    members.put("b-1-1/", "");
    members.put("b-1-1/desc", desc("b.pkg.tar.zst", "2", "any"));
    byte[] plain = tar(members);
    byte[] gz = gzip(plain);
    assertRefused(Arrays.copyOf(gz, gz.length / 2));
    // cut between two members, and inside a member: a tar reader alone would not notice the first
    assertRefused(Arrays.copyOf(plain, 3 * 512)).hasMessageContaining("truncated");
    assertRefused(Arrays.copyOf(plain, 3 * 512 + 100));
    assertRefused(new byte[0]).hasMessageContaining("truncated");
  }

  @Test
  void somethingElseThanADatabaseIsRefused() {
    assertRefused("<html><body>404 Not Found</body></html>\n".getBytes(UTF_8));
    assertRefused(gzip("not a tar, but gzipped".getBytes(UTF_8)));
    assertRefused(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2, 3});
  }

  @Test
  void aFailingInputIsAnIoErrorNotAMetadataError() {
    byte[] good = gzip(tarOf(desc("x.pkg.tar.zst", "1", "any")));
    RepositoryFiles failing =
        new RepositoryFiles() {
          @Override
          public @Nullable InputStream open(MirrorPath path, PackageList.@Nullable Entry expected) {
            if (!path.toString().equals("core.db")) {
              return null;
            }
            return new java.io.FilterInputStream(
                new java.io.ByteArrayInputStream(good, 0, good.length / 2)) {
              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                  throw new IOException("disk on fire");
                }
                return n;
              }
            };
          }
        };
    assertThatThrownBy(() -> read(failing))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("disk on fire");
  }
}
