package io.mirrorkit.format;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.UnsafePathException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A test format ({@code lines}): the root index {@code INDEX} names data files ({@code D SHA256
 * SIZE PATH}) and child indices ({@code M SHA256 SIZE PATH}), which name data files the same way.
 * Stages: the child indices, then {@code INDEX}.
 */
public final class LinesFormat implements RepositoryFormat {
  static final MirrorPath ROOT = MirrorPath.of("INDEX");

  @Override
  public String name() {
    return "lines";
  }

  @Override
  public RepositoryIndex read(RepositoryFiles files, Selection selection, @Nullable Path keyring)
      throws IOException {
    PackageList.Builder data = PackageList.builder();
    PackageList.Builder children = PackageList.builder();
    read(files, ROOT, null, data, children);
    PackageList childList = children.build();
    for (PackageList.Entry child : childList) {
      read(files, child.path(), child, data, PackageList.builder());
    }
    PackageList root = PackageList.of(List.of(new PackageList.Entry(ROOT, -1, Map.of())));
    return new RepositoryIndex(data.build(), List.of(childList, root));
  }

  private static void read(
      RepositoryFiles files,
      MirrorPath path,
      PackageList.@Nullable Entry expected,
      PackageList.Builder data,
      PackageList.Builder children)
      throws IOException {
    InputStream in = files.open(path, expected);
    if (in == null) {
      throw new MetadataException(path, "missing");
    }
    byte[] bytes;
    try (in) {
      bytes = in.readAllBytes();
    }
    if (expected != null && bytes.length != expected.size()) {
      throw new MetadataException(path, "size differs from its parent's");
    }
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(" ", 4);
        PackageList.Entry e;
        try {
          e =
              new PackageList.Entry(
                  MirrorPath.parse(f[3]), Long.parseLong(f[2]), Map.of("SHA-256", f[1]));
        } catch (UnsafePathException | RuntimeException x) {
          throw new MetadataException(path, "bad line: " + line, x);
        }
        (f[0].equals("M") ? children : data).add(e);
      }
    }
  }
}
