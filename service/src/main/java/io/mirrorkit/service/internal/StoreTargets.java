package io.mirrorkit.service.internal;

import io.mirrorkit.SyncRequest;
import io.mirrorkit.internal.StoreRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A mirror whose {@code target} is a mirror store's URI ({@code s3://bucket/prefix/}) rather than a
 * directory. The sync, the upstream marker, the state, the hooks and the downstream pushes work as
 * for a directory (none of them writes into the mirror); what writes files into the mirror's tree
 * outside a sync is refused with the key to remove: {@code trace} (the ftpsync and lastsync files)
 * and {@code announce_lock} (the {@code Archive-Update-in-Progress-HOST} file), since a store
 * target takes files only through a sync.
 */
final class StoreTargets {
  private StoreTargets() {}

  /**
   * The store URI {@code target} names, or null for a directory.
   *
   * @param settings the mirror's keys (over the defaults)
   * @param fail makes the exception for a key and its problem
   */
  static @Nullable URI check(
      String target,
      Map<String, Object> settings,
      BiFunction<String, String, RuntimeException> fail) {
    if (!SyncRequest.isStoreUri(target) || target.regionMatches(true, 0, "file:", 0, 5)) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(target.endsWith("/") ? target : target + "/");
    } catch (URISyntaxException e) {
      throw fail.apply("target", "'" + target + "' is not a URI: " + e.getMessage());
    }
    try {
      StoreRegistry.discovered().forScheme(uri.getScheme());
    } catch (IllegalArgumentException e) {
      throw fail.apply("target", e.getMessage());
    }
    Object trace = settings.get("trace");
    if (trace != null && !(trace instanceof org.tomlj.TomlArray a && a.isEmpty())) {
      throw fail.apply(
          "trace",
          "trace files are written into a mirror directory; the target "
              + uri
              + " takes files only through a sync: remove trace (a downstream can read the"
              + " upstream's own trace, which the sync copies)");
    }
    if (Boolean.TRUE.equals(settings.get("announce_lock"))) {
      throw fail.apply(
          "announce_lock",
          "the Archive-Update-in-Progress file is written into a mirror directory; the target "
              + uri
              + " takes files only through a sync: remove announce_lock (the store's own lock"
              + " keeps two syncs apart)");
    }
    return uri;
  }
}
