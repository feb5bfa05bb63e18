package io.mirrorkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a sync runs: filters, delete policy and limits, staging, what to preserve, and the
 * transport's bandwidth, parallelism, timeouts and retries.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()} or derive with {@link #toBuilder()}.
 * Every setter validates its argument at once and throws {@link IllegalArgumentException} naming
 * the value, so bad configuration never surfaces in the middle of a sync.
 *
 * <p>The defaults are those of {@code rsync -rlptH} with safety added: no deletes unless asked, and
 * when deletes are on, a sync that would remove more than half of a mirror of 20 entries or more,
 * or that sees an empty upstream, stops with {@link DeleteLimitException}.
 */
public final class SyncOptions {
  /** Below this many files in the mirror the share limit does not apply (only the count limit). */
  public static final int DELETE_SHARE_MINIMUM = 20;

  private static final SyncOptions DEFAULTS = new Builder().build();

  private final SyncSettings s;
  private final FilterRules lastStageMatcher;

  private SyncOptions(Builder b) {
    this.s = b.s.frozen();
    FilterRules.Builder stage = FilterRules.builder();
    for (String glob : s.lastStage) {
      stage.exclude(glob);
    }
    this.lastStageMatcher = stage.build();
  }

  /** The defaults: see the class comment. */
  public static SyncOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Which upstream and local entries take part; excluded local entries are never deleted. */
  public FilterRules filters() {
    return s.filters;
  }

  public DeletePolicy deletePolicy() {
    return s.deletePolicy;
  }

  /** Whether local entries excluded by the filters are deleted too ({@code --delete-excluded}). */
  public boolean deleteExcluded() {
    return s.deleteExcluded;
  }

  /**
   * The most entries one sync may delete ({@code --max-delete}); {@code Long.MAX_VALUE} if none.
   */
  public long maxDelete() {
    return s.maxDelete;
  }

  /**
   * The largest share of the mirror's files, in percent, that one sync may delete (default 50).
   * Applies once the mirror holds {@link #DELETE_SHARE_MINIMUM} files or more.
   */
  public int maxDeletePercent() {
    return s.maxDeletePercent;
  }

  /** Whether an empty upstream listing may delete the whole mirror (default false). */
  public boolean allowEmptyUpstream() {
    return s.allowEmptyUpstream;
  }

  /**
   * Whether new content is staged in one directory and all renamed into place together at the end
   * ({@code --delay-updates}).
   */
  public boolean delayUpdates() {
    return s.delayUpdates;
  }

  /**
   * Globs (rsync pattern syntax) of metadata published after all other files: {@code repodata/***},
   * {@code dists/**}, {@code Release}. Clients then never see an index that names a missing
   * package.
   */
  public List<String> lastStage() {
    return s.lastStage;
  }

  /** Whether {@code path} is last-stage metadata under {@link #lastStage()}. */
  public boolean isLastStage(MirrorPath path, boolean directory) {
    return !s.lastStage.isEmpty()
        && !lastStageMatcher.includesWithAncestors(path.toString(), directory);
  }

  public CompareMode compareMode() {
    return s.compareMode;
  }

  public Set<Preserve> preserve() {
    return s.preserve;
  }

  public boolean preserves(Preserve p) {
    return s.preserve.contains(p);
  }

  /** Modification times that differ by no more than this are equal ({@code --modify-window}). */
  public Duration modifyWindow() {
    return s.modifyWindow;
  }

  /** Total bytes per second over all connections; {@code 0} for no limit. */
  public long bandwidthLimit() {
    return s.bandwidthLimit;
  }

  /** How many transfers run at once, for transports that can run several (default 4). */
  public int parallelism() {
    return s.parallelism;
  }

  /** The I/O timeout: a connection silent for this long fails (default 60 s). */
  public Duration timeout() {
    return s.timeout;
  }

  /** How many times a failed fetch is retried (default 2). */
  public int retries() {
    return s.retries;
  }

  /** The wait before the first retry; it doubles with each further one (default 1 s). */
  public Duration retryBackoff() {
    return s.retryBackoff;
  }

  /** The upstream marker that allows skipping an unchanged upstream, if any. */
  public @Nullable UpstreamMarker marker() {
    return s.marker;
  }

  /** The repository format the sync reads, gates and may be driven by, or null (none). */
  public @Nullable FormatOptions format() {
    return s.format;
  }

  /** Whether the sync takes the target's lock file (default true). */
  public boolean lock() {
    return s.lock;
  }

  /**
   * How many complete generations of the mirror to keep, or 0 (the default) to update the target in
   * place. With {@code n > 0} each sync builds a new generation in {@code TARGET/.generations/ID}
   * (hard links to the unchanged files of the current one, plus what changed) and publishes it by
   * switching the symlink {@code TARGET/current} to it in one atomic rename: a reader that resolves
   * {@code current} sees the whole old or the whole new tree, never a mix. The newest {@code n}
   * generations are kept for rollback, and an older one as long as a reader holds a {@link
   * GenerationLease} on it (the rsync daemon's connections do); serve {@code TARGET/current}.
   */
  public int generations() {
    return s.generations;
  }

