package io.mirrorkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.EntryInfo;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any upstream tree and any local tree, a sync makes the mirror equal to the upstream under the
 * filters (excluded local entries stay), and a second plan is empty.
 */
class SyncProperties {
  private static final SyncEngine ENGINE = SyncEngine.builder().build();

  /** One thing to create: a path, a kind and a small content seed. */
  record Node(String path, int kind, int content) {}

  @Provide
  Arbitrary<List<Node>> trees() {
    Arbitrary<String> name = Arbitraries.of("a", "b", "c.txt", "d.tmp", "e");
    Arbitrary<String> path = name.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    Arbitrary<Node> node =
        Combinators.combine(
                path, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 3))
            .as(Node::new);
    return node.list().ofMaxSize(15);
  }

  @Provide
  Arbitrary<FilterRules> filters() {
    return Arbitraries.of(
        FilterRules.none(),
        FilterRules.builder().exclude("*.tmp").build(),
        FilterRules.builder().exclude("b/").build(),
        FilterRules.builder().include("a/d.tmp").exclude("*.tmp").exclude("/e").build());
  }

  @Property(tries = 100)
  void syncMakesTheTreesEqualAndASecondPlanIsEmpty(
      @ForAll("trees") List<Node> upstreamNodes,
      @ForAll("trees") List<Node> localNodes,
      @ForAll("filters") FilterRules filters)
      throws IOException {
    Path temp = Files.createTempDirectory("mirrorkit-prop");
    try {
      Path upstream = build(temp.resolve("up"), upstreamNodes);
      Path mirror = build(temp.resolve("mirror"), localNodes);
      Map<String, EntryInfo> excludedBefore = included(mirror, filters, false);
      SyncOptions options =
          SyncOptions.builder()
              .filters(filters)
              .deletePolicy(DeletePolicy.AFTER)
              .maxDeletePercent(100)
              .allowEmptyUpstream(true)
              .retryBackoff(Duration.ZERO)
              .build();
      SyncRequest request = SyncRequest.of(Repository.of(upstream), mirror, options);
      ENGINE.sync(request);

      // excluded local entries are protected, except where an upstream entry took their place
      Map<String, EntryInfo> excludedAfter = included(mirror, filters, false);
      assertThat(excludedAfter.keySet())
          .containsAll(
              excludedBefore.keySet().stream().filter(p -> !shadowed(p, upstream)).toList());
      // and directories that still hold protected entries stay, as with rsync
      Map<String, EntryInfo> mirrored = included(mirror, filters, true);
      mirrored
          .keySet()
          .removeIf(
              dir ->
                  !Files.exists(upstream.resolve(dir), LinkOption.NOFOLLOW_LINKS)
                      && excludedAfter.keySet().stream().anyMatch(p -> p.startsWith(dir + "/")));
      assertThat(describe(mirrored)).isEqualTo(describe(included(upstream, filters, true)));
      assertThat(ENGINE.plan(request).actions()).isEmpty();
    } finally {
      TreeBuilder.at(temp.getParent()).delete(temp.getFileName().toString());
    }
  }

  /** Whether an upstream entry takes the place of {@code path} or of one of its parents. */
  private static boolean shadowed(String path, Path upstream) {
    if (Files.exists(upstream.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    for (String p = path; p.contains("/"); ) {
      p = p.substring(0, p.lastIndexOf('/'));
      Path up = upstream.resolve(p);
      if (Files.exists(up, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(up, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  private static Path build(Path root, List<Node> nodes) throws IOException {
    Files.createDirectories(root);
    for (Node n : nodes) {
      Path p = root.resolve(n.path());
      if (!parentsAreDirectories(root, n.path())
          || Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.createDirectories(p.getParent());
      switch (n.kind()) {
        case 0, 1, 2 -> Files.writeString(p, "content " + n.content());
        case 3 -> Files.createDirectories(p);
        case 4 -> Files.createSymbolicLink(p, Path.of("target" + n.content()));
        default -> {
          Files.writeString(p, "linked " + n.content());
          Path twin = p.resolveSibling(p.getFileName() + "-twin");
          if (!Files.exists(twin)) {
            Files.createLink(twin, p);
          }
        }
      }
      if (!Files.isSymbolicLink(p)) {
        Files.setLastModifiedTime(
            p,
            java.nio.file.attribute.FileTime.from(
                Instant.ofEpochSecond(1_700_000_000L + n.content())));
      }
    }
    return root;
  }

  private static boolean parentsAreDirectories(Path root, String path) {
    Path p = root;
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      p = p.resolve(parts[i]);
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && (Files.isSymbolicLink(p) || !Files.isDirectory(p))) {
        return false;
      }
    }
    return true;
  }

  /** The entries the filters include (or, with {@code wanted} false, exclude). */
  private static Map<String, EntryInfo> included(Path root, FilterRules filters, boolean wanted) {
    Map<String, EntryInfo> out = new TreeMap<>();
    Trees.snapshot(root)
        .entries()
        .forEach(
            (path, info) -> {
              if (path.equals(".mirrorkit") || path.startsWith(".mirrorkit/")) {
                return;
              }
              boolean in =
                  filters.includesWithAncestors(path, info.type() == EntryInfo.Type.DIRECTORY);
              if (in == wanted) {
                out.put(path, info);
              }
            });
    return out;
  }

  /** Each entry as text; hard links as the number of listed paths that share the inode. */
  private static Map<String, String> describe(Map<String, EntryInfo> entries) {
    Map<EntryInfo.InodeKey, Long> sharing =
        entries.values().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    EntryInfo::inode, java.util.stream.Collectors.counting()));
    Map<String, String> out = new TreeMap<>();
    entries.forEach(
        (path, e) ->
            out.put(
                path,
                e.type()
                    + " size="
                    + (e.type() == EntryInfo.Type.DIRECTORY ? "-" : e.size())
                    + " mode="
                    + (e.type() == EntryInfo.Type.SYMLINK ? "-" : Integer.toOctalString(e.mode()))
                    + " mtime="
                    + (e.type() == EntryInfo.Type.FILE ? e.mtime() : "-")
                    + " target="
                    + e.linkTarget()
                    + " links="
                    + (e.type() == EntryInfo.Type.FILE ? sharing.get(e.inode()) : 0)));
    return out;
  }
}
