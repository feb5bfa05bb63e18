package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.ListingLimits;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Hostile listings, generated (issue 18): trees of good files and directories mixed with garbage
 * lines, huge and negative sizes, bad dates and modes, hostile names ({@code ..}, {@code /}, NUL,
 * CR, LF, control characters), duplicate names, a file and a directory of one name, a directory
 * that contains itself and an endless chain of directories, in {@code MLSD} and Unix {@code LIST}
 * format, each served by {@link FakeFtpServer} and synced through {@link SyncEngine} into a temp
 * target. Every case finishes in time; nothing is written outside the target; the outcome is a
 * clear exception or a success whose target holds exactly the good part of the listing.
 */
class FtpListingFuzzTest {
  private static final Duration PER_CASE = Duration.ofSeconds(15);
  private static final String TIME = "20200102030405";
  private static final SyncEngine ENGINE =
      SyncEngine.builder().discoverProviders(false).provider(new FtpTransportProvider()).build();

  /** What a listed entry is meant to be. */
  enum Kind {
    FILE,
    DIR,
    HUGE_SIZE,
    NEGATIVE_SIZE,
    BAD_DATE,
    BAD_MODE,
    GARBAGE,
    HOSTILE_NAME,
    DUPLICATE,
    CLASH,
    LOOP,
    CHAIN;

    /** Whether the listing cannot be mirrored at all (the sync must fail). */
    boolean fatal() {
      return this == DUPLICATE || this == CLASH || this == LOOP || this == CHAIN;
    }
  }

  /** One entry of a generated directory. */
  record Item(Kind kind, String text, @Nullable Node dir) {}

  /** A generated directory. */
  record Node(List<Item> items) {}

