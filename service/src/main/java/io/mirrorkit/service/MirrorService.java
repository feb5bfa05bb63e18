package io.mirrorkit.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.service.internal.ControlApi;
import io.mirrorkit.service.internal.Schedule;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident mirror service: runs the mirrors of a {@link MirrorConfig} on their schedules and on
 * triggers, in a warm JVM.
 *
 * <ul>
 *   <li>Schedules: each mirror with a {@code schedule} runs at its next cron time plus a random
 *       delay up to its {@code jitter}. The clock is the builder's, so tests move time by hand and
 *       call {@link #runDue()}; {@link #start()} starts a thread that does so in real time.
 *   <li>Triggers ({@link #trigger}, {@code POST /mirrors/NAME/sync}): a mirror never runs twice at
 *       once; a trigger that arrives while it runs is remembered and causes exactly one more run
 *       after it (ftpsync's {@code Archive-Update-Required}); more triggers meanwhile add nothing.
 *       A trigger is a push: it does not check the upstream marker.
 *   <li>At most {@code [service] parallel} mirrors sync at once; mirrors sharing a target take
 *       turns.
 *   <li>{@link #close()}: no new runs; running ones stop at the next clean point (between stages)
 *       or finish, within the {@code grace} period; the engine's store never leaves a partial file
 *       in the tree.
 *   <li>{@link #reload()}: reads the config file again; a bad config keeps the old one and says
 *       why.
 *   <li>With an {@code [rsyncd]} section ({@link RsyncdSection}), {@link #start()} also starts an
 *       rsync daemon serving its modules (a mirror's published generation, or a directory); {@link
 *       #close()} stops it first. A reload gives new connections the new modules and MOTD, while
 *       open connections finish with theirs; a changed address or port restarts the listener,
 *       cutting its open connections.
 * </ul>
 *
 * <p>Thread-safe. Lifecycle: build, {@link #start()}, {@link #close()}.
 */
public final class MirrorService implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(MirrorService.class);

  private final Clock clock;
  private final RandomGenerator random;
  private final MirrorRunner runner;
  private final ExecutorService workers;
  private final Map<String, MirrorSlot> slots = new LinkedHashMap<>();
  private final Path configFile;
  private volatile MirrorConfig config;
  private volatile boolean closing;
  private @Nullable Thread scheduler;
  private @Nullable ControlApi api;
  private final io.mirrorkit.service.internal.RsyncdHost rsyncd =
      new io.mirrorkit.service.internal.RsyncdHost();
  private volatile boolean started;

  private MirrorService(Builder b) {
    this.config = b.config;
    this.configFile = b.config.file();
    this.clock = b.clock;
    this.random = b.random;
    MirrorRunner.Builder rb =
        MirrorRunner.builder().clock(clock).listener(b.listener).stopping(() -> closing);
    if (b.engine != null) {
      rb.engine(b.engine);
    }
    if (b.sleeper != null) {
      rb.sleeper(b.sleeper);
    }
    this.runner = rb.build(config.service().stateDirectory());
    this.workers =
        Executors.newFixedThreadPool(
            config.service().parallel(),
            r -> {
              Thread t = new Thread(r, "mirrorkit-sync");
              t.setDaemon(true);
              return t;
            });
    install(config);
  }

  /** A builder for a service over {@code config}. */
  public static Builder builder(MirrorConfig config) {
    return new Builder(config);
  }

  /**
   * Starts the scheduler thread, the control API on {@code listen} when the config has a {@code
   * token_file}, and the rsync daemon when it has an {@code [rsyncd]} section.
   *
   * @throws IOException if the token file cannot be read or an address is taken
   */
  public synchronized void start() throws IOException {
    MirrorConfig.ServiceSettings s = config.service();
    rsyncd.start(config.rsyncd());
    started = true;
    if (s.tokenFile() != null) {
      api = ControlApi.start(this, s.listen(), s.tokenFile());
      log.info("control API on http://{}", s.listen());
    } else {
      log.info("no token_file in [service]: the control API is off");
    }
    Thread t = new Thread(this::schedule, "mirrorkit-scheduler");
    t.setDaemon(true);
    scheduler = t;
    t.start();
  }

  /** The control API's address, or null when it is off. */
  public @Nullable InetSocketAddress apiAddress() {
    ControlApi a = api;
    return a == null ? null : a.address();
  }

  /** Where the rsync daemon listens, or null when the config has no {@code [rsyncd]}. */
  public @Nullable InetSocketAddress rsyncdAddress() {
    return rsyncd.address();
  }

  /** The config in use. */
  public MirrorConfig config() {
    return config;
  }

  /**
   * Asks for a run of {@code name}.
   *
   * @param stage the stages, or null for the mirror's own
   * @return {@code started} (a run was queued to start), {@code queued} (it is running: one more
   *     run follows), or {@code coalesced} (a run is already waiting)
   * @throws IllegalArgumentException for an unknown mirror
   * @throws IllegalStateException when the service is shutting down
   */
  public synchronized String trigger(String name, @Nullable Stage stage) {
    return submit(slot(name), stage, Trigger.own("api"), false, null);
  }

  /**
   * Asks for a run of {@code name}, like {@link #trigger}, and gives the result of the run that
   * covers this trigger (the next run to start), its downstream pushes included: what a staged or
   * multi-hop upstream waits for.
   *
   * @param trigger what the trace's {@code Trigger:} says ({@code api}, {@code ssh}, {@code mhop})
   * @throws IllegalArgumentException for an unknown mirror
   * @throws IllegalStateException when the service is shutting down
   */
  public synchronized CompletableFuture<MirrorResult> triggerAndWait(
      String name, @Nullable Stage stage, String trigger) {
    return triggerAndWait(name, stage, Trigger.own(trigger));
  }

  /**
   * Like {@link #triggerAndWait(String, Stage, String)} for a push whose flags ({@link Trigger})
   * decide what the run passes on down its tier and whether it calls back its upstream.
   */
  public synchronized CompletableFuture<MirrorResult> triggerAndWait(
      String name, @Nullable Stage stage, Trigger trigger) {
    CompletableFuture<MirrorResult> done = new CompletableFuture<>();
    submit(slot(name), stage, trigger, false, done);
    return done;
  }

  /**
   * Starts every scheduled mirror whose next run is due at the clock's now, and computes its next
   * run; returns how many were submitted. The scheduler thread calls it; tests call it after moving
   * their clock.
   */
  public synchronized int runDue() {
    Instant now = clock.instant();
    int n = 0;
    for (MirrorSlot s : slots.values()) {
      if (s.schedule != null && s.nextRun != null && !s.nextRun.isAfter(now) && !closing) {
        submit(s, null, Trigger.own("cron"), true, null);
        s.nextBase = s.schedule.nextCronTime(s.nextBase.isAfter(now) ? s.nextBase : now);
        s.nextRun = jitter(s.schedule, s.nextBase);
        n++;
      }
    }
    return n;
  }

  /** The next scheduled run of {@code name}, or null without a schedule. */
  public synchronized @Nullable Instant nextRun(String name) {
    return slot(name).nextRun;
  }

  /** The cron time that {@link #nextRun} is jittered from, or null. */
  public synchronized @Nullable Instant nextCronTime(String name) {
    return slot(name).nextBase;
  }

  /** The status of every mirror, in config order. */
  public synchronized List<MirrorStatus> status() {
    List<MirrorStatus> all = new ArrayList<>();
    for (MirrorSlot s : slots.values()) {
      all.add(status(s));
    }
    return all;
  }

  /** The status of {@code name}; throws {@link IllegalArgumentException} if unknown. */
  public synchronized MirrorStatus status(String name) {
    return status(slot(name));
  }

  /** Whether {@code name} is a configured mirror. */
  public synchronized boolean has(String name) {
    return slots.containsKey(name);
  }

  /**
   * Reads the config file again and applies it: new mirrors appear, removed ones go (a running one
   * finishes), changed ones use their new settings from their next run; the rsync daemon's modules
   * change for new connections (see the class comment).
   *
   * @return null on success, else why the old config was kept (a new rsync daemon address that
   *     cannot be bound is logged as an error; the rest of the new config stays applied)
   */
  public @Nullable String reload() {
    MirrorConfig fresh;
    try {
      fresh = MirrorConfig.load(configFile, config.extension());
    } catch (IOException | IllegalArgumentException e) {
      String why = e instanceof ConfigException ? e.getMessage() : configFile + ": " + e;
      log.warn("reload failed, keeping the old config: {}", why);
      return why;
    }
    synchronized (this) {
      config = fresh;
      install(fresh);
      notifyAll();
    }
    log.info("reloaded {}: {} mirrors", configFile, fresh.mirrors().size());
    if (started) {
      rsyncd.reload(fresh.rsyncd());
    }
    return null;
  }

  /**
   * Waits until no mirror runs or waits to run, up to {@code timeout}.
   *
   * @return whether the service is idle
   */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (slots.values().stream().anyMatch(s -> s.running || s.queued || s.pending)) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Stops: no new runs; waits up to the grace period for running ones, which stop at their next
   * clean point; then interrupts what is left. Closes the control API and the engine it made.
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      slots.values().forEach(s -> s.pending = false);
      notifyAll();
    }
    rsyncd.close();
    if (api != null) {
      api.close();
    }
    if (scheduler != null) {
      scheduler.interrupt();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(config.service().grace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "runs still going after the grace period {}; interrupting them",
            config.service().grace());
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runner.close();
  }

  /** Metrics in Prometheus' text format. */
  public String metrics() {
    return io.mirrorkit.service.internal.Metrics.render(status()) + rsyncd.metrics();
  }

  private String submit(
      MirrorSlot s,
      @Nullable Stage stage,
      Trigger trigger,
      boolean checkMarker,
      @Nullable CompletableFuture<MirrorResult> waiter) {
    if (closing) {
      throw new IllegalStateException("the service is shutting down");
    }
    if (waiter != null) {
      (s.queued || !s.running ? s.queuedWaiters : s.pendingWaiters).add(waiter);
    }
    if (s.queued) {
      return "coalesced";
    }
    if (s.running) {
      if (s.pending) {
        s.pendingStage = merge(s.pendingStage, stage);
        if (!checkMarker) { // a push among them: sync without asking the marker
          s.pendingCheck = false;
          s.pendingTrigger = s.pendingTrigger.merge(trigger);
        }
        return "coalesced";
      }
      s.pending = true;
      s.pendingStage = stage;
      s.pendingCheck = checkMarker;
      s.pendingTrigger = trigger;
      return "queued";
    }
    s.queued = true;
    workers.execute(() -> loop(s, stage, trigger, checkMarker));
    return "started";
  }

  private void loop(MirrorSlot s, @Nullable Stage first, Trigger firstTrigger, boolean firstCheck) {
    Stage stage = first;
    Trigger trigger = firstTrigger;
    boolean check = firstCheck;
    List<CompletableFuture<MirrorResult>> waiting = new ArrayList<>();
    while (true) {
      MirrorDefinition m;
      synchronized (this) {
        s.queued = false;
        waiting.addAll(s.queuedWaiters); // set together with queued: none can slip in between
        s.queuedWaiters.clear();
        if (closing) {
          waiting.forEach(w -> w.completeExceptionally(new IllegalStateException("shutting down")));
          s.pendingWaiters.forEach(
              w -> w.completeExceptionally(new IllegalStateException("shutting down")));
          s.pendingWaiters.clear();
          notifyAll();
          return;
        }
        s.running = true;
        s.progress.reset(0);
        m = s.mirror;
      }
      MirrorResult result = null;
      try {
        result = runner.run(m, stage, trigger, check, s.progress);
      } finally {
        MirrorResult r = result;
        waiting.forEach(
            w -> {
              if (r != null) {
                w.complete(r);
              } else {
                w.completeExceptionally(new IllegalStateException("the run ended abnormally"));
              }
            });
        synchronized (this) {
          s.running = false;
          waiting = new ArrayList<>(s.pendingWaiters);
          s.pendingWaiters.clear();
          if (s.pending && !closing) {
            s.pending = false;
            stage = s.pendingStage;
            s.pendingStage = null;
            trigger = s.pendingTrigger;
            check = s.pendingCheck;
          } else {
            waiting.forEach(
                w -> w.completeExceptionally(new IllegalStateException("shutting down")));
            notifyAll();
            return;
          }
        }
      }
    }
  }

  private static @Nullable Stage merge(@Nullable Stage a, @Nullable Stage b) {
    return a == b ? a : Stage.ALL;
  }

  private void schedule() {
    while (!closing) {
      try {
        synchronized (this) {
          runDue();
          Instant now = clock.instant();
          long wait = 60_000;
          for (MirrorSlot s : slots.values()) {
            if (s.nextRun != null) {
              wait = Math.min(wait, Math.max(1, Duration.between(now, s.nextRun).toMillis()));
            }
          }
          wait(wait);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("scheduler: {}", e.toString(), e);
      }
    }
  }

  private synchronized void install(MirrorConfig c) {
    Map<String, MirrorSlot> old = new LinkedHashMap<>(slots);
    slots.clear();
    Instant now = clock.instant();
    for (MirrorDefinition m : c.mirrors()) {
      MirrorSlot s = old.getOrDefault(m.name(), new MirrorSlot(m));
      s.mirror = m;
      Schedule fresh =
          m.schedule() == null
              ? null
              : Schedule.parse(m.schedule(), m.jitter(), c.service().zone());
      if (fresh == null) {
        s.schedule = null;
        s.nextBase = null;
        s.nextRun = null;
      } else if (s.schedule == null
          || !s.schedule.toString().equals(fresh.toString())
          || !s.schedule.jitter().equals(fresh.jitter())) {
        s.schedule = fresh;
        s.nextBase = fresh.nextCronTime(now);
        s.nextRun = jitter(fresh, s.nextBase);
      }
      slots.put(m.name(), s);
    }
  }

  private Instant jitter(Schedule schedule, Instant base) {
    long bound = schedule.jitter().toMillis();
    return bound <= 0 ? base : base.plusMillis(random.nextLong(bound + 1));
  }

  private MirrorSlot slot(String name) {
    MirrorSlot s = slots.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no mirror '" + name + "' in " + configFile);
    }
    return s;
  }

  private MirrorStatus status(MirrorSlot s) {
    ObjectNode st = runner.state().read(s.mirror.name());
    String state = s.running ? "running" : s.queued ? "queued" : "idle";
    return MirrorStatus.of(s.mirror, st, state, s.nextRun, s.running ? s.progress.toJson() : null);
  }

  /** Builds a {@link MirrorService}. Not thread-safe. */
  public static final class Builder {
    private final MirrorConfig config;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new java.util.SplittableRandom();
    private MirrorListener listener = MirrorListener.NONE;
    private @Nullable SyncEngine engine;
    private MirrorRunner.@Nullable Sleeper sleeper;

    private Builder(MirrorConfig config) {
      this.config = config;
    }

    /** The clock of schedules, states and traces (default the UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Where jitter comes from (default a {@link java.util.SplittableRandom}). */
    public Builder random(RandomGenerator value) {
      this.random = value;
      return this;
    }

    public Builder listener(MirrorListener value) {
      this.listener = value;
      return this;
    }

    /** The engine (default: one found by {@link SyncEngine#builder()}, closed with the service). */
    public Builder engine(SyncEngine value) {
      this.engine = value;
      return this;
    }

    /** How to wait for an updating upstream (default {@link Thread#sleep}). */
    public Builder sleeper(MirrorRunner.Sleeper value) {
      this.sleeper = value;
      return this;
    }

    public MirrorService build() {
      return new MirrorService(this);
    }
  }
}
