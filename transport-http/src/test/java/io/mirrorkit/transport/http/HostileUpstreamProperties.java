package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.transport.http.HostileSite.DirSpec;
import io.mirrorkit.transport.http.HostileSite.FileSpec;
import io.mirrorkit.transport.http.HostileSite.Hostile;
import io.mirrorkit.transport.http.HostileSite.Item;
import io.mirrorkit.transport.http.HostileSite.Limit;
import io.mirrorkit.transport.http.HostileSite.Noise;
import io.mirrorkit.transport.http.HostileSite.OffHost;
import io.mirrorkit.transport.http.HostileSite.PageSpec;
import io.mirrorkit.transport.http.HostileSite.Rendered;
import io.mirrorkit.transport.http.HostileSite.Shape;
import io.mirrorkit.transport.http.HostileSite.SizeStyle;
import io.mirrorkit.transport.http.HostileSite.TimeStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import okhttp3.HttpUrl;

/**
 * Issue 18's fuzz suite for HTTP: generated hostile upstreams (nginx-, Apache- and plain HTML and
 * nginx JSON index pages with unclosed tags, huge attribute values, deep nesting, self, parent,
 * absolute, off-host and encoded-{@code ..} links, malformed sizes and times, unsafe names, large
 * link counts in small pages, and page-size and link limits set just below or at the largest page)
 * served by an in-JVM upstream and synced through the public {@link SyncEngine}. Each case must end
 * within a time bound, write nothing outside the target and its state directory, ask for nothing
 * outside the start directory, and either fail with an error that names the page and the limit, or
 * succeed with exactly the tree the pages meant, warning about each page with malformed rows.
 */
class HostileUpstreamProperties {
  private static final Duration CASE_BOUND = Duration.ofSeconds(30);

  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  @Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
  void hostileUpstreamIsMirroredOrRefusedClearly(@ForAll("sites") HostileSite site)
      throws Exception {
    Path base = Files.createTempDirectory("hostile-http");
    try (FakeIndexUpstream upstream = serve(site)) {
      Outcome outcome =
          assertTimeoutPreemptively(CASE_BOUND, () -> sync(site, upstream, base), site::toString);
      assertNothingOutside(base);
      assertThat(upstream.requested()).allMatch(p -> p.startsWith(HostileSite.START));
      List<String> failures = expectedFailures(site);
      Statistics.label("outcome").collect(failures.isEmpty() ? "mirrored" : "refused");
      if (failures.isEmpty()) {
        assertMirrored(site, upstream, outcome, base.resolve("m"));
      } else {
        assertRefused(upstream, outcome, failures, base.resolve("m"));
      }
    } finally {
      delete(base);
    }
  }

  // ---- the oracle

  private record Outcome(SyncReport report, IOException failure) {}

  private Outcome sync(HostileSite site, FakeIndexUpstream upstream, Path base) {
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .maxDeletePercent(100)
            .retries(0)
            .retryBackoff(Duration.ZERO)
            .timeout(Duration.ofSeconds(10))
            .option(HttpOptions.ROBOTS, false)
            .option(HttpOptions.MAX_PAGE_BYTES, pageBytes(site))
            .option(HttpOptions.MAX_LINKS_PER_PAGE, maxLinks(site))
            .build();
    try {
      return new Outcome(
          engine.sync(
              SyncRequest.of(
                  Repository.of(upstream.uri(HostileSite.START)), base.resolve("m"), options)),
          null);
    } catch (IOException e) {
      return new Outcome(null, e);
    }
  }

  private FakeIndexUpstream serve(HostileSite site) throws IOException {
    FakeIndexUpstream upstream = new FakeIndexUpstream();
    for (Rendered page : site.pages()) {
      upstream.put(page.path(), FakeIndexUpstream.page(page.type(), page.text()));
    }
    site.files()
        .forEach(
            (path, content) ->
                upstream.put(
                    HostileSite.START + path,
                    new FakeIndexUpstream.Resource(
                        "application/octet-stream", content, HostileSite.HTTP_TIME)));
    return upstream;
  }

  private static int pageBytes(HostileSite site) {
    return switch (site.limit()) {
      case PAGE_BYTES_BELOW -> site.largestPage() - 1;
      case PAGE_BYTES_AT -> site.largestPage();
      default -> HttpOptions.MAX_PAGE_BYTES.defaultValue();
    };
  }

  private static int maxLinks(HostileSite site) {
    return switch (site.limit()) {
      case LINKS_BELOW -> Math.max(1, site.mostLinks() - 1);
      case LINKS_AT -> Math.max(1, site.mostLinks());
      default -> HttpOptions.MAX_LINKS_PER_PAGE.defaultValue();
    };
  }

