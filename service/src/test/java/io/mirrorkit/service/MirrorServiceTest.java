package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.testkit.TreeBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resident service in-process, over a file:// upstream: triggers, schedules, API, reload. */
class MirrorServiceTest {
  private static final Duration WAIT = Duration.ofMinutes(1);

  @TempDir Path temp;

  private MirrorConfig config(String service, String mirror) throws Exception {
    Path up = temp.resolve("up");
    if (!Files.exists(up)) {
      TreeBuilder.at(up).file("CURRENT", "1").file("a/b", "b").file("c", "c");
    }
    Path file = temp.resolve("mirrors.toml");
    Files.writeString(
        file,
        "[service]\nstate_dir = \"state\"\n"
            + service
            + "\n[mirrors.m]\nsource = \""
            + up.toUri()
            + "\"\ntarget = \"mirror\"\ndelete = true\n"
            + mirror);
    return MirrorConfig.load(file);
  }

  /** Records runs; the first sync's plan blocks until {@link #release} opens. */
  static class BlockingListener implements MirrorListener {
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<MirrorResult> finished = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public void runStarted(String mirror, Stage stage, String trigger) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    @Override
    public void runFinished(MirrorResult result) {
      running.decrementAndGet();
      finished.add(result);
    }

    @Override
    public SyncListener syncListener(String mirror) {
      return new SyncListener() {
        @Override
        public void planReady(SyncPlan plan) {
          if (blocked.getCount() > 0) {
            blocked.countDown();
            try {
              release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      };
    }
  }

  @Test
  void triggersDuringASyncCoalesceIntoExactlyOneMoreRun() throws Exception {
    BlockingListener listener = new BlockingListener();
    try (MirrorService service = MirrorService.builder(config("", "")).listener(listener).build()) {
      assertThat(service.trigger("m", null)).isEqualTo("started");
      assertThat(listener.blocked.await(1, TimeUnit.MINUTES)).isTrue();
      assertThat(service.status("m").state()).isEqualTo("running");
      assertThat(service.status("m").progress()).isNotNull();

      assertThat(service.trigger("m", null)).isEqualTo("queued");
      assertThat(service.trigger("m", null)).isEqualTo("coalesced");
      assertThat(service.trigger("m", Stage.TWO)).isEqualTo("coalesced");
      listener.release.countDown();

      assertThat(service.awaitIdle(WAIT)).isTrue();
      assertThat(listener.finished).hasSize(2);
      assertThat(listener.finished).allMatch(r -> r.status().equals(MirrorResult.SUCCESS));
      assertThat(listener.mostAtOnce.get()).isEqualTo(1);
      assertThat(service.status("m").state()).isEqualTo("idle");
      assertThat(temp.resolve("mirror/a/b")).hasContent("b");
    }
  }

  @Test
  void noMoreThanTheParallelLimitSyncAtOnce() throws Exception {
    BlockingListener listener = new BlockingListener();
    MirrorConfig c =
        config(
            "parallel = 1",
            "[mirrors.n]\nsource = \"" + temp.resolve("up").toUri() + "\"\ntarget = \"other\"\n");
    try (MirrorService service = MirrorService.builder(c).listener(listener).build()) {
      assertThat(service.trigger("m", null)).isEqualTo("started");
      assertThat(listener.blocked.await(1, TimeUnit.MINUTES)).isTrue();
      assertThat(service.trigger("n", null)).isEqualTo("started");
      assertThat(service.status("n").state()).isEqualTo("queued"); // no free worker
      assertThat(service.trigger("n", null)).isEqualTo("coalesced");
      listener.release.countDown();

      assertThat(service.awaitIdle(WAIT)).isTrue();
      assertThat(listener.mostAtOnce.get()).isEqualTo(1);
      assertThat(listener.finished).extracting(MirrorResult::mirror).containsExactly("m", "n");
    }
  }

  @Test
  void mirrorsSharingATargetTakeTurns() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    BlockingListener listener =
        new BlockingListener() {
          @Override
          public void afterLock(String mirror) {
            events.add(mirror + " locked");
          }

          @Override
          public void stageFinished(String mirror, int stage, io.mirrorkit.SyncReport report) {
            events.add(mirror + " synced"); // still under the target's lock
          }
        };
    MirrorConfig c =
        config(
            "parallel = 2",
            "[mirrors.n]\nsource = \"" + temp.resolve("up").toUri() + "\"\ntarget = \"mirror\"\n");
    try (MirrorService service = MirrorService.builder(c).listener(listener).build()) {
      assertThat(service.trigger("m", null)).isEqualTo("started");
      assertThat(listener.blocked.await(1, TimeUnit.MINUTES)).isTrue();
      assertThat(service.trigger("n", null)).isEqualTo("started");
      listener.release.countDown();

      assertThat(service.awaitIdle(WAIT)).isTrue();
      assertThat(events).containsExactly("m locked", "m synced", "n locked", "n synced");
      assertThat(listener.finished).allMatch(r -> r.status().equals(MirrorResult.SUCCESS));
    }
  }

  @Test
  void schedulesRunAtTheCronTimePlusJitterOnTheTestClock() throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-12-03T12:30:00Z"));
    BlockingListener listener = new BlockingListener();
    listener.release.countDown();
    MirrorConfig c =
        config(
            "time_zone = \"UTC\"",
            "schedule = \"0 * * * *\"\njitter = \"10m\"\nmarker = \"CURRENT\"\n");
    try (MirrorService service =
        MirrorService.builder(c)
            .clock(clock)
            .random(new SplittableRandom(42))
            .listener(listener)
            .build()) {
      Instant first = service.nextRun("m");
      assertThat(service.nextCronTime("m")).isEqualTo(Instant.parse("2026-12-03T13:00:00Z"));
      assertThat(first)
          .isBetween(Instant.parse("2026-12-03T13:00:00Z"), Instant.parse("2026-12-03T13:10:00Z"));

      clock.set(first.minusMillis(1));
      assertThat(service.runDue()).isZero();
      clock.set(first);
      assertThat(service.runDue()).isEqualTo(1);
      assertThat(service.awaitIdle(WAIT)).isTrue();

      assertThat(listener.finished).hasSize(1);
      assertThat(service.nextCronTime("m")).isEqualTo(Instant.parse("2026-12-03T14:00:00Z"));
      assertThat(service.nextRun("m"))
          .isBetween(Instant.parse("2026-12-03T14:00:00Z"), Instant.parse("2026-12-03T14:10:00Z"));
      assertThat(service.status("m").lastGoodSync()).isEqualTo(first);

      // a scheduled run checks the marker: CURRENT did not move, so the next one skips
      clock.set(service.nextRun("m"));
      assertThat(service.runDue()).isEqualTo(1);
      assertThat(service.awaitIdle(WAIT)).isTrue();
      assertThat(listener.finished.get(1).status()).isEqualTo(MirrorResult.SKIPPED);
    }
  }

