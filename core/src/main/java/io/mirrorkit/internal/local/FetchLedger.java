package io.mirrorkit.internal.local;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.spi.FetchRequest;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What was asked of the transport in this sync and what became of each file: the requests with
 * their plan steps, and the files that arrived, vanished upstream or were refused by it.
 * Thread-safe.
 */
final class FetchLedger {
  private final Map<FetchRequest, PlanAction> requested =
      Collections.synchronizedMap(new IdentityHashMap<>());
  private final Set<MirrorPath> arrived = ConcurrentHashMap.newKeySet();
  private final Set<MirrorPath> vanished = ConcurrentHashMap.newKeySet();
  private final Map<MirrorPath, String> refused = new ConcurrentHashMap<>();

  /** Files whose local copy did not take an upstream's "unchanged": asked without a condition. */
  private final Set<MirrorPath> conditionless = ConcurrentHashMap.newKeySet();

  void register(FetchRequest request, PlanAction action) {
    requested.put(request, action);
  }

  /** The plan step of {@code request}, or null if it was not requested in this sync. */
  @Nullable PlanAction action(FetchRequest request) {
    return requested.get(request);
  }

  void arrived(MirrorPath path) {
    arrived.add(path);
  }

  void vanished(MirrorPath path) {
    vanished.add(path);
  }

  /** Records a refused file; false if it was refused before (reported once). */
  boolean refused(MirrorPath path, String detail) {
    return refused.putIfAbsent(path, detail) == null;
  }

  /** The files the upstream refused, with what it said, in path order. */
  Map<MirrorPath, String> refused() {
    return new TreeMap<>(refused);
  }

  /** Whether nothing more is to be done for {@code path}: arrived, vanished or refused. */
  boolean done(MirrorPath path) {
    return arrived.contains(path) || vanished.contains(path) || refused.containsKey(path);
  }

  void askWithoutCondition(MirrorPath path) {
    conditionless.add(path);
  }

  boolean withoutCondition(MirrorPath path) {
    return conditionless.contains(path);
  }
}
