package io.mirrorkit.service;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One mirror of a {@link MirrorConfig}: {@code [mirrors.NAME]} merged over {@code [defaults]}.
 * Immutable and validated: every value was checked when the config was loaded.
 *
 * @param name the table's name ({@code centos})
 * @param source the upstream, with its credentials (from a file or the environment, never inline)
 * @param target the mirror directory; for a store target ({@link #store}), a local work directory
 *     ({@code STATE_DIR/work/NAME}) where nothing is published
 * @param syncSettings the sync settings, keyed as the {@code sync} flags ({@link SyncKeys}), in
 *     file order
 * @param marker the upstream marker's path ({@code CURRENT}, {@code project/trace/master}, {@code
 *     lastupdate}, {@code repodata/repomd.xml}), or null to always sync
 * @param schedule the 5-field cron expression, or null for triggers and {@code run} only
 * @param jitter the most random delay added to each scheduled run
 * @param stage which stages a run syncs by default
 * @param stageOneExcludes what stage 1 leaves out: the {@code last} globs and the preset's files
 * @param trace which trace files to publish: {@code ftpsync}, {@code lastsync}
 * @param hooks hook name ({@code after_sync}, ...) to its command line
 * @param hookTimeout how long a hook may run before it is killed
 * @param uipSleep the wait when the upstream is being updated
 * @param uipRetries how often to wait for it
 * @param announceLock whether to keep {@code Archive-Update-in-Progress-<host>} in the mirror root
 *     during a sync
 * @param traceFields the trace's descriptive fields ({@code hostname}, {@code maintainer}, ...)
 * @param upstreamTrace the upstream's master trace, whose {@code Archive serial:} is copied
 * @param downstreams the mirrors pushed after a successful run, in file order
 * @param extension the keys beyond core's that the config was read with (transport options)
 * @param store the mirror store the mirror is kept in ({@code target = "s3://bucket/prefix/"}), or
 *     null for the directory {@code target}; its options ({@code s3_endpoint}, ...) are among the
 *     sync settings
 * @param pushDelay how long staged downstreams wait for each other's stage 1 ({@code push_delay},
 *     runmirrors' {@code PUSHDELAY}; default 600 s)
 * @param callback the upstream to call back when a push asks for it ({@code
 *     [mirrors.NAME.callback]}), or null
 */
public record MirrorDefinition(
    String name,
    Repository source,
    Path target,
    Map<String, Object> syncSettings,
    @Nullable String marker,
    @Nullable String schedule,
    Duration jitter,
    Stage stage,
    List<String> stageOneExcludes,
    Set<String> trace,
    Map<String, List<String>> hooks,
    Duration hookTimeout,
    Duration uipSleep,
    int uipRetries,
    boolean announceLock,
    Map<String, String> traceFields,
    String upstreamTrace,
    List<Downstream> downstreams,
    SyncKeys.Extension extension,
    @Nullable URI store,
    Duration pushDelay,
    @Nullable Downstream callback) {

  /** ftpsync's stage-1 excludes for a Debian archive ({@code preset = "debian"}). */
  public static final List<String> DEBIAN_STAGE1 =
      List.of(
          "Packages*",
          "Sources*",
          "Release*",
          "InRelease",
          "Contents*",
          "i18n/*",
          "dep11/*",
          "installer-*/current",
          "ls-lR*",
          "*.diff/Index");

  /** Where the mirror is, for status, hooks and messages: the store's URI, or the directory. */
  public String location() {
    return store != null ? store.toString() : target.toString();
  }

  /** The request of one sync of this mirror with {@code options}. */
  public SyncRequest request(SyncOptions options, SyncListener listener) {
    return new SyncRequest(source, target, options, listener, store);
  }

  /** The name this mirror writes its trace under: the {@code hostname} field. */
  public String hostname() {
    return traceFields.getOrDefault("hostname", "localhost");
  }

  /**
   * The sync options of a stage, with {@code excludes} ahead of every configured rule; a fresh
   * {@link SyncKeys} is filled from {@link #syncSettings} each time.
   */
  public SyncOptions.Builder options(List<String> excludes) {
    SyncKeys keys = new SyncKeys(extension);
    syncSettings.forEach(keys::set);
    return keys.builder(excludes);
  }
}
