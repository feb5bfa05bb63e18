package io.mirrorkit.service.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirrorkit.service.Downstream;
import io.mirrorkit.service.MirrorRunner;
import io.mirrorkit.service.PushResult;
import io.mirrorkit.service.Stage;
import io.mirrorkit.service.Trigger;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a mirror's tier after its successful run, as Debian's runmirrors (archvsync {@code
 * bin/runmirrors} and {@code signal} in {@code bin/common}):
 *
 * <ul>
 *   <li>Entries go in file order, each on its own thread; {@code delay} pauses before the entries
 *       after it.
 *   <li>{@code all}: one {@code sync:all} (or {@code sync:archive:NAME sync:all}).
 *   <li>{@code staged} and {@code mhop}: {@code sync:stage1}; then each waits until every staged
 *       sibling has finished stage 1 (well or not) or {@code push_delay} has passed since the first
 *       sibling finished, whichever comes first (one timeout ends every wait, as runmirrors' {@code
 *       all_stage1}); then {@code sync:stage2}. Like runmirrors, a downstream whose stage 1 failed
 *       still gets stage 2 (a full sync that brings everything), and its report says so.
 *   <li>{@code mhop} entries also get {@code sync:mhop} when the push kind is mhop (an own run, or
 *       a pushed stage 1 with mhop): they push their own tier before answering.
 * </ul>
 *
 * <p>What goes depends on the {@link Kind} (ftpsync's {@code runmirrors -k}). Every push has its
 * timeout and retries; a failed or slow downstream is reported and never holds its siblings beyond
 * {@code push_delay}.
 */
public final class Pushes {
  private static final Logger log = LoggerFactory.getLogger(Pushes.class);

  /** What the run that pushes was: which entries get what (runmirrors' {@code -k}). */
  public enum Kind {
    /** An own run: every entry; {@code mhop} ones get {@code sync:mhop} (runmirrors alone). */
    MASTER,
    /** A pushed {@code sync:all}: every entry, {@code mhop} ones as {@code staged}. */
    ALL,
    /** A pushed stage 1 with mhop: stage 1 to staged and mhop entries only, no stage 2. */
    STAGE1_MHOP,
    /** A pushed stage 2: stage 2 to staged and mhop entries, {@code sync:all} to the others. */
    STAGE2,
    /** Nothing to pass on (a stage-1 push without mhop, an own stage-1 run). */
    NONE;

    /** The kind of a successful run of {@code stage} asked for by {@code trigger}. */
    public static Kind of(Stage stage, Trigger trigger) {
      if (!trigger.pushed()) {
        return stage == Stage.ONE ? NONE : MASTER;
      }
      return switch (stage) {
        case ALL -> ALL;
        case ONE -> trigger.mhop() ? STAGE1_MHOP : NONE;
        case TWO -> STAGE2;
      };
    }
  }

  private final String mirror;
  private final Clock clock;
  private final MirrorRunner.Sleeper sleeper;
  private final Consumer<PushResult> report;
  private final Duration pushDelay;
  private final java.util.Map<Downstream, String> current =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Pushes for {@code mirror}; each finished push goes to {@code report}; staged siblings wait at
   * most {@code pushDelay} for each other's stage 1.
   */
  public Pushes(
      String mirror,
      Clock clock,
      MirrorRunner.Sleeper sleeper,
      Consumer<PushResult> report,
      Duration pushDelay) {
    this.mirror = mirror;
    this.clock = clock;
    this.sleeper = sleeper;
    this.report = report;
    this.pushDelay = pushDelay;
  }

  /** Pushes {@code downstreams}; returns every push's result once all are done or timed out. */
  public List<PushResult> push(List<Downstream> downstreams, Kind kind)
      throws InterruptedException {
    if (kind == Kind.NONE) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mirrorkit-push-" + mirror);
              t.setDaemon(true);
              return t;
            });
    List<Future<List<PushResult>>> running = new ArrayList<>();
    List<Downstream> started = new ArrayList<>();
    List<Downstream> chosen = new ArrayList<>();
    for (Downstream d : downstreams) {
      boolean tiered = d.type() == Downstream.Type.STAGED || d.type() == Downstream.Type.MHOP;
      if (d.type() != Downstream.Type.DELAY && (kind != Kind.STAGE1_MHOP || tiered)) {
        chosen.add(d);
      }
    }
    StageOneGate gate =
        new StageOneGate(
            (int) chosen.stream().filter(d -> d.type() != Downstream.Type.ALL).count(), pushDelay);
    List<PushResult> results = new ArrayList<>();
    try {
      for (Downstream d : downstreams) {
        if (d.type() == Downstream.Type.DELAY) {
          try {
            sleeper.sleep(d.delay());
          } catch (IOException e) {
            log.warn("{}: delay: {}", mirror, e.toString());
          }
        } else if (chosen.contains(d)) {
          running.add(pool.submit(() -> one(d, kind, gate)));
          started.add(d);
        }
      }
      for (int i = 0; i < running.size(); i++) {
        Downstream d = started.get(i);
        // each try is bounded by the downstream's timeout; this is the backstop (a body that
        // drips past the HTTP client's timeout, say) so that no push holds the run for ever
        int stages =
            d.type() == Downstream.Type.ALL || kind != Kind.MASTER && kind != Kind.ALL ? 1 : 2;
        Duration bound =
            d.timeout()
                .plus(d.retryWait())
                .multipliedBy((d.retries() + 1L) * stages)
                .plus(pushDelay)
                .plusSeconds(5);
        Instant since = clock.instant();
        try {
          results.addAll(running.get(i).get(bound.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
          running.get(i).cancel(true);
          String command = current.getOrDefault(d, "push");
          PushResult r =
              result(d, command, false, "no answer within " + bound + "; given up", 0, since);
          log.warn(
              "{}: {} to {}: no answer within {}; given up", mirror, command, d.label(), bound);
          report.accept(r);
          results.add(r);
        } catch (java.util.concurrent.ExecutionException e) {
          log.warn("{}: a push ended abnormally: {}", mirror, String.valueOf(e.getCause()));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  /** One downstream's pushes: {@code sync:all}, or stage 1, the wait for its siblings, stage 2. */
  private List<PushResult> one(Downstream d, Kind kind, StageOneGate gate)
      throws InterruptedException {
    List<String> base = new ArrayList<>();
    if (d.archive() != null) {
      base.add("sync:archive:" + d.archive());
    }
    if (d.callback()) {
      base.add("sync:callback");
    }
    if (d.type() == Downstream.Type.MHOP && (kind == Kind.MASTER || kind == Kind.STAGE1_MHOP)) {
      base.add("sync:mhop");
    }
    if (d.type() == Downstream.Type.ALL) {
      return List.of(attempts(d, words(base, "sync:all"), ""));
    }
    List<PushResult> done = new ArrayList<>();
    String note = "";
    if (kind != Kind.STAGE2) {
      PushResult first = attempts(d, words(base, "sync:stage1"), "");
      done.add(first);
      if (!gate.arrive()) {
        log.warn(
            "{}: {}: not every staged downstream finished stage 1 within push_delay {}; going on",
            mirror,
            d.label(),
            pushDelay);
      }
      if (kind == Kind.STAGE1_MHOP) {
        return done;
      }
      if (!first.ok()) {
        note =
            "stage 1 had failed; stage 2 sent anyway, as runmirrors does (it syncs everything): ";
      }
    }
    done.add(attempts(d, words(base, "sync:stage2"), note));
    return done;
  }

  private static String words(List<String> base, String last) {
    List<String> all = new ArrayList<>(base);
    all.add(last);
    return String.join(" ", all);
  }

  /**
   * runmirrors' stage-1 push locks: staged siblings arrive after their stage 1; each waits for all
   * of them, at most {@code pushDelay} after the first arrival; the first wait that times out ends
   * every wait (runmirrors' {@code all_stage1}).
   */
  private static final class StageOneGate {
    private final CountDownLatch all;
    private final Duration pushDelay;
    private long deadline;
    private boolean open;

    StageOneGate(int count, Duration pushDelay) {
      this.all = new CountDownLatch(count);
      this.pushDelay = pushDelay;
    }

    /** Arrives and waits; returns whether every sibling arrived (else push_delay ran out). */
    boolean arrive() throws InterruptedException {
      long end;
      synchronized (this) {
        if (deadline == 0) {
          deadline = System.nanoTime() + pushDelay.toNanos();
        }
        end = deadline;
        all.countDown();
        if (open) {
          return all.getCount() == 0;
        }
      }
      boolean everyone = all.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      synchronized (this) {
        open = true;
      }
      return everyone;
    }
  }

  /**
   * Tries {@code command} on {@code d} up to its retries; {@code note} goes before the message.
   * Each try is bounded by the downstream's timeout.
   */
  private PushResult attempts(Downstream d, String command, String note)
      throws InterruptedException {
    Instant started = clock.instant();
    current.put(d, command);
    String last = "";
    for (int attempt = 1; ; attempt++) {
      try {
        String answer = d.ssh() ? SshPush.run(d, command, d.timeout()) : http(d, command);
        PushResult r = result(d, command, true, note + answer, attempt, started);
        log.info("{}: pushed {} to {}: {}", mirror, command, d.label(), answer);
        report.accept(r);
        return r;
      } catch (IOException | RuntimeException e) {
        last = e.getMessage() == null ? e.toString() : e.getMessage();
        log.warn(
            "{}: push {} to {} (try {} of {}) failed: {}",
            mirror,
            command,
            d.label(),
            attempt,
            d.retries() + 1,
            last);
      }
      if (attempt > d.retries()) {
        PushResult r = result(d, command, false, note + last, attempt, started);
        report.accept(r);
        return r;
      }
      try {
        sleeper.sleep(d.retryWait());
      } catch (IOException e) {
        log.warn("{}: retry wait: {}", mirror, e.toString());
      }
    }
  }

  /** Runs {@code command} over ssh on {@code d} within its timeout (the callback's way). */
  public static String ssh(Downstream d, String command) throws IOException {
    return SshPush.run(d, command, d.timeout());
  }

  PushResult result(
      Downstream d, String command, boolean ok, String message, int attempts, Instant started) {
    return new PushResult(
        mirror, d.label(), command, ok, message, attempts, started, clock.instant());
  }

  /** The most a downstream's answer to a push may hold: a run's result is a few hundred bytes. */
  static final int MAX_ANSWER = 64 * 1024;

  /**
   * A body handler that keeps at most {@code max} bytes: a longer answer fails with an {@link
   * IOException} and the exchange is cancelled, so a hostile downstream cannot fill the memory.
   */
  static HttpResponse.BodyHandler<String> atMost(int max) {
    return info ->
        new HttpResponse.BodySubscriber<>() {
          private final java.util.concurrent.CompletableFuture<String> result =
              new java.util.concurrent.CompletableFuture<>();
          private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
          private java.util.concurrent.Flow.@org.jspecify.annotations.Nullable Subscription
              subscription;

          @Override
          public java.util.concurrent.CompletionStage<String> getBody() {
            return result;
          }

          @Override
          public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(List<java.nio.ByteBuffer> items) {
            for (java.nio.ByteBuffer b : items) {
              if (body.size() + b.remaining() > max) {
                if (subscription != null) {
                  subscription.cancel();
                }
                result.completeExceptionally(
                    new IOException("the answer is longer than " + max + " bytes"));
                return;
              }
              byte[] bytes = new byte[b.remaining()];
              b.get(bytes);
              body.write(bytes, 0, bytes.length);
            }
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            result.complete(body.toString(StandardCharsets.UTF_8));
          }
        };
  }

  /** Triggers a mirrorkit downstream and waits for its run: {@code POST .../sync?wait=true}. */
  private static String http(Downstream d, String command)
      throws IOException, InterruptedException {
    List<String> words = List.of(command.split(" "));
    String query =
        (words.contains("sync:stage1")
                ? "stage=1"
                : words.contains("sync:stage2") ? "stage=2" : "stage=all")
            + (words.contains("sync:mhop") ? "&mhop=true" : "")
            + (words.contains("sync:callback") ? "&callback=true" : "");
    URI uri =
        d.url()
            .resolve(
                "mirrors/"
                    + URLEncoder.encode(d.mirror(), StandardCharsets.UTF_8)
                    + "/sync?"
                    + query
                    + "&wait=true");
    String token =
        Files.readAllLines(d.tokenFile(), StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("")
            .trim();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> r;
    // sendAsync bounded by the timeout: the client's own request timeout ends at the headers,
    // not at the end of a body that drips
    java.util.concurrent.CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(
            HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token)
                .timeout(d.timeout())
                .build(),
            atMost(MAX_ANSWER));
    try {
      r = pending.get(d.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      pending.cancel(true);
      throw new IOException(
          "no complete answer from " + uri.getAuthority() + " within " + d.timeout(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.ConnectException) {
        throw new IOException("no service answers at " + uri.getAuthority(), cause);
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new IOException(
            "no answer from " + uri.getAuthority() + " within " + d.timeout(), cause);
      }
      throw cause instanceof IOException io
          ? io
          : new IOException(uri.getAuthority() + ": " + cause, cause);
    }
    if (r.statusCode() == 202) {
      throw new IOException(
          uri.getAuthority()
              + " is still running the sync (its wait_timeout ran out): "
              + StateStore.JSON.readTree(r.body()).path("message").asText());
    }
    if (r.statusCode() != 200) {
      throw new IOException(uri.getAuthority() + " answered " + r.statusCode() + ": " + r.body());
    }
    JsonNode n = StateStore.JSON.readTree(r.body());
    String status = n.path("status").asText();
    if (status.equals("failed")) {
      throw new IOException(
          d.mirror() + " on " + uri.getAuthority() + " failed: " + n.path("message").asText());
    }
    return status + ": " + n.path("message").asText();
  }
}