  /** One generated case. */
  record Case(boolean mlsd, Node root) {}

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.of(true, false), node(2)).as(Case::new);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Arbitrary<Node> node(int depth) {
    List<Tuple.Tuple2<Integer, Arbitrary<Item>>> choices = new ArrayList<>();
    choices.add(Tuple.of(8, safeName().map(n -> new Item(Kind.FILE, n, null))));
    if (depth > 0) {
      choices.add(Tuple.of(3, Arbitraries.lazy(() -> subdir(depth - 1))));
    }
    choices.add(
        Tuple.of(
            2,
            Arbitraries.of(Kind.HUGE_SIZE, Kind.NEGATIVE_SIZE, Kind.BAD_DATE, Kind.BAD_MODE)
                .map(k -> new Item(k, "", null))));
    choices.add(Tuple.of(2, garbage().map(g -> new Item(Kind.GARBAGE, g, null))));
    choices.add(Tuple.of(3, hostileName().map(n -> new Item(Kind.HOSTILE_NAME, n, null))));
    choices.add(
        Tuple.of(
            1,
            Arbitraries.of(Kind.DUPLICATE, Kind.CLASH, Kind.LOOP, Kind.CHAIN)
                .map(k -> new Item(k, "", null))));
    return Arbitraries.frequencyOf(choices.toArray(new Tuple.Tuple2[0]))
        .list()
        .ofMaxSize(10)
        .map(items -> new Node((List<Item>) items));
  }

  private Arbitrary<Item> subdir(int depth) {
    return Combinators.combine(safeName(), node(depth)).as((n, d) -> new Item(Kind.DIR, n, d));
  }

  private static Arbitrary<String> safeName() {
    return Arbitraries.strings()
        .withChars("abcxyz019._-")
        .ofMinLength(0)
        .ofMaxLength(8)
        .map(s -> "n" + s);
  }

  private static Arbitrary<String> garbage() {
    return Arbitraries.of(
        "garbage",
        "totally not a listing line",
        "=;=;=; ",
        ";;;",
        "type",
        "-rw-r--r--",
        "drwxr-xr-x 2",
        "\u0000\u0001\u0002",
        "12345");
  }

  private static Arbitrary<String> hostileName() {
    Arbitrary<String> fixed =
        Arbitraries.of(
            "..",
            ".",
            "a/b",
            "../escape",
            "../../../../tmp/evil",
            "/etc/passwd",
            "nul\u0000byte",
            "cr\rin",
            "\nleading-lf",
            "tab\there",
            "esc\u001b[1m",
            "del\u007f",
            "bell\u0007");
    Arbitrary<String> random =
        Arbitraries.strings()
            .withChars("ab./\u0000\r\u0001\u001f")
            .ofMinLength(1)
            .ofMaxLength(6)
            .filter(FtpListingFuzzTest::hostile);
    return Arbitraries.oneOf(fixed, random);
  }

  private static boolean hostile(String name) {
    if (name.equals(".") || name.equals("..") || name.contains("/")) {
      return true;
    }
    return name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  // ------------------------------------------------------------------ rendering

  private static String fileLine(boolean mlsd, String name, String size, boolean badDate) {
    if (mlsd) {
      return "type=file;size="
          + size
          + ";modify="
          + (badDate ? "20201399250000" : TIME)
          + "; "
          + name;
    }
    return "-rw-r--r--    1 0        0    "
        + size
        + " "
        + (badDate ? "Foo 99  2020" : "Jan 02  2020")
        + " "
        + name;
  }

  private static String dirLine(boolean mlsd, String name) {
    return mlsd
        ? "type=dir;modify=" + TIME + "; " + name
        : "drwxr-xr-x    2 0        0             4096 Jan 02  2020 " + name;
  }

  private static byte[] content(String path) {
    return ("content of " + path).getBytes(StandardCharsets.UTF_8);
  }

  /** The lines of {@code node} at {@code path}, with good names numbered to be unique. */
  private static List<String> lines(boolean mlsd, Node node, String path) {
    List<String> lines = new ArrayList<>();
    int i = 0;
    String firstFile = null;
    for (Item item : node.items()) {
      String unique = "i" + i++ + "-";
      switch (item.kind()) {
        case FILE -> {
          String name = unique + item.text();
          firstFile = firstFile == null ? name : firstFile;
          lines.add(fileLine(mlsd, name, Integer.toString(content(path + name).length), false));
        }
        case DIR -> lines.add(dirLine(mlsd, unique + item.text()));
        case HUGE_SIZE ->
            lines.add(fileLine(mlsd, unique + "huge", "99999999999999999999999", false));
        case NEGATIVE_SIZE -> lines.add(fileLine(mlsd, unique + "negative", "-5", false));
        case BAD_DATE -> lines.add(fileLine(mlsd, unique + "baddate", "7", true));
        case BAD_MODE ->
            lines.add(
                mlsd
                    ? "type=;size=7;modify=" + TIME + "; " + unique + "badtype"
                    : "?rw-r--r--    1 0        0    7 Jan 02  2020 " + unique + "badmode");
        case GARBAGE -> lines.add(item.text());
        case HOSTILE_NAME -> lines.add(fileLine(mlsd, item.text(), "7", false));
        case DUPLICATE -> {
          lines.add(fileLine(mlsd, unique + "dup", "7", false));
          lines.add(fileLine(mlsd, unique + "dup", "7", false));
        }
        case CLASH -> {
          lines.add(fileLine(mlsd, unique + "clash", "7", false));
          lines.add(dirLine(mlsd, unique + "clash"));
        }
        case LOOP -> lines.add(dirLine(mlsd, "loop"));
        case CHAIN -> lines.add(dirLine(mlsd, "chain"));
      }
    }
    return lines;
  }

  /** Serves the model: a path's listing, following loops back to their parent. */
  private static @Nullable Iterable<String> serve(Case c, String remote) {
    Node node = c.root();
    String path = "/";
    int chain = -1;
    for (String part : remote.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (chain >= 0) {
        if (!part.equals("chain")) {
          return null;
        }
        chain++;
        continue;
      }
      Node next = null;
      if (part.equals("loop") && node.items().stream().anyMatch(i -> i.kind() == Kind.LOOP)) {
        next = node; // the directory contains itself
      } else if (part.equals("chain")
          && node.items().stream().anyMatch(i -> i.kind() == Kind.CHAIN)) {
        chain = 0;
        continue;
      } else {
        int i = 0;
        for (Item item : node.items()) {
          if (item.kind() == Kind.DIR && part.equals("i" + i + "-" + item.text())) {
            next = item.dir();
          } else if (item.kind() == Kind.CLASH && part.equals("i" + i + "-clash")) {
            next = new Node(List.of()); // the directory half of a file and a directory
          }
          i++;
        }
      }
      if (next == null) {
        return null;
      }
      node = next;
      path = path + part + "/";
    }
    if (chain >= 0) {
      // an endless chain: each level different, so only the depth limit stops it
      return List.of(dirLine(c.mlsd(), "chain"), fileLine(c.mlsd(), "c" + chain, "7", false));
    }
    return lines(c.mlsd(), node, path);
  }

  /** The good files and directories, by path, and the contents the server gives them. */
  private static void expected(
      Node node, String path, Map<String, byte[]> files, Map<String, String> all) {
    int i = 0;
    for (Item item : node.items()) {
      String name = "i" + i++ + "-" + item.text();
      if (item.kind() == Kind.FILE) {
        files.put("/" + path + name, content("/" + path + name));
        all.put(path + name, new String(content("/" + path + name), StandardCharsets.UTF_8));
      } else if (item.kind() == Kind.DIR) {
        all.put(path + name, "<dir>");
        expected(item.dir(), path + name + "/", files, all);
      }
    }
  }

  private static boolean fatal(Node node) {
    return node.items().stream()
        .anyMatch(i -> i.kind().fatal() || (i.kind() == Kind.DIR && fatal(i.dir())));
  }

  // ------------------------------------------------------------------ the property

  private static Path base;

  @AfterContainer
  static void cleanUp() throws Exception {
    if (base != null) {
      try (Stream<Path> all = Files.walk(base)) {
        all.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Property(tries = 60, seed = "20261202")
  void anyListingEndsInACleanFailureOrAnExactMirror(@ForAll("cases") Case c) throws Exception {
    if (base == null) {
      base = Files.createTempDirectory("ftp-fuzz");
    }
    Path box = Files.createTempDirectory(base, "case");
    Path mirror = box.resolve("mirror");
    Path sentinel = Files.createDirectories(box.resolve("sentinel"));
    Map<String, byte[]> files = new TreeMap<>();
    Map<String, String> want = new TreeMap<>();
    expected(c.root(), "", files, want);
    SyncOptions options =
        SyncOptions.builder()
            .deletePolicy(DeletePolicy.AFTER)
            .maxDeletePercent(100)
            .retries(0)
            .retryBackoff(Duration.ZERO)
            .timeout(Duration.ofSeconds(5))
            .listingLimits(
                ListingLimits.defaults()
                    .withMaxDepth(6)
                    .withMaxEntries(10_000)
                    .withDirectoryTimeout(Duration.ofSeconds(5))
                    .withListingTimeout(Duration.ofSeconds(10)))
            .build();
    Throwable failure;
    try (FakeFtpServer server =
        new FakeFtpServer(remote -> serve(c, remote), c.mlsd(), "UNIX Type: L8")) {
      server.files.putAll(files);
      failure =
          assertTimeoutPreemptively(
              PER_CASE,
              () ->
                  org.assertj.core.api.Assertions.catchThrowable(
                      () ->
                          ENGINE.sync(
                              SyncRequest.of(Repository.of(server.uri()), mirror, options))));
    }
    try (Stream<Path> outside = Files.walk(box)) {
      assertThat(outside.map(p -> box.relativize(p).toString()))
          .as("nothing outside the target")
          .allMatch(
              p ->
                  p.isEmpty()
                      || p.equals("sentinel")
                      || p.equals("mirror")
                      || p.startsWith("mirror/")
                      || p.equals(".mirror.mirrorkit") // the state directory beside it
                      || p.startsWith(".mirror.mirrorkit/"));
    }
    try (Stream<Path> s = Files.list(sentinel)) {
      assertThat(s).isEmpty();
    }
    Statistics.label("outcome")
        .collect(
            (c.mlsd() ? "MLSD " : "LIST ")
                + (fatal(c.root()) ? "fatal " : "")
                + (failure == null ? "success" : failure.getClass().getSimpleName()));
    if (failure != null) {
      assertClear(failure);
      return;
    }
    assertThat(fatal(c.root())).as("a listing that cannot be mirrored must fail").isFalse();
    assertThat(tree(mirror)).isEqualTo(want);
  }

  private static void assertClear(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(t)
          .isNotInstanceOfAny(
              NumberFormatException.class,
              NullPointerException.class,
              OutOfMemoryError.class,
              java.time.DateTimeException.class,
              IndexOutOfBoundsException.class,
              ClassCastException.class);
    }
    assertThat(failure.getMessage())
        .as("a message that says what happened: %s", failure)
        .isNotBlank()
        .isNotEqualTo(failure.getClass().getName())
        .hasSizeGreaterThan(30);
  }

  private static Map<String, String> tree(Path mirror) throws Exception {
    Map<String, String> got = new TreeMap<>();
    if (!Files.exists(mirror)) {
      return got;
    }
    try (Stream<Path> all = Files.walk(mirror)) {
      for (Path p : all.toList()) {
        String rel = mirror.relativize(p).toString();
        if (rel.isEmpty() || rel.equals(".mirrorkit") || rel.startsWith(".mirrorkit/")) {
          continue;
        }
        got.put(rel, Files.isDirectory(p) ? "<dir>" : Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return got;
  }
}
