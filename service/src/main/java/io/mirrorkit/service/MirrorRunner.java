package io.mirrorkit.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.service.internal.Fanout;
import io.mirrorkit.service.internal.Hooks;
import io.mirrorkit.service.internal.Markers;
import io.mirrorkit.service.internal.Pushes;
import io.mirrorkit.service.internal.StateStore;
import io.mirrorkit.service.internal.Traces;
import io.mirrorkit.service.internal.UpstreamFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the mirrors of a {@link MirrorConfig} once each: what {@code mirrorkit run} does from cron,
 * and what {@link MirrorService} does for each scheduled or triggered run.
 *
 * <p>One run of a mirror: the upstream marker (skip when its key is unchanged since the last good
 * sync), the mirror's lock (one run per target at a time; {@code Archive-Update-in-Progress-HOST}
 * with {@code announce_lock}), stage 1 (everything but the metadata, no deletes), waiting while the
 * upstream has an {@code Archive-Update-in-Progress-*} file, stage 2 (everything, deletes), then
 * the trace files, the state file and the hooks. A run never throws: its {@link MirrorResult} says
 * how it ended.
 *
 * <p>Thread-safe: runs of different targets may go at once. Close it to close the engine it made.
 */
public final class MirrorRunner implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(MirrorRunner.class);

  /** Waits between checks of an updating upstream; tests pass one that does not sleep. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException, IOException;
  }

  private final SyncEngine engine;
  private final boolean ownEngine;
  private final Clock clock;
  private final MirrorListener listener;
  private final Sleeper sleeper;
  private final StateStore state;
  private final BooleanSupplier stopping;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  private MirrorRunner(Builder b, Path stateDir) {
    this.ownEngine = b.engine == null;
    this.engine = b.engine != null ? b.engine : SyncEngine.builder().build();
    this.clock = b.clock;
    this.listener = b.listener;
    this.sleeper = b.sleeper;
    this.state = new StateStore(stateDir);
    this.stopping = b.stopping;
  }

  /** A builder for the runs of mirrors whose state lives in {@code stateDir}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The version written into trace files. */
  public static String version() {
    String v = MirrorRunner.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /**
   * Runs {@code names} (all mirrors when empty) of {@code config} one after the other.
   *
   * @throws IllegalArgumentException for a name the config does not have
   */
  public List<MirrorResult> runAll(MirrorConfig config, List<String> names, @Nullable Stage stage) {
    List<MirrorDefinition> chosen = new ArrayList<>();
    if (names.isEmpty()) {
      chosen.addAll(config.mirrors());
    }
    for (String n : names) {
      MirrorDefinition m = config.mirror(n);
      if (m == null) {
        throw new IllegalArgumentException(
            "no mirror '"
                + n
                + "' in "
                + config.file()
                + "; it has: "
                + config.mirrors().stream().map(MirrorDefinition::name).toList());
      }
      chosen.add(m);
    }
    List<MirrorResult> results = new ArrayList<>();
    for (MirrorDefinition m : chosen) {
      results.add(run(m, stage, "cron", true, SyncListener.NONE));
    }
    return results;
  }

  /** The worst exit code of {@code results} (the highest), 0 when all succeeded or skipped. */
  public static int worstExitCode(List<MirrorResult> results) {
    return results.stream().mapToInt(r -> r.exitCode() < 0 ? 1 : r.exitCode()).max().orElse(0);
  }

  /**
   * Runs {@code m} once.
   *
   * @param stage the stages to sync, or null for the mirror's own {@code stage}
   * @param trigger what the trace's {@code Trigger:} says ({@code cron}, {@code api}, ...)
   * @param checkMarker whether an unchanged upstream marker skips the run (a push does not check)
   * @param progress gets the engine's events besides the listener's
   */
  public MirrorResult run(
      MirrorDefinition m,
      @Nullable Stage stage,
      String trigger,
      boolean checkMarker,
      SyncListener progress) {
    return run(m, stage, Trigger.own(trigger), checkMarker, progress);
  }

  /**
   * Runs {@code m} once for {@code why}: like {@link #run(MirrorDefinition, Stage, String, boolean,
   * SyncListener)}, and a push's flags decide what a successful run passes on down its tier and
   * whether it calls its upstream back first (see {@link Trigger}).
   */
  public MirrorResult run(
      MirrorDefinition m,
      @Nullable Stage stage,
      Trigger why,
      boolean checkMarker,
      SyncListener progress) {
    String trigger = why.name();
    Stage s = stage != null ? stage : m.stage();
    Instant started = clock.instant();
    tell(() -> listener.runStarted(m.name(), s, trigger));
    List<SyncReport> reports = new ArrayList<>();
    ReentrantLock lock = locks.computeIfAbsent(m.location(), t -> new ReentrantLock());
    MirrorResult result;
    lock.lock();
    Path announced = null;
    try {
      Files.createDirectories(m.target());
      SyncOptions base = m.options(ownExcludes(m)).build();
      String markerKey = checkMarker || m.marker() != null ? markerKey(m, base) : null;
      ObjectNode st = state.read(m.name());
      if (checkMarker && markerKey != null && markerKey.equals(st.path("marker").asText(null))) {
        result =
            new MirrorResult(
                m.name(),
                MirrorResult.SKIPPED,
                0,
                "upstream marker " + m.marker() + " unchanged (" + markerKey + ")",
                started,
                clock.instant(),
                List.of());
        record(m, result, null);
        MirrorResult skipped = result;
        tell(() -> listener.runFinished(skipped));
        return skipped;
      }
      if (m.announceLock()) {
        announced = m.target().resolve("Archive-Update-in-Progress-" + m.hostname());
        Files.writeString(announced, ProcessHandle.current().pid() + " " + m.hostname() + "\n");
      }
      tell(() -> listener.afterLock(m.name()));
      hook(m, "after_lock", null, s);
      SyncListener events = Fanout.of(listener.syncListener(m.name()), progress);
      Duration stage1 = Duration.ZERO;
      Duration stage2 = Duration.ZERO;
      if (s == Stage.ONE || (s == Stage.ALL && !m.stageOneExcludes().isEmpty())) {
        checkStopping();
        Instant t = clock.instant();
        List<String> excludes = new ArrayList<>(ownExcludes(m));
        excludes.addAll(m.stageOneExcludes());
        SyncOptions one = m.options(excludes).deletePolicy(DeletePolicy.NONE).format(null).build();
        SyncReport r = engine.sync(m.request(one, events));
        reports.add(r);
        stage1 = Duration.between(t, clock.instant());
        mark(m, "lastStage1Finished");
        tell(() -> listener.stageFinished(m.name(), 1, r));
        hook(m, "after_stage1", null, s);
      }
      if (s != Stage.ONE) {
        waitForUpstream(m, base);
        checkStopping();
        Instant t = clock.instant();
        mark(m, "lastStage2Started");
        SyncReport r = engine.sync(m.request(base, events));
        reports.add(r);
        stage2 = Duration.between(t, clock.instant());
        tell(() -> listener.stageFinished(m.name(), 2, r));
        hook(m, "after_stage2", null, s);
      }
      Instant finished = clock.instant();
      long bytes = reports.stream().mapToLong(SyncReport::bytesReceived).sum();
      if (m.trace().contains("ftpsync")) {
        Traces.writeFtpsync(
            m,
            new Traces.Run(started, finished, trigger, bytes, stage1, stage2),
            s == Stage.ONE,
            version());
      }
      if (m.trace().contains("lastsync") && s != Stage.ONE) {
        Traces.writeLastsync(m.target(), finished);
      }
      String what = s == Stage.ONE ? "stage 1 synced" : "synced";
      result =
          new MirrorResult(
              m.name(),
              MirrorResult.SUCCESS,
              0,
              what
                  + ": "
                  + reports.stream().mapToLong(SyncReport::filesTransferred).sum()
                  + " files, "
                  + bytes
                  + " bytes received",
              started,
              finished,
              List.copyOf(reports));
      record(m, result, s == Stage.ONE ? null : markerKey);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      int code = MirrorResult.exitCode(e);
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      result =
          new MirrorResult(
              m.name(),
              MirrorResult.FAILED,
              code < 0 ? 1 : code,
              message,
              started,
              clock.instant(),
              List.copyOf(reports));
      log.warn("{}: {}", m.name(), message, code < 0 ? e : null);
      try {
        record(m, result, null);
      } catch (IOException io) {
        log.warn("{}: cannot write the state: {}", m.name(), io.toString());
      }
    } finally {
      if (announced != null) {
        try {
          Files.deleteIfExists(announced);
        } catch (IOException e) {
          log.warn("{}: cannot remove {}: {}", m.name(), announced, e.toString());
        }
      }
      lock.unlock();
    }
    if (result.status().equals(MirrorResult.SUCCESS)) {
      if (why.callback()) {
        callBack(m);
      }
      push(m, Pushes.Kind.of(s, why));
    }
    hook(m, result.failed() ? "on_failure" : "after_sync", result, s);
    MirrorResult done = result;
    tell(() -> listener.runFinished(done));
    return done;
  }

  /**
   * ftpsync's callback: {@code callback:HOSTNAME} over ssh to the upstream of {@code
   * [mirrors.NAME.callback]}; without one, the wish is logged and ignored, as ftpsync does. The
   * result is reported as a push.
   */
  private void callBack(MirrorDefinition m) {
    Downstream up = m.callback();
    if (up == null) {
      log.error(
          "{}: asked to call back, but [mirrors.{}.callback] is not configured; ignoring the"
              + " callback",
          m.name(),
          m.name());
      return;
    }
    String command = "callback:" + m.hostname();
    Instant started = clock.instant();
    PushResult r;
    try {
      String answer = Pushes.ssh(up, command);
      r = new PushResult(m.name(), up.label(), command, true, answer, 1, started, clock.instant());
      log.info("{}: called back {}@{}", m.name(), up.sshUser(), up.sshHost());
    } catch (IOException | RuntimeException e) {
      r =
          new PushResult(
              m.name(),
              up.label(),
              command,
              false,
              String.valueOf(e.getMessage()),
              1,
              started,
              clock.instant());
      log.warn("{}: callback to {} failed: {}", m.name(), up.sshHost(), e.getMessage());
    }
    PushResult done = r;
    tell(() -> listener.pushFinished(done));
  }

  /** Pushes {@code m}'s downstreams as {@code kind} says and keeps the results in its state. */
  private void push(MirrorDefinition m, Pushes.Kind kind) {
    if (m.downstreams().isEmpty() || kind == Pushes.Kind.NONE) {
      return;
    }
    try {
      List<PushResult> pushed =
          new Pushes(
                  m.name(),
                  clock,
                  sleeper,
                  r -> tell(() -> listener.pushFinished(r)),
                  m.pushDelay())
              .push(m.downstreams(), kind);
      ObjectNode st = state.read(m.name());
      var a = st.putArray("lastPushes");
      for (PushResult r : pushed) {
        a.addObject()
            .put("downstream", r.downstream())
            .put("command", r.command())
            .put("ok", r.ok())
            .put("message", r.message())
            .put("attempts", r.attempts())
            .put("started", r.started().toString())
            .put("finished", r.finished().toString());
      }
      state.write(m.name(), st);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("{}: cannot write the push results: {}", m.name(), e.toString());
    }
  }

  /** Notes the time of a step in the state file ({@code lastStage1Finished}, ...). */
  private void mark(MirrorDefinition m, String key) throws IOException {
    ObjectNode st = state.read(m.name());
    st.put(key, clock.instant().toString());
    state.write(m.name(), st);
  }

  /** The state directory's store (status without a running service). */
  StateStore state() {
    return state;
  }

  /** Closes the engine if this runner made it. */
  @Override
  public void close() throws IOException {
    if (ownEngine) {
      engine.close();
    }
  }

  private void checkStopping() throws IOException {
    if (stopping.getAsBoolean()) {
      throw new IOException("stopped: the service is shutting down");
    }
  }

  /** The marker's key on the upstream, or null without a marker or when it cannot be read. */
  private @Nullable String markerKey(MirrorDefinition m, SyncOptions options) {
    if (m.marker() == null) {
      return null;
    }
    try {
      byte[] content = UpstreamFiles.read(engine, m.source(), options, m.marker());
      return content == null ? null : Markers.key(m.marker(), content);
    } catch (IOException e) {
      log.warn(
          "{}: upstream marker {} unreadable ({}); syncing", m.name(), m.marker(), e.toString());
      return null;
    }
  }

  /** Before stage 2: waits while the upstream announces an update, as ftpsync's UIP loop. */
  private void waitForUpstream(MirrorDefinition m, SyncOptions options)
      throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      List<String> uip =
          UpstreamFiles.rootNames(engine, m.source(), options, "Archive-Update-in-Progress-*");
      if (uip.isEmpty()) {
        return;
      }
      if (attempt >= m.uipRetries()) {
        throw new IOException(
            "the upstream is still updating ("
                + uip
                + ") after "
                + m.uipRetries()
                + " waits of "
                + m.uipSleep()
                + "; try again later");
      }
      log.info("{}: upstream updating ({}); waiting {}", m.name(), uip, m.uipSleep());
      sleeper.sleep(m.uipSleep());
      checkStopping();
    }
  }

  /** What a sync of {@code m} never touches: lock files and the traces it writes itself. */
  private static List<String> ownExcludes(MirrorDefinition m) {
    List<String> ex =
        new ArrayList<>(List.of("/Archive-Update-in-Progress-*", "/Archive-Update-Required-*"));
    if (m.trace().contains("ftpsync")) {
      ex.add("/project/trace/" + m.hostname());
      ex.add("/project/trace/" + m.hostname() + "-stage1");
    }
    if (m.trace().contains("lastsync")) {
      ex.add("/lastsync");
    }
    return ex;
  }

  private void record(MirrorDefinition m, MirrorResult r, @Nullable String markerKey)
      throws IOException {
    ObjectNode st = state.read(m.name());
    st.put("name", m.name());
    st.put("target", m.location());
    st.put("lastCheck", r.finished().toString());
    ObjectNode last = st.putObject("lastResult");
    last.put("status", r.status())
        .put("message", r.message())
        .put("exitCode", r.exitCode())
        .put("at", r.finished().toString());
    if (r.status().equals(MirrorResult.SUCCESS)) {
      st.put("lastGoodSync", r.finished().toString());
      st.put("lastDurationSeconds", Duration.between(r.started(), r.finished()).toMillis() / 1e3);
      st.put("lastBytes", r.bytesReceived());
      st.put("lastFiles", r.filesTransferred());
      st.put("successes", st.path("successes").asLong() + 1);
      if (markerKey != null) {
        st.put("marker", markerKey);
      }
    } else if (r.failed()) {
      st.put("failures", st.path("failures").asLong() + 1);
      st.remove("lastCheck");
      if (st.has("lastGoodCheck")) {
        st.put("lastCheck", st.get("lastGoodCheck").asText());
      }
    }
    if (!r.failed()) {
      st.put("lastGoodCheck", r.finished().toString());
    }
    state.write(m.name(), st);
    if (!r.reports().isEmpty()) {
      StateStore.writeAtomically(
          state.reportFile(m.name()), r.reports().get(r.reports().size() - 1).toJson());
    }
  }

  private void hook(MirrorDefinition m, String hook, @Nullable MirrorResult r, Stage s) {
    List<String> command = m.hooks().get(hook);
    if (command == null) {
      return;
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MIRRORKIT_MIRROR", m.name());
    env.put("MIRRORKIT_HOOK", hook);
    env.put("MIRRORKIT_TARGET", m.location());
    env.put("MIRRORKIT_SOURCE", io.mirrorkit.Repository.redact(m.source().uri()));
    env.put("MIRRORKIT_STAGE", s.label());
    env.put("MIRRORKIT_RESULT", r == null ? "running" : r.status());
    env.put("MIRRORKIT_EXIT_CODE", r == null ? "" : Integer.toString(r.exitCode()));
    env.put("MIRRORKIT_MESSAGE", r == null ? "" : r.message());
    env.put("MIRRORKIT_REPORT", state.reportFile(m.name()).toString());
    int code = Hooks.run(m.name(), hook, command, env, m.hookTimeout(), state.dir());
    tell(() -> listener.hookFinished(m.name(), hook, code));
  }

  /** Calls the listener; a handler that throws breaks its contract and is logged, not obeyed. */
  private static void tell(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      log.warn("a MirrorListener threw; ignored", e);
    }
  }

  /** Builds a {@link MirrorRunner}. Not thread-safe. */
  public static final class Builder {
    private @Nullable SyncEngine engine;
    private Clock clock = Clock.systemUTC();
    private MirrorListener listener = MirrorListener.NONE;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private BooleanSupplier stopping = () -> false;

    private Builder() {}

    /**
     * The engine to sync with (default: one found by {@link SyncEngine#builder()}, closed with the
     * runner).
     */
    public Builder engine(SyncEngine value) {
      this.engine = value;
      return this;
    }

    /** The clock for state times and traces (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder listener(MirrorListener value) {
      this.listener = value;
      return this;
    }

    /** How to wait for an updating upstream (default {@link Thread#sleep}). */
    public Builder sleeper(Sleeper value) {
      this.sleeper = value;
      return this;
    }

    /** Asked before each step: true stops the run at that clean point. */
    public Builder stopping(BooleanSupplier value) {
      this.stopping = value;
      return this;
    }

    /** The runner, keeping its state in {@code stateDir}. */
    public MirrorRunner build(Path stateDir) {
      return new MirrorRunner(this, stateDir);
    }
  }
}