  @Test
  void theControlApiNeedsTheBearerToken() throws Exception {
    Files.writeString(temp.resolve("api.token"), "t0ken-123\n");
    MirrorConfig c = config("listen = \"127.0.0.1:0\"\ntoken_file = \"api.token\"", "");
    try (MirrorService service = MirrorService.builder(c).build()) {
      service.start();
      URI base = URI.create("http://127.0.0.1:" + service.apiAddress().getPort());
      HttpClient http = HttpClient.newHttpClient();

      assertThat(send(http, get(base, "/mirrors")).statusCode()).isEqualTo(401);
      assertThat(
              send(http, get(base, "/mirrors").header("Authorization", "Bearer wrong"))
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              send(
                      http,
                      HttpRequest.newBuilder(base.resolve("/mirrors/m/sync"))
                          .POST(HttpRequest.BodyPublishers.noBody()))
                  .statusCode())
          .isEqualTo(401);

      HttpResponse<String> sync =
          send(
              http,
              HttpRequest.newBuilder(base.resolve("/mirrors/m/sync?stage=all"))
                  .header("Authorization", "Bearer t0ken-123")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(sync.statusCode()).isEqualTo(202);
      assertThat(sync.body()).contains("\"result\":\"started\"");
      assertThat(service.awaitIdle(WAIT)).isTrue();

      HttpResponse<String> all = send(http, authorized(base, "/mirrors"));
      assertThat(all.statusCode()).isEqualTo(200);
      JsonNode list = new ObjectMapper().readTree(all.body());
      assertThat(list.isArray()).isTrue();
      JsonNode m = list.get(0);
      assertThat(m.get("name").asText()).isEqualTo("m");
      assertThat(m.get("state").asText()).isEqualTo("idle");
      assertThat(m.get("lastResult").get("status").asText()).isEqualTo("success");
      assertThat(m.has("lastCheck") && m.has("lastGoodSync") && m.has("nextRun")).isTrue();

      assertThat(send(http, authorized(base, "/mirrors/m")).body()).contains("\"name\":\"m\"");
      assertThat(send(http, authorized(base, "/mirrors/nope")).statusCode()).isEqualTo(404);
      HttpResponse<String> badStage =
          send(
              http,
              HttpRequest.newBuilder(base.resolve("/mirrors/m/sync?stage=3"))
                  .header("Authorization", "Bearer t0ken-123")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(badStage.statusCode()).isEqualTo(400);
      HttpResponse<String> reload =
          send(
              http,
              HttpRequest.newBuilder(base.resolve("/reload"))
                  .header("Authorization", "Bearer t0ken-123")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(reload.statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = send(http, authorized(base, "/metrics"));
      assertThat(metrics.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body())
          .contains("# TYPE mirrorkit_last_success_timestamp_seconds gauge\n")
          .containsPattern("mirrorkit_last_success_timestamp_seconds\\{mirror=\"m\"} \\d+\n")
          .contains("mirrorkit_sync_successes_total{mirror=\"m\"} 1\n")
          .contains("mirrorkit_sync_failures_total{mirror=\"m\"} 0\n");
    }
  }

  private static HttpRequest.Builder get(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path)).GET();
  }

  private static HttpRequest.Builder authorized(URI base, String path) {
    return get(base, path).header("Authorization", "Bearer t0ken-123");
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
      throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aReloadWithABadConfigKeepsTheOldOne() throws Exception {
    MirrorConfig c = config("", "");
    try (MirrorService service = MirrorService.builder(c).build()) {
      Path file = c.file();
      String good = Files.readString(file);
      Files.writeString(file, good + "bwlimit = \"lots\"\n");

      String why = service.reload();

      assertThat(why).contains("mirrors.toml:8:", "mirrors.m.bwlimit", "'lots' is not a rate");
      assertThat(service.has("m")).isTrue();
      assertThat(service.trigger("m", null)).isEqualTo("started");
      assertThat(service.awaitIdle(WAIT)).isTrue();

      Files.writeString(file, good.replace("[mirrors.m]", "[mirrors.n]"));
      assertThat(service.reload()).isNull();
      assertThat(service.has("n")).isTrue();
      assertThat(service.has("m")).isFalse();
    }
  }

  @Test
  void aClosedServiceTakesNoTriggers() throws Exception {
    MirrorService service = MirrorService.builder(config("", "")).build();
    service.close();
    assertThatThrownBy(() -> service.trigger("m", null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> service.status("x")).isInstanceOf(IllegalArgumentException.class);
  }
}
