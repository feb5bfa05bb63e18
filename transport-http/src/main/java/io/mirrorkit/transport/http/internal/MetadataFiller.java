package io.mirrorkit.transport.http.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.spi.ListingGuard;
import io.mirrorkit.spi.TreeWalk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HEADs the files whose size or time the listing did not give ({@link
 * io.mirrorkit.transport.http.HttpOptions#HEAD_FOR_METADATA}), except those core holds a validator
 * for: they are fetched conditionally instead (one request either way, and a changed file comes at
 * once).
 */
final class MetadataFiller {
  private static final Logger log = LoggerFactory.getLogger(MetadataFiller.class);

  private final HttpLayout layout;
  private final HttpCalls calls;
  private final ListingGuard guard;
  private final TreeWalk tasks;

  MetadataFiller(HttpLayout layout, HttpCalls calls, ListingGuard guard, TreeWalk tasks) {
    this.layout = layout;
    this.calls = calls;
    this.guard = guard;
    this.tasks = tasks;
  }

  void fill(
      Map<MirrorPath, RemoteEntry> entries, Predicate<MirrorPath> validated, AtomicLong precision)
      throws IOException {
    List<RemoteEntry> missing = new ArrayList<>();
    for (RemoteEntry e : entries.values()) {
      if (e.isFile()
          && (e.size() == RemoteEntry.UNKNOWN || e.mtime() == null)
          && !validated.test(e.path())) {
        missing.add(e);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    precision.accumulateAndGet(Duration.ofSeconds(1).toNanos(), Math::max);
    for (RemoteEntry e : missing) {
      tasks.submit(() -> head(e, entries));
    }
    tasks.await();
  }

  private void head(RemoteEntry e, Map<MirrorPath, RemoteEntry> entries) throws IOException {
    guard.checkTime(e.path().parent());
    HttpUrl url = layout.urlFor(e.path());
    Response response;
    try {
      response = calls.follow(url, "HEAD");
    } catch (InterruptedIOException ex) {
      throw ex;
    } catch (IOException ex) {
      // metadata is a hint: the file is listed and fetched all the same
      log.debug("HEAD {} failed: {}", url, ex.toString());
      return;
    }
    try (Response r = response) {
      if (!r.isSuccessful()) {
        return; // left as the listing said; a 404 is reported when fetched
      }
      entries.put(e.path(), filled(e, r));
    }
  }

  private static RemoteEntry filled(RemoteEntry e, Response r) {
    RemoteEntry filled = e;
    String length = r.header("Content-Length");
    if (e.size() == RemoteEntry.UNKNOWN && length != null) {
      try {
        filled = filled.withSize(Long.parseLong(length.trim()));
      } catch (NumberFormatException ignored) {
        // left unknown
      }
    }
    Instant lm = HttpCalls.httpDate(r.header("Last-Modified"));
    if (e.mtime() == null && lm != null) {
      filled = filled.withMtime(lm);
    }
    return filled;
  }
}
