package io.mirrorkit.format.arch;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;

/** Databases written by hand (for malformed and hostile ones), and files held in memory. */
final class HandMadeDb {
  private HandMadeDb() {}

  /** A desc entry as repo-add writes it, for the package file {@code filename}. */
  static String desc(String filename, String csize, String arch) {
    return "%FILENAME%\n"
        + filename
        + "\n\n%NAME%\nx\n\n%VERSION%\n1-1\n\n%CSIZE%\n"
        + csize
        + "\n\n%SHA256SUM%\n"
        + "0".repeat(64)
        + "\n\n%ARCH%\n"
        + arch
        + "\n\n";
  }

  /** A plain tar of {@code members} (name → content; a name ending in / is a directory). */
  static byte[] tar(Map<String, String> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, String> m : members.entrySet()) {
        byte[] content = m.getValue().getBytes(UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(m.getKey(), true);
        if (!m.getKey().endsWith("/")) {
          e.setSize(content.length);
        }
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A tar of one package's {@code desc}. */
  static byte[] tarOf(String desc) {
    return tar(Map.of("x-1-1/desc", desc));
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Files in memory, by path. */
  static RepositoryFiles files(Map<String, byte[]> files) {
    Map<String, byte[]> copy = new LinkedHashMap<>(files);
    return new RepositoryFiles() {
      @Override
      public @Nullable InputStream open(MirrorPath path, PackageList.@Nullable Entry expected) {
        byte[] bytes = copy.get(path.toString());
        return bytes == null ? null : new ByteArrayInputStream(bytes);
      }
    };
  }

  /** Files holding only {@code core.db}. */
  static RepositoryFiles db(byte[] bytes) {
    return files(Map.of("core.db", bytes));
  }
}
