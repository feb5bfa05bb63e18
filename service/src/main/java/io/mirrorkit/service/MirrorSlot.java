package io.mirrorkit.service;

import io.mirrorkit.service.internal.Progress;
import io.mirrorkit.service.internal.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The live state of one mirror. Guarded by the service's monitor. */
final class MirrorSlot {
  MirrorDefinition mirror;
  @Nullable Schedule schedule;
  @Nullable Instant nextBase;
  @Nullable Instant nextRun;
  boolean queued;
  boolean running;
  boolean pending;
  @Nullable Stage pendingStage;
  Trigger pendingTrigger = Trigger.own("api");
  boolean pendingCheck;
  final List<CompletableFuture<MirrorResult>> queuedWaiters = new ArrayList<>();
  final List<CompletableFuture<MirrorResult>> pendingWaiters = new ArrayList<>();
  final Progress progress = new Progress();

  MirrorSlot(MirrorDefinition mirror) {
    this.mirror = mirror;
  }
}
