package io.mirrorkit.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream validators kept in the mirror state: a listing without sizes or times is fetched
 * conditionally, an "unchanged" answer keeps the local copy, and a validator never vouches for a
 * copy that changed locally or came from another upstream.
 */
class ValidatorTest {
  @TempDir Path temp;

  /**
   * An upstream like a plain HTML page of links: names only; the validator is the content itself,
   * and a request with the current validator is answered "unchanged".
   */
  static final class ConditionalUpstream implements TransportProvider {
    final Map<String, String> files = new ConcurrentHashMap<>();
    final Map<String, String> conditions = new ConcurrentHashMap<>();
    final Set<String> askedForMetadata = ConcurrentHashMap.newKeySet();
    int bodies;
    int notModified;

    /** Called with the path and the bytes written so far after each 512 KiB of a body. */
    java.util.function.ObjIntConsumer<String> written = (path, bytes) -> {};

    @Override
    public String name() {
      return "conditional";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("cond");
    }

    @Override
    public Transport create() {
      return new Transport() {
        @Override
        public Set<Capability> capabilities() {
          return Set.of();
        }

        @Override
        public Session open(Repository repository, SyncOptions options, SessionContext context) {
          return new Session() {
            @Override
            public Listing list(ListRequest request) {
              List<RemoteEntry> out = new ArrayList<>();
              for (String name : new TreeMap<>(files).keySet()) {
                MirrorPath p = MirrorPath.of(name);
                if (!request.validated().test(p)) {
                  askedForMetadata.add(name); // what an HTTP transport would HEAD
                }
                out.add(RemoteEntry.file(p, RemoteEntry.UNKNOWN, null));
              }
              return new Listing(out, Duration.ofSeconds(1));
            }

            @Override
            public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
              for (FetchRequest r : requests) {
                String content = files.get(r.path().toString());
                try (FetchTarget t = sink.open(r)) {
                  if (r.validator() != null) {
                    conditions.put(r.path().toString(), r.validator());
                  }
                  if (content.equals(r.validator())) {
                    synchronized (ConditionalUpstream.this) {
                      notModified++;
                    }
                    t.unchanged();
                    continue;
                  }
                  synchronized (ConditionalUpstream.this) {
                    bodies++;
                  }
                  t.validator(content);
                  byte[] body = content.getBytes(UTF_8);
                  for (int off = 0; off < body.length || off == 0; off += 512 << 10) {
                    int n = Math.min(body.length - off, 512 << 10);
                    t.output().write(body, off, n);
                    written.accept(r.path().toString(), off + n);
                  }
                  t.complete();
                }
              }
            }

            @Override
            public void close() {}
          };
        }
      };
    }

