package io.mirrorkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What to sync: an upstream, a target, the options and a listener.
 *
 * <p>The target is a local directory ({@code target}), or a mirror store named by a URI ({@code
 * store}, e.g. {@code s3://bucket/prefix/}) that a {@link io.mirrorkit.spi.MirrorStoreProvider}
 * serves for its scheme. For a store target, {@code target} is only a local directory the store may
 * keep temporary files in (by default {@code java.io.tmpdir}); nothing is published there.
 *
 * <p>Immutable and thread-safe (as far as the listener is).
 *
 * @param repository the upstream
 * @param target the local mirror directory (created when missing); for a store target, a local
 *     directory for temporary files
 * @param options how to sync
 * @param listener progress events; {@link SyncListener#NONE} for none
 * @param store the URI of the mirror store the sync writes to, or null for the local directory
 *     {@code target}
 */
public record SyncRequest(
    Repository repository,
    Path target,
    SyncOptions options,
    SyncListener listener,
    @Nullable URI store) {
  public SyncRequest {
    target = target.toAbsolutePath().normalize();
    if (store != null) {
      String scheme = store.getScheme();
      if (scheme == null || scheme.equalsIgnoreCase("file") || !store.isAbsolute()) {
        throw new IllegalArgumentException(
            "a store target needs a URI with a scheme other than file: (e.g. s3://bucket/prefix/),"
                + " not "
                + store
                + "; give a local directory as a Path");
      }
      store =
          URI.create(scheme.toLowerCase(Locale.ROOT) + store.toString().substring(scheme.length()));
    }
  }

  /** A request for the local directory {@code target}. */
  public SyncRequest(
      Repository repository, Path target, SyncOptions options, SyncListener listener) {
    this(repository, target, options, listener, null);
  }

  /** A request with default options and no listener. */
  public static SyncRequest of(Repository repository, Path target) {
    return new SyncRequest(repository, target, SyncOptions.defaults(), SyncListener.NONE);
  }

  /** A request with the given options and no listener. */
  public static SyncRequest of(Repository repository, Path target, SyncOptions options) {
    return new SyncRequest(repository, target, options, SyncListener.NONE);
  }

  /**
   * A request for a target given as a URI: {@code file:} names a local directory, any other scheme
   * a mirror store ({@code s3://bucket/prefix/}).
   */
  public static SyncRequest of(Repository repository, URI target, SyncOptions options) {
    if (target.getScheme() == null || target.getScheme().equalsIgnoreCase("file")) {
      return of(
          repository,
          target.getScheme() == null ? Path.of(target.getPath()) : Path.of(target),
          options);
    }
    return new SyncRequest(repository, defaultWorkDirectory(), options, SyncListener.NONE, target);
  }

  /**
   * A request for a target as a user writes it: a URI with a scheme of two letters or more and
   * {@code ://} ({@code s3://bucket/prefix/}, {@code file:///srv/mirror}) or a local path.
   */
  public static SyncRequest of(Repository repository, String target, SyncOptions options) {
    if (isStoreUri(target)) {
      return of(repository, URI.create(target), options);
    }
    return of(repository, Path.of(target), options);
  }

  /** Whether {@code target} is written as a URI ({@code scheme://...}) rather than a path. */
  public static boolean isStoreUri(String target) {
    int colon = target.indexOf("://");
    return colon >= 2 && target.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
  }

  /** Where the mirror is, for messages and reports: the store's URI, or the directory. */
  public String location() {
    return store != null ? store.toString() : target.toString();
  }

  public SyncRequest withOptions(SyncOptions newOptions) {
    return new SyncRequest(repository, target, newOptions, listener, store);
  }

  public SyncRequest withListener(SyncListener newListener) {
    return new SyncRequest(repository, target, options, newListener, store);
  }

  private static Path defaultWorkDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }
}
