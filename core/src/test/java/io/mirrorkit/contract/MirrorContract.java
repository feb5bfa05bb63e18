package io.mirrorkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.testkit.Interop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a variant of {@link MirrorContractTest} supplies, and the helpers its items share: how to
 * serve the upstream and change its entries, how to read both sides, and which of the contract's
 * choices apply to its kind of mirror.
 *
 * <p>A variant says what an entry is: {@link #put} creates one or gives it content that follows
 * from the old (a file rewritten, a branch fast-forwarded), {@link #rewrite} replaces it with
 * content that does not (a force-push), {@link #remove} deletes it, and {@link #upstreamEntries} /
 * {@link #mirrorEntries} read both sides as a map from the entry's path (as the plan and the report
 * name it) to a digest of its content (a file's SHA-256, a ref's object id). The upstream is
 * changed after it is served, so a server must serve it live.
 */
public abstract class MirrorContract {
  @TempDir protected Path temp;
  private final List<AutoCloseable> servers = new ArrayList<>();

  /** The target of every sync: a file tree, or what the transport keeps there. */
  protected Path mirror() {
    return temp.resolve("mirror");
  }

  /** Registers a server that {@link #repository} started: it is closed after the test. */
  protected <T extends AutoCloseable> T closeAfterTest(T server) {
    servers.add(server);
    return server;
  }

  @AfterEach
  void closeServers() throws Exception {
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).close();
    }
    servers.clear();
  }

  // ---------------------------------------------------------------- what a variant supplies

  /** The engine every sync runs through. */
  protected abstract SyncEngine engine();

  /** The upstream under test, served (and started on first use). */
  protected abstract Repository repository() throws Exception;

  /**
   * Creates the entry {@code name} upstream, or gives it new content that follows from the old
   * (git: a commit on top of the branch, a fast-forward); each call changes the entry's size or
   * identity, so any listing tells.
   */
  protected abstract void put(String name) throws Exception;

  /** As {@link #put}, with a few hundred kilobytes that do not compress: a transfer to cut. */
  protected abstract void putLarge(String name) throws Exception;

  /** Replaces the entry with content that does not follow from the old (git: a force-push). */
  protected abstract void rewrite(String name) throws Exception;

  /** Deletes the entry upstream. */
  protected abstract void remove(String name) throws Exception;

  /** The entry's path as plans, reports and {@link #upstreamEntries} name it. */
  protected abstract String path(String name);

  /** The upstream's entries: path → digest of the content. */
  protected abstract Map<String, String> upstreamEntries() throws Exception;

  /** The mirror's entries in the same form; empty when nothing was synced yet. */
  protected abstract Map<String, String> mirrorEntries() throws Exception;

  /** Options under which an entry deleted upstream stays in the mirror. */
  protected abstract SyncOptions.Builder keepingDeleted();

  /** Whether an {@link UpstreamMarker} is read for this kind of mirror. */
  protected abstract boolean markersApply();

  /** Writes the upstream marker file {@code CURRENT}; called only when {@link #markersApply}. */
  protected abstract void putMarker(String content) throws Exception;

  /**
   * Whether a sync whose plan is empty over an unchanged listing is reported as {@link
   * SyncReport#skipped()} (it always changes nothing).
   */
  protected abstract boolean unchangedListingIsSkipped();

  /**
   * Runs one sync during which the upstream's connection breaks while {@code name} (made by {@link
   * #putLarge}) is sent, with no retry; it must throw.
   */
  protected abstract void syncCutWhileSending(String name) throws Exception;

  /** Asserts that a failed sync left no temporary file behind. */
  protected abstract void assertNoLeftovers() throws Exception;

  /** The options of every sync in the suite; subclasses may add to them. */
  protected SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(20));
  }

  /** The mirror's state directory (the default: beside it). */
  protected Path stateDir() {
    return mirror().resolveSibling("." + mirror().getFileName() + ".mirrorkit");
  }

  /**
   * The upstream at an address where nothing answers: the same scheme and host with a port nobody
   * listens on, or a missing directory for a local upstream.
   */
  protected Repository unreachable() throws Exception {
    URI uri = repository().uri();
    if (uri.getHost() == null) {
      return Repository.of(temp.resolve("gone"));
    }
    return Repository.of(
        new URI(
            uri.getScheme(), null, uri.getHost(), Interop.freePort(), uri.getPath(), null, null));
  }

  /** The mirror equals the upstream and a second plan has nothing to do. */
  protected void assertConverged() throws Exception {
    assertThat(mirrorEntries()).isEqualTo(upstreamEntries());
    assertThat(plan().actions()).as("a second plan after a sync").isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The request of a sync of {@code repository} into the mirror: into the directory {@link
   * #mirror()}, or, for a store variant, into its target URI.
   */
  protected SyncRequest request(Repository repository, SyncOptions options) throws Exception {
    return SyncRequest.of(repository, mirror(), options);
  }

  /** Leaves the lock of a sync that is still running, held by {@code holder}. */
  protected void holdLiveLock(String holder) throws Exception {
    Files.createDirectories(stateDir());
    Files.writeString(stateDir().resolve("lock"), holder);
  }

  /** Leaves the lock of a sync whose process is gone. */
  protected void holdStaleLock() throws Exception {
    Files.createDirectories(stateDir());
    long deadPid = new ProcessBuilder("true").start().onExit().get().pid();
    Files.writeString(
        stateDir().resolve("lock"),
        "pid="
            + deadPid
            + " host="
            + java.net.InetAddress.getLocalHost().getHostName()
            + " started=x");
  }

  /** What the lock holds now, or null when it is free. */
  protected @Nullable String lockContent() throws Exception {
    Path lock = stateDir().resolve("lock");
    return Files.exists(lock) ? Files.readString(lock) : null;
  }

  protected SyncReport sync(SyncOptions options) throws Exception {
    return engine().sync(request(repository(), options));
  }

  protected SyncReport sync() throws Exception {
    return sync(options().build());
  }

  protected SyncPlan plan() throws Exception {
    return engine().plan(request(repository(), options().build()));
  }

  /** The recorded state of the last good sync, or null. */
  protected @Nullable String state() throws IOException {
    Path file = stateDir().resolve("state.json");
    return Files.exists(file) ? Files.readString(file) : null;
  }

  protected void assertLockReleased() throws Exception {
    assertThat(lockContent()).as("the lock is released").isNull();
  }

  protected static List<String> pathsOf(SyncReport report, boolean deleted) {
    return report.files().stream()
        .filter(f -> f.action().equals("deleted") == deleted)
        .map(SyncReport.FileOutcome::path)
        .sorted()
        .toList();
  }
}