    void reset() {
      bodies = 0;
      notModified = 0;
      conditions.clear();
      askedForMetadata.clear();
    }
  }

  private final ConditionalUpstream upstream = new ConditionalUpstream();
  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(upstream).build();
  private final SyncOptions options =
      SyncOptions.builder().deletePolicy(DeletePolicy.AFTER).retryBackoff(Duration.ZERO).build();

  private SyncReport sync(String uri, Path mirror) throws IOException {
    return engine.sync(SyncRequest.of(Repository.of(uri), mirror, options));
  }

  private static List<String> leftovers(Path mirror) throws IOException {
    try (Stream<Path> s = Files.walk(mirror)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".~mk")).toList();
    }
  }

  @Test
  void aSecondSyncAsksConditionallyAndKeepsTheCopies() throws Exception {
    upstream.files.put("a", "alpha");
    upstream.files.put("dir with space/b", "beta");
    upstream.files.put("c", "");
    Path mirror = temp.resolve("mirror");

    SyncReport first = sync("cond://host/repo/", mirror);
    assertThat(first.filesTransferred()).isEqualTo(3);
    assertThat(upstream.conditions).isEmpty();
    assertThat(mirror.resolveSibling(".mirror.mirrorkit/validators.json")).exists();

    upstream.reset();
    SyncPlan plan =
        engine.plan(SyncRequest.of(Repository.of("cond://host/repo/"), mirror, options));
    assertThat(plan.itemize()).contains(">f.??...... a");
    assertThat(upstream.askedForMetadata).isEmpty(); // every copy has a validator

    upstream.reset();
    SyncReport second = sync("cond://host/repo/", mirror);
    assertThat(second.filesTransferred()).isZero();
    assertThat(second.filesUnchanged()).isEqualTo(3);
    assertThat(second.bytesTransferred()).isZero();
    assertThat(upstream.bodies).isZero();
    assertThat(upstream.conditions)
        .containsEntry("a", "alpha")
        .containsEntry("dir with space/b", "beta");
    assertThat(leftovers(mirror)).isEmpty();
    assertThat(second.toJson()).contains("\"filesUnchanged\" : 3");

    // an upstream change arrives; the others stay unchanged
    upstream.reset();
    upstream.files.put("a", "ALPHA"); // same size
    SyncReport third = sync("cond://host/repo/", mirror);
    assertThat(third.filesTransferred()).isEqualTo(1);
    assertThat(third.filesUnchanged()).isEqualTo(2);
    assertThat(Files.readString(mirror.resolve("a"))).isEqualTo("ALPHA");
    upstream.reset();
    assertThat(sync("cond://host/repo/", mirror).filesUnchanged()).isEqualTo(3);
    assertThat(upstream.conditions).containsEntry("a", "ALPHA");
  }

  @Test
  void aCopyChangedLocallyIsFetchedWithoutCondition() throws Exception {
    upstream.files.put("a", "alpha");
    upstream.files.put("b", "beta");
    Path mirror = temp.resolve("mirror");
    sync("cond://host/repo/", mirror);

    // someone edits the mirror: same size, other time -> the validator no longer vouches for it
    Files.writeString(mirror.resolve("a"), "ALPHA");
    Files.setLastModifiedTime(
        mirror.resolve("a"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    upstream.reset();
    SyncReport r = sync("cond://host/repo/", mirror);
    assertThat(upstream.conditions).containsOnlyKeys("b");
    assertThat(upstream.askedForMetadata).containsExactly("a");
    assertThat(r.filesTransferred()).isEqualTo(1);
    assertThat(Files.readString(mirror.resolve("a"))).isEqualTo("alpha");
  }

  @Test
  void validatorsOfAnotherUpstreamAreNotUsed() throws Exception {
    upstream.files.put("a", "alpha");
    Path mirror = temp.resolve("mirror");
    sync("cond://one/repo/", mirror);

    upstream.reset();
    SyncReport r = sync("cond://two/repo/", mirror);
    assertThat(upstream.conditions).isEmpty();
    assertThat(r.filesTransferred()).isEqualTo(1);
    upstream.reset();
    assertThat(sync("cond://two/repo/", mirror).filesUnchanged()).isEqualTo(1);
  }

  @Test
  void deletedFilesLoseTheirValidators() throws Exception {
    upstream.files.put("a", "alpha");
    upstream.files.put("b", "beta");
    Path mirror = temp.resolve("mirror");
    sync("cond://host/repo/", mirror);
    upstream.files.remove("b");
    assertThat(sync("cond://host/repo/", mirror).filesDeleted()).isEqualTo(1);
    String state = Files.readString(mirror.resolveSibling(".mirror.mirrorkit/validators.json"));
    assertThat(state).contains("\"a\"").doesNotContain("\"b\"");

    // the same name again, with other content, is fetched whole
    upstream.files.put("b", "beta");
    upstream.reset();
    sync("cond://host/repo/", mirror);
    assertThat(upstream.conditions).containsOnlyKeys("a");
  }

  @Test
  void withoutAValidatorAnUnknownFileIsFetchedEveryTime() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("x", "x").root();
    Path mirror = temp.resolve("mirror");
    upstream.files.put("x", "x");
    sync("cond://host/repo/", mirror);
    Files.delete(mirror.resolveSibling(".mirror.mirrorkit/validators.json"));
    upstream.reset();
    SyncReport r = sync("cond://host/repo/", mirror);
    assertThat(r.filesTransferred()).isEqualTo(1); // unknown size and time: never taken as current
    assertThat(Files.readString(mirror.resolve("x"))).isEqualTo(Files.readString(up.resolve("x")));
  }

  /**
   * A file of unknown size has its validator recorded in the work directory (so that a killed run's
   * partial file can be resumed with If-Range) once it turns out large; a small one costs no
   * durable write.
   */
  @Test
  void theValidatorOfAFileOfUnknownSizeIsRecordedOnceItIsLarge() throws Exception {
    upstream.files.put("big", "b".repeat(3 << 20));
    upstream.files.put("small", "s".repeat(1000));
    Path mirror = temp.resolve("mirror");
    Path work = mirror.resolveSibling(".mirror.mirrorkit/work");
    Map<String, List<Long>> recorded = new ConcurrentHashMap<>();
    upstream.written =
        (path, bytes) -> {
          try (Stream<Path> s = Files.list(work)) {
            String validator = upstream.files.get(path); // this upstream's validator: the content
            long validators =
                s.filter(f -> f.toString().endsWith(".validator"))
                    .filter(f -> content(f).equals(validator))
                    .count();
            recorded.computeIfAbsent(path, k -> new ArrayList<>()).add(validators);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    sync("cond://host/repo/", mirror);
    assertThat(recorded.get("small")).containsExactly(0L);
    // after 512 KiB: not yet; from 1 MiB on: recorded
    assertThat(recorded.get("big")).containsExactly(0L, 1L, 1L, 1L, 1L, 1L);
    assertThat(Files.readString(mirror.resolve("big"))).hasSize(3 << 20);
    try (Stream<Path> s = Files.list(work)) {
      assertThat(s.toList()).as("nothing left in the work directory").isEmpty();
    }
  }

  private static String content(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return ""; // published and removed meanwhile
    }
  }
}
