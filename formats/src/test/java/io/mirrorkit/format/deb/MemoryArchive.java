package io.mirrorkit.format.deb;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Debian distribution {@code d} held in memory, for malformed and hostile indices: files as
 * given, and a Release listing each file under {@code dists/d/} with its true size and SHA256 (so
 * that what is wrong is the index itself, not its checksum).
 */
final class MemoryArchive implements RepositoryFiles {
  static final String DIST = "dists/d/";

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, byte[]> listedOnly = new LinkedHashMap<>();

  @Override
  public @Nullable InputStream open(MirrorPath path, PackageList.@Nullable Entry expected) {
    byte[] bytes = files.get(path.toString());
    return bytes == null ? null : new ByteArrayInputStream(bytes);
  }

  /** Puts a file at {@code path} (from the archive root). */
  MemoryArchive put(String path, byte[] bytes) {
    files.put(path, bytes);
    return this;
  }

  MemoryArchive put(String path, String text) {
    return put(path, text.getBytes(UTF_8));
  }

  /** Lists a file in the Release without publishing it. */
  MemoryArchive listOnly(String path, byte[] bytes) {
    listedOnly.put(path, bytes);
    return this;
  }

  /** Writes {@code dists/d/Release} listing every file under {@code dists/d/}. */
  MemoryArchive release() {
    return put(DIST + "Release", releaseText());
  }

  String releaseText() {
    StringBuilder r =
        new StringBuilder("Suite: d\nComponents: main\nArchitectures: amd64\nSHA256:\n");
    Map<String, byte[]> all = new LinkedHashMap<>(files);
    all.putAll(listedOnly);
    all.forEach(
        (path, bytes) -> {
          if (path.startsWith(DIST) && !path.equals(DIST + "Release")) {
            r.append(' ').append(TestArchive.hex("SHA-256", bytes)).append(' ');
            r.append(bytes.length).append(' ').append(path.substring(DIST.length())).append('\n');
          }
        });
    return r.toString();
  }

  /** Reads it with the deb format: distribution d, everything, no keyring. */
  RepositoryIndex read() throws IOException {
    return new DebianFormat().read(this, Selection.builder().dist("d").sources(true).build(), null);
  }
}