  /** What the error must say, one of; empty when the sync must succeed. */
  private static List<String> expectedFailures(HostileSite site) {
    int pageBytes = pageBytes(site);
    int maxLinks = maxLinks(site);
    List<String> out = new ArrayList<>();
    if (site.pages().stream().anyMatch(p -> p.bytes() > pageBytes)) {
      out.add("larger than " + pageBytes + " bytes");
    }
    if (site.pages().stream().anyMatch(p -> p.links() > maxLinks)) {
      out.add("more than " + maxLinks + " links");
    }
    if (site.brokenJson()) {
      out.add("expected nginx's JSON directory index");
    }
    return out;
  }

  private static void assertRefused(
      FakeIndexUpstream upstream, Outcome outcome, List<String> failures, Path target)
      throws IOException {
    assertThat(outcome.failure()).as("the sync must fail with one of %s", failures).isNotNull();
    String message = outcome.failure().getMessage();
    assertThat(message).contains(upstream.uri(HostileSite.START).toString());
    assertThat(failures).anyMatch(message::contains);
    assertThat(regularFiles(target)).isEmpty();
  }

  private static void assertMirrored(
      HostileSite site, FakeIndexUpstream upstream, Outcome outcome, Path target)
      throws IOException {
    if (outcome.failure() != null) {
      throw new AssertionError("the sync failed: " + outcome.failure(), outcome.failure());
    }
    Map<String, byte[]> files = regularFiles(target);
    assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(site.files().keySet());
    site.files().forEach((path, content) -> assertThat(files.get(path)).isEqualTo(content));
    try (Stream<Path> all = Files.walk(target)) {
      assertThat(
              all.filter(Files::isDirectory)
                  .filter(p -> !p.equals(target))
                  .map(p -> slashed(target.relativize(p))))
          .allMatch(site.directories()::contains);
    }
    HttpUrl start = HttpUrl.get(upstream.uri(HostileSite.START));
    for (Rendered page : site.pages()) {
      if (page.malformed()) {
        HttpUrl url = start.resolve(page.encodedPath());
        assertThat(outcome.report().warnings())
            .as("a warning names the page %s", url)
            .anyMatch(w -> namesPage(w, url));
      }
    }
  }

  /** Whether {@code warning} is a note on an entry of {@code page} (however its URL is encoded). */
  private static boolean namesPage(String warning, HttpUrl page) {
    int end = warning.indexOf(": entry ");
    if (!warning.startsWith("listing ") || end < 0) {
      return false;
    }
    HttpUrl named = HttpUrl.parse(warning.substring("listing ".length(), end));
    return named != null && named.pathSegments().equals(page.pathSegments());
  }

  /** Everything under the case's directory is the target or its state directory. */
  private static void assertNothingOutside(Path base) throws IOException {
    try (Stream<Path> all = Files.walk(base)) {
      assertThat(all.filter(p -> !p.equals(base)).map(base::relativize))
          .allMatch(p -> p.startsWith("m") || p.startsWith(".m.mirrorkit"));
    }
  }

