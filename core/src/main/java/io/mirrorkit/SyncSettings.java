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
 * The values of {@link SyncOptions} and of its builder, declared once with their defaults (which
 * {@link SyncOptions}' Javadoc describes). A builder edits its own mutable copy; {@link
 * SyncOptions} keeps a {@link #frozen()} one. Not API.
 */
final class SyncSettings implements Cloneable {
  FilterRules filters = FilterRules.none();
  DeletePolicy deletePolicy = DeletePolicy.NONE;
  boolean deleteExcluded;
  long maxDelete = Long.MAX_VALUE;
  int maxDeletePercent = 50;
  boolean allowEmptyUpstream;
  boolean delayUpdates;
  List<String> lastStage = new ArrayList<>();
  CompareMode compareMode = CompareMode.SIZE_AND_MTIME;
  Set<Preserve> preserve =
      EnumSet.of(Preserve.TIMES, Preserve.PERMISSIONS, Preserve.SYMLINKS, Preserve.HARD_LINKS);
  Duration modifyWindow = Duration.ZERO;
  long bandwidthLimit;
  int parallelism = 4;
  Duration timeout = Duration.ofSeconds(60);
  int retries = 2;
  Duration retryBackoff = Duration.ofSeconds(1);
  @Nullable UpstreamMarker marker;
  @Nullable FormatOptions format;
  boolean lock = true;
  int generations;
  boolean fsync = true;
  ListingLimits listingLimits = ListingLimits.defaults();
  java.nio.file.@Nullable Path stateDirectory;
  java.nio.file.@Nullable Path partialDirectory;
  boolean numericIds;
  boolean safeLinks;
  Duration connectTimeout = Duration.ofSeconds(30);
  AddressFamily addressFamily = AddressFamily.ANY;
  Map<TransportOption<?>, Object> transportOptions = new IdentityHashMap<>();

  /** A copy whose collections cannot change, for an immutable {@link SyncOptions}. */
  SyncSettings frozen() {
    SyncSettings c = shallowCopy();
    c.lastStage = List.copyOf(lastStage);
    c.preserve = Collections.unmodifiableSet(enumSet(preserve));
    c.transportOptions = Collections.unmodifiableMap(new IdentityHashMap<>(transportOptions));
    return c;
  }

  /** A copy with its own mutable collections, for a builder. */
  SyncSettings mutableCopy() {
    SyncSettings c = shallowCopy();
    c.lastStage = new ArrayList<>(lastStage);
    c.preserve = enumSet(preserve);
    c.transportOptions = new IdentityHashMap<>(transportOptions);
    return c;
  }

  /** Every field copied (the collections still shared), so that a new field cannot be missed. */
  private SyncSettings shallowCopy() {
    try {
      return (SyncSettings) clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /** A modifiable copy; unlike {@code EnumSet.copyOf}, also of an empty set that is no EnumSet. */
  static EnumSet<Preserve> enumSet(Set<Preserve> what) {
    EnumSet<Preserve> copy = EnumSet.noneOf(Preserve.class);
    copy.addAll(what);
    return copy;
  }
}
