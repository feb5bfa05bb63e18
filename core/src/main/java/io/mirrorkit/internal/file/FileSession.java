package io.mirrorkit.internal.file;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.internal.local.LocalTree;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.ParallelFetch;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A session over a local directory: lists with {@link LocalTree}, fetches by copying. */
final class FileSession implements Session {
  /** The checksum the {@code file://} listing gives when asked. */
  static final String CHECKSUM = "MD5";

  private final Path root;
  private final SyncOptions options;
  private final SessionContext context;

  FileSession(Path root, SyncOptions options, SessionContext context) {
    this.root = root;
    this.options = options;
    this.context = context;
  }

  @Override
  public Listing list(ListRequest request) throws IOException {
    List<RemoteEntry> entries = LocalTree.scan(root, request.filters(), p -> false, context::warn);
    if (request.checksums()) {
      List<RemoteEntry> summed = new ArrayList<>(entries.size());
      for (RemoteEntry e : entries) {
        summed.add(e.isFile() ? e.withChecksum(LocalTree.checksum(source(e.path()), CHECKSUM)) : e);
      }
      entries = summed;
    }
    Map<String, Object> a =
        java.nio.file.Files.readAttributes(
            root, "unix:mode,lastModifiedTime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    Listing.Root rootAttributes =
        new Listing.Root(
            ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime"))
                .to(java.util.concurrent.TimeUnit.NANOSECONDS),
            (Integer) a.get("mode") & 07777);
    return new Listing(entries, Duration.ofNanos(1)).withRoot(rootAttributes);
  }

  @Override
  public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
    ParallelFetch.run(
        requests,
        sink,
        options.parallelism(),
        context.executor(),
        root.toString(),
        () -> (request, target, more) -> copy(request, target));
  }

  private void copy(FetchRequest request, FetchSink sink) throws IOException {
    Path source = source(request.path());
    InputStream in = open(request, source, sink);
    if (in == null) {
      return;
    }
    try (in;
        FetchTarget target = sink.open(request)) {
      long resumed = target.resume();
      if (resumed > 0) {
        in.skipNBytes(resumed); // a retry continues where the failed attempt stopped
      }
      OutputStream out = target.output();
      byte[] buffer = new byte[1 << 17];
      for (int n; (n = in.read(buffer)) > 0; ) {
        context.counters().addReceived(n);
        out.write(buffer, 0, n);
      }
      target.complete();
    }
  }

  /** Opens {@code source}, or tells {@code sink} why not and returns null. */
  private @Nullable InputStream open(FetchRequest request, Path source, FetchSink sink)
      throws IOException {
    try {
      return Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      sink.vanished(request, "no longer in " + root);
      return null;
    } catch (IOException e) { // ELOOP: a plain IOException on JDK 17
      if (!Files.isSymbolicLink(source)) {
        throw e;
      }
      // a file asked for by name (an index names it) that is a link: followed within the root
      Path real = linkTarget(source);
      if (real == null) {
        sink.failed(
            request,
            source
                + " is a symbolic link that does not lead to a file inside "
                + root
                + ": not followed; mirror the tree without a format, or fix the link upstream");
        return null;
      }
      return Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** Where the link {@code link} leads, when that is a file inside the root; else null. */
  private @Nullable Path linkTarget(Path link) throws IOException {
    Path real;
    try {
      real = link.toRealPath();
    } catch (FileSystemException e) {
      return null; // dangling, or a loop
    }
    return real.startsWith(root.toRealPath()) && Files.isRegularFile(real) ? real : null;
  }

  private Path source(MirrorPath path) {
    return root.resolve(path.toString());
  }

  @Override
  public void close() {}
}
