package io.mirrorkit.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mirrorkit's HTTP crawler against the real servers' directory indexes (Debian's nginx with HTML
 * and JSON autoindex, lighttpd's dirlisting): the mirror must equal the served directory, content
 * and times as precise as the index gives them, after a first sync and after edits and deletes.
 */
class HttpInteropTest {
  @TempDir Path temp;

  private final SyncEngine engine =
      SyncEngine.builder().discoverProviders(false).provider(new HttpTransportProvider()).build();

  private static SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(30));
  }

  private static CompareOptions comparison(RealServer.Kind kind) {
    Duration precision =
        kind == RealServer.Kind.NGINX_HTML || kind == RealServer.Kind.APACHE_FANCY
            ? Duration.ofMinutes(1)
            : Duration.ofSeconds(1);
    // HTTP carries content and times: no modes, no links (servers follow symlinks)
    CompareOptions o = CompareOptions.defaults();
    if (kind.name().startsWith("NGINX")) {
      o = o.ignore(".hidden"); // nginx's autoindex never lists dotfiles
    }
    return o.modes(false).hardLinks(false).mtimePrecision(precision).directoryMtimes(false);
  }

  private SyncReport sync(RealServer server, Path mirror, SyncOptions options) throws IOException {
    return engine.sync(SyncRequest.of(Repository.of(server.uri()), mirror, options));
  }

  private Path awkwardTree() throws IOException {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .seed(7)
            .awkwardNames()
            .randomTree(60, 3, 50_000)
            .emptyFile("empty")
            .dir("empty-dir/inner")
            .manySmallFiles("many", 250, 200)
            .root();
    removeLinks(up);
    return up;
  }

  @ParameterizedTest
  @EnumSource(value = RealServer.Kind.class, names = "NGINX_LINKS", mode = EnumSource.Mode.EXCLUDE)
  void awkwardTreeThenEditsAndDeletes(RealServer.Kind kind) throws Exception {
    Path up = awkwardTree();
    try (RealServer server = RealServer.start(kind, up, temp.resolve("server"))) {
      Path mine = temp.resolve("mine");
      SyncReport first = sync(server, mine, options().build());
      Trees.compare(up, mine, comparison(kind)).assertEqual();
      assertThat(first.filesTransferred()).isGreaterThan(300);
      assertThat(first.warnings()).isEmpty();

      // edits that every index can show: sizes change, or times move by more than a minute
      TreeBuilder.at(up)
          .append("empty", "now with content".getBytes(StandardCharsets.UTF_8))
          .file("added/new.txt", "new")
          .delete("many/0001")
          .file("same-size.txt", "v1")
          .mtime("same-size.txt", Instant.parse("2020-01-01T00:00:00Z"));
      sync(server, mine, options().build());
      TreeBuilder.at(up)
          .file("same-size.txt", "v2")
          .mtime("same-size.txt", Instant.parse("2021-06-01T12:00:00Z"));
      SyncReport second = sync(server, mine, options().build());
      Trees.compare(up, mine, comparison(kind)).assertEqual();
      assertThat(second.filesTransferred()).as(second.files().toString()).isEqualTo(1);
      assertThat(Files.readString(mine.resolve("same-size.txt"))).isEqualTo("v2");

      // a no-change rerun fetches nothing and asks only for index pages
      SyncReport third = sync(server, mine, options().build());
      assertThat(third.filesTransferred()).isZero();
      assertThat(third.filesDeleted()).isZero();
    }
  }

  /**
   * A site of plain link pages (no sizes, no times): the first sync learns each file's validator, a
   * rerun asks nginx with {@code If-None-Match} and gets {@code 304} for every file (no HEAD, no
   * body), and a same-size edit comes through the condition.
   */
  @Test
  void plainLinkPagesAreFetchedConditionallyWithTheValidatorsKept() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a.txt", "alpha")
            .file("dir with space/b.bin", "beta")
            .file("dir with space/sub/c%d#e.txt", "gamma")
            .file("ünïcødé/d.txt", "delta")
            .root();
    writeLinkPages(up);
    try (RealServer server =
        RealServer.start(RealServer.Kind.NGINX_LINKS, up, temp.resolve("server"))) {
      Path mine = temp.resolve("mine");
      SyncReport first = sync(server, mine, options().build());
      assertThat(first.filesTransferred()).isEqualTo(4);
      CompareOptions noPages =
          comparison(RealServer.Kind.NGINX_JSON)
              .ignore("index.html", "**/index.html")
              .mtimePrecision(Duration.ofSeconds(1));
      Trees.compare(up, mine, noPages).assertEqual();
      assertThat(requests(server, "HEAD", 0)).hasSize(4);

      int seen = server.accessLog().size();
      SyncReport second = sync(server, mine, options().build());
      assertThat(second.filesTransferred()).isZero();
      assertThat(second.filesUnchanged()).isEqualTo(4);
      List<String> rerun = server.accessLog().subList(seen, server.accessLog().size());
      assertThat(rerun).noneMatch(l -> l.contains("\"HEAD "));
      assertThat(rerun.stream().filter(l -> l.contains("\" 304 "))).hasSize(4);

      TreeBuilder.at(up)
          .file("a.txt", "ALPHA")
          .mtime("a.txt", Instant.now().plusSeconds(5)); // same size, another second
      SyncReport third = sync(server, mine, options().build());
      assertThat(third.filesTransferred()).isEqualTo(1);
      assertThat(third.filesUnchanged()).isEqualTo(3);
      Trees.compare(up, mine, noPages).assertEqual();
    }
  }

  private static List<String> requests(RealServer server, String method, int from)
      throws IOException {
    List<String> log = server.accessLog();
    return log.subList(from, log.size()).stream()
        .filter(l -> l.contains("\"" + method + " "))
        .filter(l -> !l.contains("/index.html") && !l.matches(".*\"" + method + " \\S*/ .*"))
        .toList();
  }

  /** Writes an {@code index.html} of plain links into every directory of {@code root}. */
  private static void writeLinkPages(Path root) throws IOException {
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(root)) {
      dirs = s.filter(Files::isDirectory).toList();
    }
    for (Path dir : dirs) {
      StringBuilder b = new StringBuilder("<html><body><h1>Files</h1><ul>\n");
      List<Path> children;
      try (Stream<Path> s = Files.list(dir)) {
        children = s.sorted().toList();
      }
      for (Path c : children) {
        String name = c.getFileName().toString();
        if (name.equals("index.html")) {
          continue;
        }
        String href =
            java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                + (Files.isDirectory(c) ? "/" : "");
        b.append("<li><a href=\"").append(href).append("\">").append(name).append("</a></li>\n");
      }
      Files.writeString(dir.resolve("index.html"), b.append("</ul></body></html>\n"));
    }
  }

  @Test
  void rejectAndAcceptFiltersPruneTheCrawl() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a.deb", "a")
            .file("b.iso", "b")
            .file("pool/c.deb", "c")
            .file("pool/debug/d.deb", "d")
            .file("pool/e.txt", "e")
            .root();
    try (RealServer server = RealServer.start(RealServer.Kind.NGINX_JSON, up, temp.resolve("s"))) {
      Path mine = temp.resolve("mine");
      FilterRules rules = FilterRules.builder().reject("iso").rejectRegex("/debug/").build();
      sync(server, mine, options().filters(rules).build());
      try (Stream<Path> all = Files.walk(mine)) {
        List<String> files =
            all.filter(Files::isRegularFile)
                .map(p -> mine.relativize(p).toString())
                .sorted()
                .toList();
        assertThat(files).containsExactly("a.deb", "pool/c.deb", "pool/e.txt");
      }
    }
  }

  @Test
  void startBelowTheRootStaysBelowItAndHostDirectoriesFollowWget() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("pub/linux/x.txt", "x")
            .file("pub/linux/sub/y.txt", "y")
            .file("pub/other.txt", "outside")
            .root();
    try (RealServer server = RealServer.start(RealServer.Kind.NGINX_HTML, up, temp.resolve("s"))) {
      Repository repo = Repository.of(server.uri().resolve("pub/linux/"));
      Path plain = temp.resolve("plain");
      engine.sync(SyncRequest.of(repo, plain, options().build()));
      assertThat(plain.resolve("x.txt")).hasContent("x");
      assertThat(plain.resolve("sub/y.txt")).hasContent("y");
      assertThat(plain.resolve("other.txt")).doesNotExist();

      Path wgetLike = temp.resolve("wget");
      engine.sync(
          SyncRequest.of(
              repo,
              wgetLike,
              options()
                  .option(HttpOptions.HOST_DIRECTORIES, true)
                  .option(HttpOptions.CUT_DIRS, 1)
                  .build()));
      assertThat(wgetLike.resolve("127.0.0.1:" + server.port() + "/linux/sub/y.txt"))
          .hasContent("y");
    }
  }

  private static void removeLinks(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        if (Files.isSymbolicLink(p)) {
          Files.delete(p);
        } else if (Files.isRegularFile(p) && (Integer) Files.getAttribute(p, "unix:nlink") > 1) {
          byte[] content = Files.readAllBytes(p);
          Files.delete(p);
          Files.write(p, content);
        }
      }
    }
  }
}