  /**
   * Whether each new file is forced to disk before it is renamed into place (default true): after a
   * crash, a file under its final name is whole. Off, a sync of many small files is faster (no sync
   * per file, as rsync without {@code --fsync}, wget or lftp), and a crash may leave empty or short
   * files that the next sync then repairs only if their size or time differs.
   */
  public boolean fsync() {
    return s.fsync;
  }

  /** The bounds on listing the upstream (depth, entries, time); see {@link ListingLimits}. */
  public ListingLimits listingLimits() {
    return s.listingLimits;
  }

  /**
   * Where mirrorkit keeps its lock, state, validators, staging and partial files for this target,
   * or {@code null} for the default: a directory beside the target named {@code .NAME.mirrorkit}
   * (for {@code /srv/mirror/debian}: {@code /srv/mirror/.debian.mirrorkit}), so that nothing of
   * mirrorkit's is inside the published tree. It must not be inside the target.
   */
  public java.nio.file.@Nullable Path stateDirectory() {
    return s.stateDirectory;
  }

  /**
   * Where partial files of failed or killed transfers are kept for the next run to resume ({@code
   * rsync --partial-dir}), or {@code null} for {@code work/} in the state directory. A relative
   * path is taken against the state directory. It must not be inside the target and must be on the
   * target's file system (finished files are renamed from it into the mirror); a sync with a
   * partial directory that breaks either rule fails before it fetches anything.
   */
  public java.nio.file.@Nullable Path partialDirectory() {
    return s.partialDirectory;
  }

  /**
   * Whether owner and group are set by the upstream's numbers alone ({@code --numeric-ids}) rather
   * than by its names mapped to local ids (default false).
   */
  public boolean numericIds() {
    return s.numericIds;
  }

  /**
   * Whether symlinks whose target is absolute or leaves the mirror are skipped with a warning
   * ({@code --safe-links}; default false).
   */
  public boolean safeLinks() {
    return s.safeLinks;
  }

  /** How long a transport waits for a connection to the upstream (default 30 s). */
  public Duration connectTimeout() {
    return s.connectTimeout;
  }

  /** Which IP version transports connect with (default {@link AddressFamily#ANY}). */
  public AddressFamily addressFamily() {
    return s.addressFamily;
  }

  /** The value of a transport-specific option, or its default. */
  public <T> T option(TransportOption<T> key) {
    return key.cast(s.transportOptions.get(key));
  }

  @Override
  public String toString() {
    return String.format(
        "SyncOptions{filters=%s, delete=%s, maxDelete=%d, maxDeletePercent=%d, delayUpdates=%s,"
            + " lastStage=%s, compare=%s, preserve=%s, bwlimit=%d, parallelism=%d, timeout=%s,"
            + " retries=%d, marker=%s, format=%s, fsync=%s, options=%s}",
        s.filters,
        s.deletePolicy,
        s.maxDelete,
        s.maxDeletePercent,
        s.delayUpdates,
        s.lastStage,
        s.compareMode,
        s.preserve,
        s.bandwidthLimit,
        s.parallelism,
        s.timeout,
        s.retries,
        s.marker,
        s.format,
        s.fsync,
        shownOptions());
  }

  private Map<String, Object> shownOptions() {
    Map<String, Object> shown = new java.util.TreeMap<>();
    s.transportOptions.forEach((k, v) -> shown.put(k.name(), k.isSecret() ? "****" : v));
    return shown;
  }

  /** Builds {@link SyncOptions}; every setter validates at once. Not thread-safe. */
  public static final class Builder {
    private final SyncSettings s;

    private Builder() {
      s = new SyncSettings();
    }

    private Builder(SyncOptions o) {
      s = o.s.mutableCopy();
    }

    public Builder filters(FilterRules rules) {
      s.filters = rules;
      return this;
    }

    public Builder deletePolicy(DeletePolicy policy) {
      s.deletePolicy = policy;
      return this;
    }

    public Builder deleteExcluded(boolean value) {
      s.deleteExcluded = value;
      return this;
    }

    /** The most entries one sync may delete; must be {@code >= 0}. */
    public Builder maxDelete(long count) {
      check(count >= 0, "maxDelete (%s) must be >= 0", count);
      s.maxDelete = count;
      return this;
    }

    /** The largest share of the mirror one sync may delete, {@code 0..100}. */
    public Builder maxDeletePercent(int percent) {
      check(percent >= 0 && percent <= 100, "maxDeletePercent (%s) must be in 0..100", percent);
      s.maxDeletePercent = percent;
      return this;
    }

    public Builder allowEmptyUpstream(boolean value) {
      s.allowEmptyUpstream = value;
      return this;
    }

