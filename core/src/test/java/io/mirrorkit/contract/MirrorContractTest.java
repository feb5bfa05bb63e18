package io.mirrorkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeleteLimitException;
import io.mirrorkit.MirrorLockedException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.PlanMismatchException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The items of the sync contract that hold for every kind of mirror, whatever its entries are: the
 * files of a file tree ({@link SyncContractTest}, run by every file transport) or the refs of a git
 * mirror (transport-git's {@code GitSyncContractTest}). Each item runs through the one
 * orchestration of {@link SyncEngine}: first sync and rerun, changes of every kind, the delete
 * guard, plan approval, the lock, the upstream marker, failed syncs, listener events and the
 * report's counts. What an entry is, and how the upstream is served and changed, is the variant's
 * ({@link MirrorContract}).
 */
public abstract class MirrorContractTest extends MirrorContract {
  // ---------------------------------------------------------------- the items

  @Test
  void aFirstSyncMirrorsEveryEntryAndTheReportCountsThem() throws Exception {
    put("a");
    put("b");
    put("c");
    SyncReport report = sync();
    assertConverged();
    assertThat(report.skipped()).isFalse();
    assertThat(report.filesTransferred()).isEqualTo(3);
    assertThat(report.filesDeleted()).isZero();
    assertThat(report.bytesTransferred()).isPositive();
    assertThat(pathsOf(report, false)).containsExactly(path("a"), path("b"), path("c"));
    assertThat(SyncReport.fromJson(report.toJson()).files()).isEqualTo(report.files());
    assertThat(state()).contains("\"lastCheck\"").contains("\"listingDigest\"");
    assertLockReleased();
  }

  @Test
  void aSecondSyncOfAnUnchangedUpstreamChangesNothing() throws Exception {
    put("a");
    put("b");
    sync();
    Map<String, String> before = mirrorEntries();
    SyncReport again = sync();
    assertThat(again.skipped()).isEqualTo(unchangedListingIsSkipped());
    assertThat(again.filesTransferred()).isZero();
    assertThat(again.filesDeleted()).isZero();
    assertThat(again.bytesTransferred()).isZero();
    assertThat(again.files()).isEmpty();
    assertThat(mirrorEntries()).isEqualTo(before);
    assertConverged();
  }

  @Test
  void newChangedRewrittenAndDeletedEntriesPropagate() throws Exception {
    put("changed");
    put("rewritten");
    put("deleted");
    put("kept");
    sync();
    put("changed");
    rewrite("rewritten");
    remove("deleted");
    put("new");
    SyncReport report = sync();
    assertConverged();
    assertThat(report.filesTransferred()).isEqualTo(3);
    assertThat(report.filesDeleted()).isEqualTo(1);
    assertThat(pathsOf(report, false))
        .containsExactlyInAnyOrder(path("changed"), path("rewritten"), path("new"));
    assertThat(pathsOf(report, true)).containsExactly(path("deleted"));
    assertThat(mirrorEntries()).doesNotContainKey(path("deleted")).containsKey(path("kept"));
  }

  @Test
  void nothingIsDeletedWhenDeletingIsOff() throws Exception {
    put("keep");
    put("gone");
    sync();
    remove("gone");
    put("keep");
    SyncReport report = sync(keepingDeleted().build());
    assertThat(report.filesDeleted()).isZero();
    assertThat(mirrorEntries()).containsKey(path("gone"));
    assertThat(mirrorEntries().get(path("keep"))).isEqualTo(upstreamEntries().get(path("keep")));
  }

  @Test
  void deleteGuardStopsMassDeletion() throws Exception {
    for (int i = 0; i < 30; i++) {
      put("f" + i);
    }
    sync();
    String state = state();
    for (int i = 0; i < 20; i++) {
      remove("f" + i);
    }
    Map<String, String> before = mirrorEntries();
    assertThatThrownBy(this::sync)
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("20 of the mirror's 30")
        .hasMessageContaining("maxDeletePercent");
    assertThatThrownBy(() -> sync(options().maxDeletePercent(100).maxDelete(10).build()))
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("maxDelete 10");
    assertThat(mirrorEntries()).as("nothing changed").isEqualTo(before);
    assertThat(state()).as("nothing recorded").isEqualTo(state);
    assertLockReleased();
    SyncReport report = sync(options().maxDeletePercent(100).build());
    assertThat(report.filesDeleted()).isEqualTo(20);
    assertConverged();
  }

  @Test
  void emptyUpstreamIsRefused() throws Exception {
    put("a");
    put("b");
    sync();
    Map<String, String> before = mirrorEntries();
    remove("a");
    remove("b");
    assertThatThrownBy(this::sync)
        .isInstanceOf(DeleteLimitException.class)
        .hasMessageContaining("empty")
        .hasMessageContaining("allowEmptyUpstream");
    assertThat(mirrorEntries()).isEqualTo(before);
    sync(options().allowEmptyUpstream(true).maxDeletePercent(100).build());
    assertThat(mirrorEntries()).isEmpty();
    assertConverged();
  }

  @Test
  void anApprovedPlanIsExecutedAndRefusedOnceTheUpstreamMoved() throws Exception {
    put("a");
    sync();
    put("b");
    put("a");
    Map<String, String> before = mirrorEntries();
    SyncPlan plan = plan();
    assertThat(mirrorEntries()).as("a plan changes nothing").isEqualTo(before);
    assertThat(plan.actions())
        .extracting(PlanAction::path, PlanAction::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                MirrorPath.of(path("a")), PlanAction.Kind.FETCH_CHANGED),
            org.assertj.core.groups.Tuple.tuple(
                MirrorPath.of(path("b")), PlanAction.Kind.FETCH_NEW));
    SyncPlan stored = SyncPlan.fromJson(plan.toJson(), plan.request());
    SyncReport done = engine().execute(stored);
    assertThat(done.filesTransferred()).isEqualTo(2);
    assertConverged();

    put("c");
    SyncPlan stale = plan();
    put("d");
    Map<String, String> approved = mirrorEntries();
    String state = state();
    assertThatThrownBy(() -> engine().execute(stale))
        .isInstanceOf(PlanMismatchException.class)
        .hasMessageContaining("changed since the plan was made");
    assertThat(mirrorEntries()).isEqualTo(approved).doesNotContainKey(path("c"));
    assertThat(state()).isEqualTo(state);
    assertLockReleased();
  }

  @Test
  void aSecondSyncOfTheSameTargetWhileOneRunsIsLockedOut() throws Exception {
    put("a");
    SyncRequest request = request(repository(), options().build());
    AtomicReference<Throwable> second = new AtomicReference<>();
    SyncListener startsASecondSync =
        new SyncListener() {
          @Override
          public void planReady(SyncPlan plan) {
            // the first sync holds the lock here; the second runs on another thread meanwhile
            try {
              CompletableFuture.runAsync(
                      () -> {
                        try {
                          engine().sync(request);
                        } catch (IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      })
                  .get();
            } catch (ExecutionException e) {
              Throwable cause = e.getCause();
              second.set(cause instanceof java.io.UncheckedIOException u ? u.getCause() : cause);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    SyncReport first = engine().sync(request.withListener(startsASecondSync));
    assertThat(second.get())
        .isInstanceOf(MirrorLockedException.class)
        .hasMessageContaining("pid=" + ProcessHandle.current().pid());
    assertThat(first.filesTransferred()).isEqualTo(1);
    assertConverged();
    assertLockReleased();
  }

  @Test
  void lockHeldByLiveProcessStopsSync() throws Exception {
    put("a");
    String holder =
        "pid="
            + ProcessHandle.current().pid()
            + " host="
            + InetAddress.getLocalHost().getHostName()
            + " started=2026-01-01T00:00:00Z";
    holdLiveLock(holder);
    assertThatThrownBy(this::sync)
        .isInstanceOf(MirrorLockedException.class)
        .hasMessageContaining("pid=" + ProcessHandle.current().pid());
    assertThat(mirrorEntries()).isEmpty();
    assertThat(lockContent()).contains(holder);
  }

  @Test
  void staleLockIsTakenOver() throws Exception {
    put("a");
    holdStaleLock();
    sync();
    assertConverged();
    assertLockReleased();
  }

  /**
   * An unchanged upstream marker skips the sync even though the upstream changed otherwise; where
   * markers do not apply, the sync says so once and runs in full.
   */
  @Test
  void anUnchangedUpstreamMarkerSkipsTheSync() throws Exception {
    SyncOptions withMarker = options().marker(UpstreamMarker.of("CURRENT")).build();
    put("a");
    if (!markersApply()) {
      SyncReport report = sync(withMarker);
      assertThat(report.warnings())
          .anyMatch(w -> w.contains("CURRENT") && w.contains("does not apply"));
      put("b");
      assertThat(sync(withMarker).skipped()).isFalse();
      assertConverged();
      return;
    }
    putMarker("one");
    assertThat(sync(withMarker).skipped()).isFalse();
    assertConverged();
    put("b");
    String state = state();
    SyncReport skipped = sync(withMarker);
    assertThat(skipped.skipped()).isTrue();
    assertThat(skipped.filesTransferred()).isZero();
    assertThat(mirrorEntries()).doesNotContainKey(path("b"));
    assertThat(state()).as("the check is recorded").isNotEqualTo(state);
    putMarker("second");
    assertThat(sync(withMarker).skipped()).isFalse();
    assertConverged();
  }

  @Test
  void aSyncCutMidTransferChangesNothingRecordsNothingAndTheNextConverges() throws Exception {
    putLarge("victim");
    put("other");
    sync();
    putLarge("victim");
    remove("other");
    Map<String, String> before = mirrorEntries();
    String state = state();
    assertThatThrownBy(() -> syncCutWhileSending("victim")).isInstanceOf(IOException.class);
    assertThat(mirrorEntries()).as("no entry changed, none deleted").isEqualTo(before);
    assertThat(state()).as("nothing recorded").isEqualTo(state);
    assertLockReleased();
    assertNoLeftovers();
    sync();
    assertConverged();
  }

  @Test
  void anUnreachableUpstreamFailsTheSyncAndChangesNothing() throws Exception {
    put("a");
    sync();
    put("b");
    remove("a");
    Map<String, String> before = mirrorEntries();
    String state = state();
    Repository gone = unreachable();
    String where =
        gone.uri().getPort() > 0 ? ":" + gone.uri().getPort() : gone.uri().getPath().toString();
    assertThatThrownBy(() -> engine().sync(request(gone, options().build())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(where);
    assertThat(mirrorEntries()).isEqualTo(before);
    assertThat(state()).isEqualTo(state);
    assertLockReleased();
  }

  @Test
  void theListenerHearsThePlanEveryEntryAndTheEnd() throws Exception {
    put("changed");
    put("deleted");
    sync();
    put("changed");
    remove("deleted");
    put("new");
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<SyncReport> finished = new AtomicReference<>();
    SyncListener recording =
        new SyncListener() {
          @Override
          public void planReady(SyncPlan plan) {
            events.add("plan " + plan.actions().size());
          }

          @Override
          public void fileStarted(MirrorPath path, long expectedBytes) {
            events.add("started " + path);
          }

          @Override
          public void fileFinished(MirrorPath path, long bytes) {
            events.add("finished " + path);
          }

          @Override
          public void deleted(MirrorPath path) {
            events.add("deleted " + path);
          }

          @Override
          public void finished(SyncReport report) {
            events.add("end");
            finished.set(report);
          }
        };
    SyncReport report =
        engine().sync(request(repository(), options().build()).withListener(recording));
    assertThat(events.get(0)).isEqualTo("plan 3");
    assertThat(events.get(events.size() - 1)).isEqualTo("end");
    assertThat(events.stream().filter(e -> e.equals("end"))).hasSize(1);
    assertThat(finished.get()).isSameAs(report);
    for (String name : List.of("changed", "new")) {
      assertThat(events.indexOf("started " + path(name)))
          .as("%s starts before it finishes", name)
          .isNotNegative()
          .isLessThan(events.indexOf("finished " + path(name)));
    }
    assertThat(events).contains("deleted " + path("deleted"));
  }
}
