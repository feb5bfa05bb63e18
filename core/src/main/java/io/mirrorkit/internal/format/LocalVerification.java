package io.mirrorkit.internal.format;

import io.mirrorkit.Checksum;
import io.mirrorkit.FilterRules;
import io.mirrorkit.FormatOptions;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.RepositoryFiles;
import io.mirrorkit.RepositoryFormat;
import io.mirrorkit.RepositoryFormats;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.VerifyReport;
import io.mirrorkit.internal.local.Generations;
import io.mirrorkit.internal.local.LocalMirror;
import io.mirrorkit.internal.local.LocalTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link io.mirrorkit.MirrorVerifier} over a local directory. */
public final class LocalVerification {
  private LocalVerification() {}

  /** The files of a local tree, as a format reads them. */
  public static RepositoryFiles files(Path root) {
    return new RepositoryFiles() {
      @Override
      public @Nullable InputStream open(MirrorPath path, PackageList.@Nullable Entry expected)
          throws IOException {
        Path file = root.resolve(path.toString());
        if (!Files.isRegularFile(file)) {
          return null;
        }
        try {
          return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
          return null;
        }
      }
    };
  }

  public static VerifyReport verify(Path target, FormatOptions options, boolean quick)
      throws IOException {
    Generations generations = Generations.of(target);
    Path root = generations.inUse() ? target.resolve(Generations.CURRENT) : target;
    RepositoryFormat format = RepositoryFormats.find(options.format(), null);
    RepositoryIndex index = format.read(files(root), options.selection(), options.keyring());
    PackageList named = index.data().merge(index.allMetadata());
    List<MirrorPath> missing = new ArrayList<>();
    List<String> corrupt = new ArrayList<>();
    for (PackageList.Entry e : named) {
      Path file = root.resolve(e.path().toString());
      if (!Files.isRegularFile(file)) {
        missing.add(e.path());
        continue;
      }
      String problem = problem(e, file, quick);
      if (problem != null) {
        corrupt.add(e.path() + ": " + problem);
      }
    }
    List<MirrorPath> unreferenced = new ArrayList<>();
    for (RemoteEntry local :
        LocalTree.scan(root, FilterRules.none(), LocalMirror::isOwn, message -> {})) {
      if (local.isFile() && !named.contains(local.path())) {
        unreferenced.add(local.path());
      }
    }
    missing.sort(null);
    corrupt.sort(null);
    unreferenced.sort(null);
    return new VerifyReport(format.name(), named.size(), missing, corrupt, unreferenced, quick);
  }

  /** What is wrong with the local copy of {@code e}, or null when it matches. */
  static @Nullable String problem(PackageList.Entry e, Path file, boolean quick)
      throws IOException {
    long size = Files.size(file);
    if (e.hasSize() && size != e.size()) {
      return "size " + size + ", the metadata says " + e.size();
    }
    Checksum wanted = e.strongest();
    if (quick || wanted == null) {
      return null;
    }
    Checksum actual = LocalTree.checksum(file, wanted.algorithm());
    return actual.equals(wanted)
        ? null
        : wanted.algorithm() + " " + actual.hex() + ", the metadata says " + wanted.hex();
  }
}