  private static Map<String, byte[]> regularFiles(Path target) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    if (!Files.isDirectory(target)) {
      return out;
    }
    try (Stream<Path> all = Files.walk(target)) {
      for (Path p : all.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.put(slashed(target.relativize(p)), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static String slashed(Path relative) {
    return relative.toString().replace(java.io.File.separatorChar, '/');
  }

  private static void delete(Path base) throws IOException {
    try (Stream<Path> all = Files.walk(base)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ---- the generators

  @Provide
  Arbitrary<HostileSite> sites() {
    return Combinators.combine(page(true), limits()).as(HostileSite::new);
  }

  private static Arbitrary<Limit> limits() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(Limit.NONE)),
        Tuple.of(1, Arbitraries.just(Limit.PAGE_BYTES_BELOW)),
        Tuple.of(1, Arbitraries.just(Limit.PAGE_BYTES_AT)),
        Tuple.of(1, Arbitraries.just(Limit.LINKS_BELOW)),
        Tuple.of(1, Arbitraries.just(Limit.LINKS_AT)));
  }

  private static Arbitrary<PageSpec> page(boolean withDirectories) {
    return Arbitraries.of(Shape.class)
        .flatMap(
            shape ->
                Combinators.combine(
                        items(shape, withDirectories).list().ofMaxSize(12),
                        shape == Shape.JSON ? Arbitraries.just("") : tails(),
                        shape == Shape.JSON
                            ? Arbitraries.integers().between(0, 9).map(i -> i == 0)
                            : Arbitraries.just(false))
                    .as((items, tail, broken) -> new PageSpec(shape, items, tail, broken)));
  }

  private static Arbitrary<Item> items(Shape shape, boolean withDirectories) {
    List<Tuple2<Integer, Arbitrary<? extends Item>>> kinds = new ArrayList<>();
    kinds.add(Tuple.of(5, files()));
    kinds.add(Tuple.of(2, hostile(shape)));
    kinds.add(Tuple.of(2, noise()));
    kinds.add(Tuple.of(1, Arbitraries.integers().between(1, 3000).map(OffHost::new)));
    if (withDirectories) {
      kinds.add(Tuple.of(1, Combinators.combine(names(), page(false)).as(DirSpec::new)));
    }
    @SuppressWarnings("unchecked")
    Tuple2<Integer, Arbitrary<? extends Item>>[] array = kinds.toArray(Tuple2[]::new);
    return Arbitraries.frequencyOf(array);
  }

  private static Arbitrary<FileSpec> files() {
    return Combinators.combine(
            names(),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(2000),
            Arbitraries.of(SizeStyle.class),
            Arbitraries.of(TimeStyle.class),
            Arbitraries.integers().between(0, 4))
        .as(FileSpec::new);
  }

  /** Safe names, awkward for URLs and HTML: spaces, %, #, ?, &, quotes, angle brackets, Unicode. */
  static Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars("abcxyzABC0189-_.~ %#?&;=+'\"<>:!@$()[]{}ü日é")
        .ofMinLength(1)
        .ofMaxLength(24)
        .filter(n -> !n.equals(".") && !n.equals("..") && !n.equals(".mirrorkit"));
  }

  private static Arbitrary<Hostile> hostile(Shape shape) {
    if (shape == Shape.JSON) {
      return Arbitraries.of("..", ".", "", "a/b", "../x", "x\u0000y", "n".repeat(300), "/etc")
          .map(Hostile::new);
    }
    return Arbitraries.of(
            "./",
            "../",
            "../../etc/passwd",
            "/etc/passwd",
            "/",
            "//evil.invalid/x",
            "http://evil.invalid/pub/",
            "https://127.0.0.1/pub/x",
            "%2e%2e/secret",
            "%2E%2E%2Fsecret",
            "..%2Fsecret",
            "a%2Fb",
            "%00nul",
            "x%00",
            "?C=N;O=D",
            "?x=1",
            "#top",
            "#",
            "   ",
            "../sibling/file")
        .map(Hostile::new);
  }

  /** Markup that hides nothing; the anchors it has with an href are counted. */
  private static Arbitrary<Noise> noise() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 20_000).map(k -> new Noise("<div>".repeat(k), 0)),
        Arbitraries.integers()
            .between(1, 20_000)
            .map(k -> new Noise("<b><i><table><tr><td>".repeat(k / 5 + 1), 0)),
        Arbitraries.integers()
            .between(1, 400_000)
            .map(k -> new Noise("<span title=\"" + "x".repeat(k) + "\">s</span>", 0)),
        Arbitraries.integers()
            .between(1, 400_000)
            .map(
                k ->
                    new Noise(
                        "<a title='" + "y".repeat(k) + "' href=\"http://evil.invalid/big\">b</a>",
                        1)),
        Arbitraries.integers().between(1, 100_000).map(k -> new Noise("z".repeat(k), 0)),
        Arbitraries.of(
            new Noise("&amp;&#x26;&bogus;&&&#99999999999;&#x110000;&#;&#x;", 0),
            new Noise("</a></a ></A>", 0),
            new Noise("<a name=\"top\">no href</a>", 0),
            new Noise("<a>bare</a><a/>", 0),
            new Noise("<script>if (a < b && c > d) { x = '<'; }</script>", 0),
            new Noise("<p>unclosed <em>markup <table><tr>", 0),
            new Noise("<!-- a comment -->", 0)));
  }

  /** Text a page ends inside: a start tag that never closes (no '>' follows). */
  private static Arbitrary<String> tails() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "", "", "<", "<a", "<a href=\"x", "<a href='x", "<a href="),
        Arbitraries.integers().between(1, 60_000).map("<a "::repeat),
        Arbitraries.integers().between(1, 30_000).map("<a href=x "::repeat),
        Arbitraries.integers().between(1, 30_000).map("<a href=\"x"::repeat));
  }
}
