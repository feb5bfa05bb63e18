package io.mirrorkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
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

  private final FilterRules filters;
  private final DeletePolicy deletePolicy;
  private final boolean deleteExcluded;
  private final long maxDelete;
  private final int maxDeletePercent;
  private final boolean allowEmptyUpstream;
  private final boolean delayUpdates;
  private final List<String> lastStage;
  private final FilterRules lastStageMatcher;
  private final CompareMode compareMode;
  private final Set<Preserve> preserve;
  private final Duration modifyWindow;
  private final long bandwidthLimit;
  private final int parallelism;
  private final Duration timeout;
  private final int retries;
  private final Duration retryBackoff;
  private final @Nullable UpstreamMarker marker;
  private final int generations;
  private final boolean lock;
  private final boolean fsync;
  private final ListingLimits listingLimits;
  private final java.nio.file.@Nullable Path stateDirectory;
  private final java.nio.file.@Nullable Path partialDirectory;
  private final boolean numericIds;
  private final boolean safeLinks;
  private final Duration connectTimeout;
  private final AddressFamily addressFamily;
  private final Map<TransportOption<?>, Object> transportOptions;

  private SyncOptions(Builder b) {
    this.filters = b.filters;
    this.deletePolicy = b.deletePolicy;
    this.deleteExcluded = b.deleteExcluded;
    this.maxDelete = b.maxDelete;
    this.maxDeletePercent = b.maxDeletePercent;
    this.allowEmptyUpstream = b.allowEmptyUpstream;
    this.delayUpdates = b.delayUpdates;
    this.lastStage = List.copyOf(b.lastStage);
    FilterRules.Builder stage = FilterRules.builder();
    for (String glob : lastStage) {
      stage.exclude(glob);
    }
    this.lastStageMatcher = stage.build();
    this.compareMode = b.compareMode;
    this.preserve = Collections.unmodifiableSet(EnumSet.copyOf(b.preserve));
    this.modifyWindow = b.modifyWindow;
    this.bandwidthLimit = b.bandwidthLimit;
    this.parallelism = b.parallelism;
    this.timeout = b.timeout;
    this.retries = b.retries;
    this.retryBackoff = b.retryBackoff;
    this.marker = b.marker;
    this.lock = b.lock;
    this.generations = b.generations;
    this.fsync = b.fsync;
    this.listingLimits = b.listingLimits;
    this.stateDirectory = b.stateDirectory;
    this.partialDirectory = b.partialDirectory;
    this.numericIds = b.numericIds;
    this.safeLinks = b.safeLinks;
    this.connectTimeout = b.connectTimeout;
    this.addressFamily = b.addressFamily;
    this.transportOptions = Collections.unmodifiableMap(new IdentityHashMap<>(b.transportOptions));
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
    return filters;
  }

  public DeletePolicy deletePolicy() {
    return deletePolicy;
  }

  /** Whether local entries excluded by the filters are deleted too ({@code --delete-excluded}). */
  public boolean deleteExcluded() {
    return deleteExcluded;
  }

  /**
   * The most entries one sync may delete ({@code --max-delete}); {@code Long.MAX_VALUE} if none.
   */
  public long maxDelete() {
    return maxDelete;
  }

  /**
   * The largest share of the mirror's files, in percent, that one sync may delete (default 50).
   * Applies once the mirror holds {@link #DELETE_SHARE_MINIMUM} files or more.
   */
  public int maxDeletePercent() {
    return maxDeletePercent;
  }

  /** Whether an empty upstream listing may delete the whole mirror (default false). */
  public boolean allowEmptyUpstream() {
    return allowEmptyUpstream;
  }

  /**
   * Whether new content is staged in one directory and all renamed into place together at the end
   * ({@code --delay-updates}).
   */
  public boolean delayUpdates() {
    return delayUpdates;
  }

  /**
   * Globs (rsync pattern syntax) of metadata published after all other files: {@code repodata/***},
   * {@code dists/**}, {@code Release}. Clients then never see an index that names a missing
   * package.
   */
  public List<String> lastStage() {
    return lastStage;
  }

  /** Whether {@code path} is last-stage metadata under {@link #lastStage()}. */
  public boolean isLastStage(MirrorPath path, boolean directory) {
    return !lastStage.isEmpty()
        && !lastStageMatcher.includesWithAncestors(path.toString(), directory);
  }

  public CompareMode compareMode() {
    return compareMode;
  }

  public Set<Preserve> preserve() {
    return preserve;
  }

  public boolean preserves(Preserve p) {
    return preserve.contains(p);
  }

  /** Modification times that differ by no more than this are equal ({@code --modify-window}). */
  public Duration modifyWindow() {
    return modifyWindow;
  }

  /** Total bytes per second over all connections; {@code 0} for no limit. */
  public long bandwidthLimit() {
    return bandwidthLimit;
  }

  /** How many transfers run at once, for transports that can run several (default 4). */
  public int parallelism() {
    return parallelism;
  }

  /** The I/O timeout: a connection silent for this long fails (default 60 s). */
  public Duration timeout() {
    return timeout;
  }

  /** How many times a failed fetch is retried (default 2). */
  public int retries() {
    return retries;
  }

  /** The wait before the first retry; it doubles with each further one (default 1 s). */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** The upstream marker that allows skipping an unchanged upstream, if any. */
  public @Nullable UpstreamMarker marker() {
    return marker;
  }

  /** Whether the sync takes the target's lock file (default true). */
  public boolean lock() {
    return lock;
  }

  /**
   * How many complete generations of the mirror to keep, or 0 (the default) to update the target in
   * place. With {@code n > 0} each sync builds a new generation in {@code TARGET/.generations/ID}
   * (hard links to the unchanged files of the current one, plus what changed) and publishes it by
   * switching the symlink {@code TARGET/current} to it in one atomic rename: a reader that resolves
   * {@code current} sees the whole old or the whole new tree, never a mix. The newest {@code n}
   * generations are kept for rollback; serve {@code TARGET/current}.
   */
  public int generations() {
    return generations;
  }

  /**
   * Whether each new file is forced to disk before it is renamed into place (default true): after a
   * crash, a file under its final name is whole. Off, a sync of many small files is faster (no sync
   * per file, as rsync without {@code --fsync}, wget or lftp), and a crash may leave empty or short
   * files that the next sync then repairs only if their size or time differs.
   */
  public boolean fsync() {
    return fsync;
  }

  /** The bounds on listing the upstream (depth, entries, time); see {@link ListingLimits}. */
  public ListingLimits listingLimits() {
    return listingLimits;
  }

  /**
   * Where mirrorkit keeps its lock, state, validators, staging and partial files for this target,
   * or {@code null} for the default: a directory beside the target named {@code .NAME.mirrorkit}
   * (for {@code /srv/mirror/debian}: {@code /srv/mirror/.debian.mirrorkit}), so that nothing of
   * mirrorkit's is inside the published tree. It must not be inside the target.
   */
  public java.nio.file.@Nullable Path stateDirectory() {
    return stateDirectory;
  }

  /**
   * Where partial files of failed or killed transfers are kept for the next run to resume ({@code
   * rsync --partial-dir}), or {@code null} for {@code work/} in the state directory. A relative
   * path is taken against the state directory. It must not be inside the target and must be on the
   * target's file system (finished files are renamed from it into the mirror); a sync with a
   * partial directory that breaks either rule fails before it fetches anything.
   */
  public java.nio.file.@Nullable Path partialDirectory() {
    return partialDirectory;
  }

  /**
   * Whether owner and group are set by the upstream's numbers alone ({@code --numeric-ids}) rather
   * than by its names mapped to local ids (default false).
   */
  public boolean numericIds() {
    return numericIds;
  }

  /**
   * Whether symlinks whose target is absolute or leaves the mirror are skipped with a warning
   * ({@code --safe-links}; default false).
   */
  public boolean safeLinks() {
    return safeLinks;
  }

  /** How long a transport waits for a connection to the upstream (default 30 s). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Which IP version transports connect with (default {@link AddressFamily#ANY}). */
  public AddressFamily addressFamily() {
    return addressFamily;
  }

  /** The value of a transport-specific option, or its default. */
  public <T> T option(TransportOption<T> key) {
    return key.cast(transportOptions.get(key));
  }

  @Override
  public String toString() {
    return "SyncOptions{filters="
        + filters
        + ", delete="
        + deletePolicy
        + ", maxDelete="
        + maxDelete
        + ", maxDeletePercent="
        + maxDeletePercent
        + ", delayUpdates="
        + delayUpdates
        + ", lastStage="
        + lastStage
        + ", compare="
        + compareMode
        + ", preserve="
        + preserve
        + ", bwlimit="
        + bandwidthLimit
        + ", parallelism="
        + parallelism
        + ", timeout="
        + timeout
        + ", retries="
        + retries
        + ", marker="
        + marker
        + ", fsync="
        + fsync
        + ", options="
        + shownOptions()
        + "}";
  }

  private Map<String, Object> shownOptions() {
    Map<String, Object> shown = new java.util.TreeMap<>();
    transportOptions.forEach((k, v) -> shown.put(k.name(), k.isSecret() ? "****" : v));
    return shown;
  }

  /** Builds {@link SyncOptions}; every setter validates at once. Not thread-safe. */
  public static final class Builder {
    private FilterRules filters = FilterRules.none();
    private DeletePolicy deletePolicy = DeletePolicy.NONE;
    private boolean deleteExcluded;
    private long maxDelete = Long.MAX_VALUE;
    private int maxDeletePercent = 50;
    private boolean allowEmptyUpstream;
    private boolean delayUpdates;
    private List<String> lastStage = new ArrayList<>();
    private CompareMode compareMode = CompareMode.SIZE_AND_MTIME;
    private Set<Preserve> preserve =
        EnumSet.of(Preserve.TIMES, Preserve.PERMISSIONS, Preserve.SYMLINKS, Preserve.HARD_LINKS);
    private Duration modifyWindow = Duration.ZERO;
    private long bandwidthLimit;
    private int parallelism = 4;
    private Duration timeout = Duration.ofSeconds(60);
    private int retries = 2;
    private Duration retryBackoff = Duration.ofSeconds(1);
    private @Nullable UpstreamMarker marker;
    private boolean lock = true;
    private int generations;
    private boolean fsync = true;
    private ListingLimits listingLimits = ListingLimits.defaults();
    private java.nio.file.@Nullable Path stateDirectory;
    private java.nio.file.@Nullable Path partialDirectory;
    private boolean numericIds;
    private boolean safeLinks;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private AddressFamily addressFamily = AddressFamily.ANY;
    private final Map<TransportOption<?>, Object> transportOptions = new IdentityHashMap<>();

    private Builder() {}

    private Builder(SyncOptions o) {
      filters = o.filters;
      deletePolicy = o.deletePolicy;
      deleteExcluded = o.deleteExcluded;
      maxDelete = o.maxDelete;
      maxDeletePercent = o.maxDeletePercent;
      allowEmptyUpstream = o.allowEmptyUpstream;
      delayUpdates = o.delayUpdates;
      lastStage = new ArrayList<>(o.lastStage);
      compareMode = o.compareMode;
      preserve = EnumSet.copyOf(o.preserve);
      modifyWindow = o.modifyWindow;
      bandwidthLimit = o.bandwidthLimit;
      parallelism = o.parallelism;
      timeout = o.timeout;
      retries = o.retries;
      retryBackoff = o.retryBackoff;
      listingLimits = o.listingLimits;
      stateDirectory = o.stateDirectory;
      partialDirectory = o.partialDirectory;
      numericIds = o.numericIds;
      safeLinks = o.safeLinks;
      connectTimeout = o.connectTimeout;
      addressFamily = o.addressFamily;
      marker = o.marker;
      lock = o.lock;
      generations = o.generations;
      fsync = o.fsync;
      transportOptions.putAll(o.transportOptions);
    }

    public Builder filters(FilterRules rules) {
      this.filters = rules;
      return this;
    }

    public Builder deletePolicy(DeletePolicy policy) {
      this.deletePolicy = policy;
      return this;
    }

    public Builder deleteExcluded(boolean value) {
      this.deleteExcluded = value;
      return this;
    }

    /** The most entries one sync may delete; must be {@code >= 0}. */
    public Builder maxDelete(long count) {
      check(count >= 0, "maxDelete (%s) must be >= 0", count);
      this.maxDelete = count;
      return this;
    }

    /** The largest share of the mirror one sync may delete, {@code 0..100}. */
    public Builder maxDeletePercent(int percent) {
      check(percent >= 0 && percent <= 100, "maxDeletePercent (%s) must be in 0..100", percent);
      this.maxDeletePercent = percent;
      return this;
    }

    public Builder allowEmptyUpstream(boolean value) {
      this.allowEmptyUpstream = value;
      return this;
    }

    public Builder delayUpdates(boolean value) {
      this.delayUpdates = value;
      return this;
    }

    /** Adds last-stage globs (rsync pattern syntax); see {@link SyncOptions#lastStage()}. */
    public Builder lastStage(String... globs) {
      for (String glob : globs) {
        FilterRules.builder().exclude(glob); // validates the pattern now
        lastStage.add(glob);
      }
      return this;
    }

    public Builder compareMode(CompareMode mode) {
      this.compareMode = mode;
      return this;
    }

    /** What to preserve; the default is all of {@link Preserve}. */
    public Builder preserve(Set<Preserve> what) {
      this.preserve = what.isEmpty() ? EnumSet.noneOf(Preserve.class) : EnumSet.copyOf(what);
      return this;
    }

    public Builder modifyWindow(Duration window) {
      check(!window.isNegative(), "modifyWindow (%s) must not be negative", window);
      this.modifyWindow = window;
      return this;
    }

    /** Total bytes per second over all connections; {@code 0} for no limit. */
    public Builder bandwidthLimit(long bytesPerSecond) {
      check(bytesPerSecond >= 0, "bandwidthLimit (%s) must be >= 0", bytesPerSecond);
      this.bandwidthLimit = bytesPerSecond;
      return this;
    }

    public Builder parallelism(int n) {
      check(n >= 1 && n <= 256, "parallelism (%s) must be in 1..256", n);
      this.parallelism = n;
      return this;
    }

    public Builder timeout(Duration value) {
      check(!value.isNegative() && !value.isZero(), "timeout (%s) must be positive", value);
      this.timeout = value;
      return this;
    }

    public Builder retries(int n) {
      check(n >= 0 && n <= 100, "retries (%s) must be in 0..100", n);
      this.retries = n;
      return this;
    }

    public Builder retryBackoff(Duration value) {
      check(!value.isNegative(), "retryBackoff (%s) must not be negative", value);
      this.retryBackoff = value;
      return this;
    }

    public Builder marker(@Nullable UpstreamMarker value) {
      this.marker = value;
      return this;
    }

    public Builder lock(boolean value) {
      this.lock = value;
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
      this.generations = n;
      return this;
    }

    /**
     * Whether each new file is forced to disk before its rename; see {@link SyncOptions#fsync()}.
     */
    public Builder fsync(boolean value) {
      this.fsync = value;
      return this;
    }

    /** Bounds on listing the upstream; see {@link ListingLimits} (default {@code defaults()}). */
    public Builder listingLimits(ListingLimits value) {
      this.listingLimits = java.util.Objects.requireNonNull(value, "listingLimits");
      return this;
    }

    /** See {@link SyncOptions#stateDirectory()}; {@code null} for the default. */
    public Builder stateDirectory(java.nio.file.@Nullable Path dir) {
      this.stateDirectory = dir == null ? null : dir.toAbsolutePath().normalize();
      return this;
    }

    /** See {@link SyncOptions#partialDirectory()}; {@code null} for the default. */
    public Builder partialDirectory(java.nio.file.@Nullable Path dir) {
      this.partialDirectory = dir;
      return this;
    }

    /** See {@link SyncOptions#numericIds()}. */
    public Builder numericIds(boolean value) {
      this.numericIds = value;
      return this;
    }

    /** See {@link SyncOptions#safeLinks()}. */
    public Builder safeLinks(boolean value) {
      this.safeLinks = value;
      return this;
    }

    /** See {@link SyncOptions#connectTimeout()}. */
    public Builder connectTimeout(Duration value) {
      check(!value.isNegative() && !value.isZero(), "connectTimeout (%s) must be positive", value);
      this.connectTimeout = value;
      return this;
    }

    /** See {@link SyncOptions#addressFamily()}. */
    public Builder addressFamily(AddressFamily value) {
      this.addressFamily = java.util.Objects.requireNonNull(value, "addressFamily");
      return this;
    }

    /** Sets a transport-specific option. */
    public <T> Builder option(TransportOption<T> key, T value) {
      check(
          key.type().isInstance(value),
          "option %s needs a %s, got %s",
          key.name(),
          key.type().getSimpleName(),
          value);
      transportOptions.put(key, value);
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