    public Builder delayUpdates(boolean value) {
      s.delayUpdates = value;
      return this;
    }

    /** Adds last-stage globs (rsync pattern syntax); see {@link SyncOptions#lastStage()}. */
    public Builder lastStage(String... globs) {
      for (String glob : globs) {
        FilterRules.builder().exclude(glob); // validates the pattern now
        s.lastStage.add(glob);
      }
      return this;
    }

    public Builder compareMode(CompareMode mode) {
      s.compareMode = mode;
      return this;
    }

    /** What to preserve; the default is all of {@link Preserve}. */
    public Builder preserve(Set<Preserve> what) {
      s.preserve = SyncSettings.enumSet(what);
      return this;
    }

    public Builder modifyWindow(Duration window) {
      check(!window.isNegative(), "modifyWindow (%s) must not be negative", window);
      s.modifyWindow = window;
      return this;
    }

    /** Total bytes per second over all connections; {@code 0} for no limit. */
    public Builder bandwidthLimit(long bytesPerSecond) {
      check(bytesPerSecond >= 0, "bandwidthLimit (%s) must be >= 0", bytesPerSecond);
      s.bandwidthLimit = bytesPerSecond;
      return this;
    }

    public Builder parallelism(int n) {
      check(n >= 1 && n <= 256, "parallelism (%s) must be in 1..256", n);
      s.parallelism = n;
      return this;
    }

    public Builder timeout(Duration value) {
      check(!value.isNegative() && !value.isZero(), "timeout (%s) must be positive", value);
      s.timeout = value;
      return this;
    }

    public Builder retries(int n) {
      check(n >= 0 && n <= 100, "retries (%s) must be in 0..100", n);
      s.retries = n;
      return this;
    }

    public Builder retryBackoff(Duration value) {
      check(!value.isNegative(), "retryBackoff (%s) must not be negative", value);
      s.retryBackoff = value;
      return this;
    }

    public Builder marker(@Nullable UpstreamMarker value) {
      s.marker = value;
      return this;
    }

    public Builder lock(boolean value) {
      s.lock = value;
      return this;
    }

    /** See {@link SyncOptions#format()}; {@code null} for none. */
    public Builder format(@Nullable FormatOptions value) {
      s.format = value;
      return this;
    }

    /**
     * See {@link SyncOptions#generations()}.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Builder generations(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("generations must be 0 (off) or more, not " + n);
      }
      s.generations = n;
      return this;
    }

    /**
     * Whether each new file is forced to disk before its rename; see {@link SyncOptions#fsync()}.
     */
    public Builder fsync(boolean value) {
      s.fsync = value;
      return this;
    }

    /** Bounds on listing the upstream; see {@link ListingLimits} (default {@code defaults()}). */
    public Builder listingLimits(ListingLimits value) {
      s.listingLimits = java.util.Objects.requireNonNull(value, "listingLimits");
      return this;
    }

    /** See {@link SyncOptions#stateDirectory()}; {@code null} for the default. */
    public Builder stateDirectory(java.nio.file.@Nullable Path dir) {
      s.stateDirectory = dir == null ? null : dir.toAbsolutePath().normalize();
      return this;
    }

    /** See {@link SyncOptions#partialDirectory()}; {@code null} for the default. */
    public Builder partialDirectory(java.nio.file.@Nullable Path dir) {
      s.partialDirectory = dir;
      return this;
    }

    /** See {@link SyncOptions#numericIds()}. */
    public Builder numericIds(boolean value) {
      s.numericIds = value;
      return this;
    }

    /** See {@link SyncOptions#safeLinks()}. */
    public Builder safeLinks(boolean value) {
      s.safeLinks = value;
      return this;
    }

    /** See {@link SyncOptions#connectTimeout()}. */
    public Builder connectTimeout(Duration value) {
      check(!value.isNegative() && !value.isZero(), "connectTimeout (%s) must be positive", value);
      s.connectTimeout = value;
      return this;
    }

    /** See {@link SyncOptions#addressFamily()}. */
    public Builder addressFamily(AddressFamily value) {
      s.addressFamily = java.util.Objects.requireNonNull(value, "addressFamily");
      return this;
    }

    /**
     * Sets a transport-specific option.
     *
     * @throws IllegalArgumentException if the value is not of the key's type or breaks its rule
     *     ({@link TransportOption#requiring}); the message names the key and the value
     */
    public <T> Builder option(TransportOption<T> key, T value) {
      check(
          key.type().isInstance(value),
          "option %s needs a %s, got %s",
          key.name(),
          key.type().getSimpleName(),
          value);
      key.check(value);
      s.transportOptions.put(key, value);
      return this;
    }

    public SyncOptions build() {
      return new SyncOptions(this);
    }

    private static void check(boolean ok, String format, Object... args) {
      if (!ok) {
        throw new IllegalArgumentException(String.format(format, args));
      }
    }
  }
}
