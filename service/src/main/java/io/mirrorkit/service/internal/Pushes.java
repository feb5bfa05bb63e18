package io.mirrorkit.service.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirrorkit.service.Downstream;
import io.mirrorkit.service.MirrorRunner;
import io.mirrorkit.service.PushResult;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a mirror's tier after its successful run, as Debian's runmirrors: entries in file order;
 * {@code delay} pauses; {@code all} pushes go at once and are not waited for by the others; {@code
 * mhop} pushes are waited for; then every {@code staged} downstream gets stage 1 and, once all have
 * finished it (or failed, or timed out), stage 2. Every push has its timeout and retries; a failed
 * or slow downstream is reported, never blocks the others beyond its timeout.
 */
public final class Pushes {
  private static final Logger log = LoggerFactory.getLogger(Pushes.class);

  private final String mirror;
  private final Clock clock;
  private final MirrorRunner.Sleeper sleeper;
  private final Consumer<PushResult> report;

  /** Pushes for {@code mirror}; each finished push goes to {@code report}. */
  public Pushes(
      String mirror, Clock clock, MirrorRunner.Sleeper sleeper, Consumer<PushResult> report) {
    this.mirror = mirror;
    this.clock = clock;
    this.sleeper = sleeper;
    this.report = report;
  }

  /** Pushes {@code downstreams}; returns every push's result once all are done or timed out. */
  public List<PushResult> push(List<Downstream> downstreams) throws InterruptedException {
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mirrorkit-push-" + mirror);
              t.setDaemon(true);
              return t;
            });
    List<PushResult> results = new ArrayList<>();
    List<Pending> loose = new ArrayList<>();
    List<Downstream> staged = new ArrayList<>();
    try {
      for (Downstream d : downstreams) {
        switch (d.type()) {
          case DELAY -> {
            try {
              sleeper.sleep(d.delay());
            } catch (IOException e) {
              log.warn("{}: delay: {}", mirror, e.toString());
            }
          }
          case ALL ->
              loose.add(
                  start(pool, d, d.archive() != null ? "sync:archive:" + d.archive() : "sync:all"));
          case MHOP -> results.add(start(pool, d, "sync:mhop").await());
          case STAGED -> staged.add(d);
        }
      }
      if (!staged.isEmpty()) {
        List<Pending> one = new ArrayList<>();
        staged.forEach(d -> one.add(start(pool, d, "sync:stage1")));
        for (Pending p : one) {
          results.add(p.await());
        }
        List<Pending> two = new ArrayList<>();
        staged.forEach(d -> two.add(start(pool, d, "sync:stage2")));
        for (Pending p : two) {
          results.add(p.await());
        }
      }
      for (Pending p : loose) {
        results.add(p.await());
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  private record Pending(
      Downstream downstream,
      String command,
      Instant started,
      Future<PushResult> future,
      Pushes owner) {
    PushResult await() throws InterruptedException {
      Duration bound =
          downstream
              .timeout()
              .plus(downstream.retryWait())
              .multipliedBy(downstream.retries() + 1L)
              .plusSeconds(5);
      PushResult r;
      try {
        r = future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        r =
            owner.result(
                downstream,
                command,
                false,
                "no answer within " + bound,
                downstream.retries() + 1,
                started);
        owner.report.accept(r);
      } catch (java.util.concurrent.ExecutionException e) {
        r = owner.result(downstream, command, false, String.valueOf(e.getCause()), 1, started);
        owner.report.accept(r);
      }
      return r;
    }
  }

  private Pending start(ExecutorService pool, Downstream d, String command) {
    Instant started = clock.instant();
    return new Pending(d, command, started, pool.submit(() -> attempts(d, command, started)), this);
  }

  private PushResult attempts(Downstream d, String command, Instant started)
      throws InterruptedException {
    String last = "";
    for (int attempt = 1; ; attempt++) {
      try {
        String answer = d.ssh() ? SshPush.run(d, command, d.timeout()) : http(d, command);
        PushResult r = result(d, command, true, answer, attempt, started);
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
        PushResult r = result(d, command, false, last, attempt, started);
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

  PushResult result(
      Downstream d, String command, boolean ok, String message, int attempts, Instant started) {
    return new PushResult(
        mirror, d.label(), command, ok, message, attempts, started, clock.instant());
  }

  /** Triggers a mirrorkit downstream and waits for its run: {@code POST .../sync?wait=true}. */
  private static String http(Downstream d, String command)
      throws IOException, InterruptedException {
    String query =
        switch (command) {
          case "sync:stage1" -> "stage=1";
          case "sync:stage2" -> "stage=2";
          case "sync:mhop" -> "stage=all&mhop=true";
          default -> "stage=all";
        };
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
    try {
      r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .header("Authorization", "Bearer " + token)
                  .timeout(d.timeout())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new IOException("no service answers at " + uri.getAuthority(), e);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new IOException("no answer from " + uri.getAuthority() + " within " + d.timeout(), e);
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
