package io.mirrorkit.transport.rsync.fake;

import static io.mirrorkit.transport.rsync.fake.FakeEntry.dir;
import static io.mirrorkit.transport.rsync.fake.FakeEntry.file;
import static io.mirrorkit.transport.rsync.fake.FakeEntry.root;
import static io.mirrorkit.transport.rsync.fake.FakeEntry.symlink;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.transport.rsync.RsyncOptions;
import io.mirrorkit.transport.rsync.fake.FakeRsyncServer.Point;
import io.mirrorkit.transport.rsync.fake.FakeRsyncServer.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mirrorkit's rsync client against a {@link FakeRsyncServer} that misbehaves: every fault must end
 * in the right exception with a message that says what was expected and what came, within the I/O
 * timeout, with nothing written outside the target and no partial file under a final name.
 */
@Timeout(30)
class HostileServerTest {
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path temp;
  private Path target;
  private Path sentinel;
  private final SyncEngine engine = SyncEngine.builder().build();

  @BeforeEach
  void directories() throws IOException {
    target = temp.resolve("target");
    sentinel = Files.createDirectory(temp.resolve("sentinel"));
  }

  /** Whatever the server did: nothing outside the target, no temporary files inside. */
  @AfterEach
  void nothingEscapedAndNothingPartial() throws IOException {
    try (Stream<Path> s = Files.list(sentinel)) {
      assertThat(s).as("files next to the target").isEmpty();
    }
    try (Stream<Path> s = Files.list(temp)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .as("what exists beside the target")
          .allMatch(
              name ->
                  name.equals("target")
                      || name.equals("sentinel")
                      || name.equals(".target.mirrorkit"));
    }
    assertThat(temp.resolve("evil")).doesNotExist();
    if (Files.exists(target)) {
      try (Stream<Path> s = Files.walk(target)) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .as("temporary files left in the target")
            .noneMatch(n -> n.startsWith(".~mk") && n.endsWith(".part"));
      }
    }
  }

  private static SyncOptions.Builder options() {
    return SyncOptions.builder().timeout(IO_TIMEOUT).retries(0).retryBackoff(Duration.ZERO);
  }

  private SyncReport sync(FakeRsyncServer server) throws IOException {
    return sync(server, options().build());
  }

  private SyncReport sync(FakeRsyncServer server, SyncOptions options) throws IOException {
    return engine.sync(SyncRequest.of(Repository.of(server.uri("mod")), target, options));
  }

  private Throwable syncFailure(FakeRsyncServer server) {
    Throwable t = catchThrowable(() -> sync(server));
    assertThat(t).as("the sync must fail").isNotNull();
    return t;
  }

  /** The regular files and symlinks in the target, mirrorkit's own directory left out. */
  private List<String> mirroredFiles() throws IOException {
    if (!Files.exists(target)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(target)) {
      return s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> target.relativize(p).toString())
          .filter(p -> !p.startsWith(".mirrorkit"))
          .sorted()
          .toList();
    }
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  // ---- the fake itself

  @Test
  void happyPathTreeArrivesIntact() throws Exception {
    byte[] big = randomBytes(100_000, 1); // several literal tokens and DATA frames
    String longDir = "d".repeat(200);
    String longName = longDir + "/" + "f".repeat(200); // more than 255 new bytes: LONG_NAME
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(
                root(),
                file("a.txt", "hello\n").withMtime(1_600_000_000L, 123_456_789),
                file("big.bin".getBytes(UTF_8), big).withPermissions(0600),
                file("h1", "linked").asHardLinkLeader(),
                FakeEntry.hardLinkTo("h2", 3),
                symlink("link", "a.txt"),
                dir("sub"),
                file("sub/inner.txt", "inner"),
                file("empty", ""),
                dir(longDir),
                file(longName, "long"))
            .start()) {
      SyncReport report =
          sync(server, options().filters(FilterRules.builder().exclude("*.tmp").build()).build());

      assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(server.errors()).isEmpty();
      assertThat(server.connections()).isEqualTo(1); // the listing's connection served the fetch
      assertThat(server.completedSessions()).isEqualTo(1); // the end game ran to the goodbye
      assertThat(server.filterRules()).containsExactly("- *.tmp");
      assertThat(server.module()).isEqualTo("mod");
      assertThat(server.argv()).contains("--server", "--sender", ".", "mod/");
      assertThat(report.filesTransferred()).isPositive();
      assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("hello\n");
      assertThat(Files.getLastModifiedTime(target.resolve("a.txt")))
          .isEqualTo(FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 123_456_789)));
      assertThat(Files.readAllBytes(target.resolve("big.bin"))).isEqualTo(big);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(target.resolve("big.bin"))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(target.resolve("h2"))).isEqualTo("linked");
      assertThat(Files.isSameFile(target.resolve("h1"), target.resolve("h2"))).isTrue();
      assertThat(Files.readSymbolicLink(target.resolve("link")).toString()).isEqualTo("a.txt");
      assertThat(Files.readString(target.resolve("sub/inner.txt"))).isEqualTo("inner");
      assertThat(target.resolve("empty")).isEmptyFile();
      assertThat(Files.readString(target.resolve(longName))).isEqualTo("long");
      assertThat(mirroredFiles())
          .containsExactlyInAnyOrder(
              "a.txt", "big.bin", "empty", "h1", "h2", "link", longName, "sub/inner.txt");
      assertThat(server.requests()).allMatch(r -> r.phase() == 0 && r.blockCount() == 0);
    }
  }

  @Test
  void happyPathAtProtocol30WithByteFlagsAndNoNegotiation() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .greeting("@RSYNCD: 30.0")
            .compatFlags(FakeRsyncServer.DEFAULT_COMPAT_FLAGS & ~0x80) // no varint flags
            .files(root(), file("a.txt", "thirty").withMtime(1_500_000_000L, 5), dir("d"))
            .start()) {
      sync(server);

      assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(server.errors()).isEmpty();
      assertThat(server.completedSessions()).isEqualTo(1); // no extra goodbye round at 30
      assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("thirty");
      assertThat(Files.getLastModifiedTime(target.resolve("a.txt")).toInstant())
          .isEqualTo(Instant.ofEpochSecond(1_500_000_000L)); // no nsec at protocol 30
      assertThat(target.resolve("d")).isDirectory();
    }
  }

  @Test
  void ioErrorInTheListSuppressesDeletions() throws Exception {
    Files.createDirectories(target);
    Files.writeString(target.resolve("stale.txt"), "still upstream, maybe");
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a.txt", "a")).ioError(1).start()) {
      io.mirrorkit.SyncFailedException failed =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () -> sync(server, options().deletePolicy(DeletePolicy.AFTER).build()),
              io.mirrorkit.SyncFailedException.class);
      assertThat(failed).hasMessageContaining("could not list everything");
      SyncReport report = failed.report();

      assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("a");
      assertThat(target.resolve("stale.txt")).exists();
      assertThat(report.filesDeleted()).isZero();
      assertThat(report.warnings())
          .anyMatch(w -> w.contains("I/O errors while listing (io_error 1)"));
    }
  }

  @Test
  void unsortedListIsSortedAsRsyncDoes() throws Exception {
    // sent in a scrambled order; rsync sorts (files before subdirectories, "dir.2" before "dir",
    // names as unsigned bytes so "é" after "z"), and every file index refers to the sorted list;
    // a name that is not UTF-8 is skipped without shifting the others
    byte[] notUtf8 = {(byte) 0xFF, 'x'};
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(
                file("é", "é"),
                file(notUtf8, notUtf8),
                file("z", "z"),
                dir("dir"),
                file("dir.2/y", "dir.2/y"),
                root(),
                file("dir/x", "dir/x"),
                dir("dir.2"),
                file("a-c", "a-c"),
                file("B", "B"),
                file("dir.txt", "dir.txt"))
            .start()) {
      SyncReport report = sync(server);

      assertThat(mirroredFiles())
          .containsExactly("B", "a-c", "dir.2/y", "dir.txt", "dir/x", "z", "é");
      assertThat(report.warnings()).anyMatch(w -> w.contains("\\xffx") && w.contains("UTF-8"));
      for (String name : mirroredFiles()) {
        assertThat(Files.readString(target.resolve(name))).as(name).isEqualTo(name);
      }
    }
  }

  // ---- unsafe names

  @Test
  void dotDotNameIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("../evil", "pwned")).start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(UnsafePathException.class).hasMessageContaining("../evil");
      assertThat(t).hasMessageContaining("'..' component");
      assertThat(server.requests()).isEmpty();
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void dotDotInsideANameIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), dir("sub"), file("sub/../../evil", "pwned")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(UnsafePathException.class)
          .hasMessageContaining("sub/../../evil")
          .hasMessageContaining("'..' component");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void absoluteNameIsRefused() throws Exception {
    String absolute = temp.resolve("evil").toString();
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file(absolute, "pwned")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(UnsafePathException.class)
          .hasMessageContaining(absolute)
          .hasMessageContaining("absolute name");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void nulInNameIsRefused() throws Exception {
    byte[] name = "evil\0.txt".getBytes(UTF_8);
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file(name, "pwned".getBytes(UTF_8))).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(UnsafePathException.class)
          .hasMessageContaining("contains NUL")
          .hasMessageContaining("evil\\x00.txt");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void fileBehindASymlinkIsNotWrittenThroughIt() throws Exception {
    // "escape" is a symlink to the directory beside the target; "escape/evil" would land there
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), symlink("escape", "../sentinel"), file("escape/evil", "pwned"))
            .start()) {
      Throwable t = catchThrowable(() -> sync(server));

      if (t != null) {
        assertThat(t).isInstanceOfAny(UnsafePathException.class, ProtocolException.class);
      }
      assertThat(temp.resolve("sentinel/evil")).doesNotExist();
    }
  }

  // ---- lies in the file list

  @Test
  void duplicateNameIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a.txt", "one"), file("a.txt", "two")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("\"a.txt\" twice")
          .hasMessageContaining("expected each name once");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void nameListedAsDirectoryAndAsFileIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), dir("x"), file("x", "file"), file("x/in", "in"))
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("\"x\" twice (as a directory and as a non-directory)");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void negativeSizeIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("neg", "data").withListedSize(-5)).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("\"neg\"")
          .hasMessageContaining("negative size (-5); expected 0 or more bytes");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void hardLinkPointingForwardIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), FakeEntry.hardLinkTo("h0", 2), file("h1", "data").asHardLinkLeader())
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("\"h0\"")
          .hasMessageContaining("names entry #2 as its hard-link leader")
          .hasMessageContaining("expected an earlier entry");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void hardLinkToAnEntryThatLeadsNoGroupIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a", "a"), FakeEntry.hardLinkTo("b", 1)).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("entry #2 (\"b\") names entry #1 (\"a\") as its hard-link leader")
          .hasMessageContaining("does not start a hard-link group");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void fileInsideAFileIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a", "a"), file("a/b", "b")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("\"a/b\" inside \"a\", which is a file, not a directory");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void overlongNameIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a".repeat(4097), "x")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("entry #1 has a name of 4097 bytes; expected at most 4096");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void nulInSymlinkTargetIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), symlink("l", "../evil\0")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("entry #1 (\"l\") has a symlink target that contains NUL");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void rootThatIsNotADirectoryIsRefused() throws Exception {
    try (FakeRsyncServer server = new FakeRsyncServer().files(file(".", "x")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("transfer root")
          .hasMessageContaining("mode 0100644")
          .hasMessageContaining("expected a directory");
    }
  }

  @Test
  void rootThatIsNotADirectoryHasAReadableMessage() throws Exception {
    try (FakeRsyncServer server = new FakeRsyncServer().files(file(".", "x")).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .message()
          .doesNotContain("expected a directory of file-list entry");
    }
  }

  @Test
  void sizeThatDisagreesWithTheDataFailsTheFile() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a.txt", "longer").withListedSize(3)).start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class).hasMessageContaining("a.txt");
      // refused at the first byte past the listed size, before it reaches the disk
      assertThat(t).rootCause().hasMessageContaining("more than the 3 bytes");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void shorterDataThanListedFailsTheFile() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a.txt", "ab").withListedSize(5)).start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class).hasMessageContaining("a.txt");
      assertThat(t).rootCause().hasMessageContaining("size mismatch");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  // ---- broken framing and streams

  @Test
  void oversizedMessageFrameIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(Point.FILE_LIST, FakeRsyncServer.frameHeader(FakeRsyncServer.MSG_INFO, 70_000))
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("message (code 2) of 70000 bytes")
          .hasMessageContaining("at most 65536");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void unframedBytesAreRefused() throws Exception {
    // a frame header whose tag is below MPLEX_BASE: the stream is not multiplexed any more
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(Point.FILE_LIST, new byte[] {1, 2, 3, 4})
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("expected a multiplexed frame header")
          .hasMessageContaining("0x4030201");
    }
  }

  @Test
  void unknownMessageCodeIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(Point.FILE_LIST, FakeRsyncServer.frame(50, new byte[0]))
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("unknown message code 50 (0 bytes)");
    }
  }

  @Test
  void keepalivesAndInfoMessagesAreTolerated() throws Exception {
    byte[] keepalive = FakeRsyncServer.frame(FakeRsyncServer.MSG_DATA, new byte[0]);
    byte[] info = FakeRsyncServer.frame(FakeRsyncServer.MSG_INFO, "hello\n".getBytes(UTF_8));
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(Point.FILE_LIST, info)
            .inject(Point.FILE_LIST, keepalive)
            .inject(Point.FILE_DATA, keepalive)
            .inject(Point.END_GAME, info)
            .start()) {
      sync(server);

      assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("a");
    }
  }

  @Test
  void answerForAnIndexThatWasNotRequestedIsRefused() throws Exception {
    // index 0 (the root "."; first index on the wire: 1 byte, +1 from -1), item flags TRANSFER
    byte[] answer = {1, 0x00, (byte) 0x80};
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(Point.FILE_DATA, FakeRsyncServer.frame(FakeRsyncServer.MSG_DATA, answer))
            .stallAt(Point.FILE_DATA)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("sent file index 0, which mirrorkit did not request");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void blockReferenceWithoutABasisIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("new.txt", "new"))
            .forgeSumHead(1, 700, 2, 0)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("block"); // a block of a basis the client does not have
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void oversizedLiteralTokenIsRefused() throws Exception {
    int length = (16 << 20) + 1; // one byte over the client's 16 MiB limit
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("huge".getBytes(UTF_8), new byte[length]))
            .literalChunk(length)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class).hasMessageContaining("huge");
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("literal run of " + length + " bytes")
          .hasMessageContaining("accepts at most " + (16 << 20));
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void streamCutInTheFileList() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a-rather-long-name.txt", "a"), file("b.txt", "b"))
            .cutAfter(Point.FILE_LIST, 20) // a frame header and part of the list
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("closed the connection while mirrorkit expected")
          .hasMessageContaining("file-list entry #1");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void streamCutInTheMiddleOfANewFile() throws Exception {
    byte[] content = randomBytes(200_000, 2);
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("big.bin".getBytes(UTF_8), content))
            .cutAfter(Point.FILE_DATA, 100_000)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class).hasMessageContaining("big.bin");
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("closed the connection while mirrorkit expected");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void streamCutInTheMiddleOfAnUpdateKeepsTheOldFile() throws Exception {
    byte[] content = randomBytes(200_000, 3);
    Files.createDirectories(target);
    Files.writeString(target.resolve("big.bin"), "the old version");
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("big.bin".getBytes(UTF_8), content))
            .cutAfter(Point.FILE_DATA, 100_000)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t).cause().isInstanceOf(ProtocolException.class);
      assertThat(Files.readString(target.resolve("big.bin"))).isEqualTo("the old version");
      assertThat(mirroredFiles()).containsExactly("big.bin");
      assertThat(server.requests()).singleElement().extracting(Request::blockCount).isEqualTo(1);
    }
  }

  @Test
  void silentServerDuringTheListTimesOut() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a.txt", "a")).stallAt(Point.FILE_LIST).start()) {
      long start = System.nanoTime();
      Throwable t = syncFailure(server);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(t)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("sent nothing for 2 s (I/O timeout)");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void silentServerDuringTheDataTimesOut() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a.txt", "a")).stallAt(Point.FILE_DATA).start()) {
      long start = System.nanoTime();
      Throwable t = syncFailure(server);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("sent nothing for 2 s (I/O timeout)");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void silentServerAfterTheLastFileStillCompletesTheSync() throws Exception {
    // every file arrived and was verified; only the end game timed out
    try (FakeRsyncServer server =
        new FakeRsyncServer().files(root(), file("a.txt", "a")).stallAt(Point.END_GAME).start()) {
      sync(server);

      assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("a");
    }
  }

  // ---- the server gives up

  @Test
  void errorExitEndsTheSession() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(
                Point.FILE_LIST,
                FakeRsyncServer.frame(
                    FakeRsyncServer.MSG_ERROR, "rsync: [sender] out of memory\n".getBytes(UTF_8)))
            .inject(
                Point.FILE_LIST,
                FakeRsyncServer.frame(FakeRsyncServer.MSG_ERROR_EXIT, FakeRsyncServer.int32(22)))
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("ended the session with an error (exit code 22)");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void errorExitDuringTheDataFailsTheSync() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("a.txt", "a"))
            .inject(
                Point.FILE_DATA,
                FakeRsyncServer.frame(FakeRsyncServer.MSG_ERROR_EXIT, FakeRsyncServer.int32(23)))
            .stallAt(Point.FILE_DATA)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("ended the session with an error (exit code 23)");
      assertThat(mirroredFiles()).isEmpty();
    }
  }

  @Test
  void unknownModule() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().moduleError("Unknown module 'mod'").start()) {
      Throwable t = syncFailure(server);

      assertThat(t)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Unknown module 'mod'")
          .hasMessageContaining("list the modules with `mirrorkit ls rsync://127.0.0.1:");
      assertThat(server.module()).isEqualTo("mod");
    }
  }

  @Test
  void protocol29IsRefusedNamingTheVersion() throws Exception {
    try (FakeRsyncServer server = new FakeRsyncServer().greeting("@RSYNCD: 29.0").start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("speaks protocol 29")
          .hasMessageContaining("needs protocol 30 or newer");
      assertThat(server.module()).isNull();
    }
  }

  @Test
  void greetingThatIsNotRsync() throws Exception {
    try (FakeRsyncServer server = new FakeRsyncServer().greeting("SSH-2.0-OpenSSH_9.2").start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("expected the rsync greeting \"@RSYNCD: <version>\"")
          .hasMessageContaining("got \"SSH-2.0-OpenSSH_9.2\"");
      assertThat(server.module()).isNull();
    }
  }

  @Test
  void endlessGreetingLineIsRefused() throws Exception {
    try (FakeRsyncServer server = new FakeRsyncServer().greeting("x".repeat(10_000)).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("line longer than 8192 bytes")
          .hasMessageContaining("the server's greeting");
    }
  }

  @Test
  void greetingWithEscapeSequencesIsShownEscaped() throws Exception {
    String hostile = "\u001b]0;owned\u0007\u001b[2J" + "x".repeat(100);
    try (FakeRsyncServer server = new FakeRsyncServer().greeting(hostile).start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .message()
          .doesNotContain("\u001b")
          .doesNotContain("\u0007");
    }
  }

  @Test
  void incrementalRecursionIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .compatFlags(FakeRsyncServer.DEFAULT_COMPAT_FLAGS | 1)
            .files(root(), file("a", "a"))
            .start()) {
      assertThat(syncFailure(server))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("turned on incremental recursion (compat flags 0x1ff)")
          .hasMessageContaining("did not ask for it");
    }
  }

  @Test
  void compressorTheClientLacksIsRefused() throws Exception {
    try (FakeRsyncServer server =
        new FakeRsyncServer().compressors("lz4 zlib").files(root(), file("a", "a")).start()) {
      Throwable t =
          catchThrowable(() -> sync(server, options().option(RsyncOptions.COMPRESS, true).build()));

      assertThat(t)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("offers no compressor mirrorkit has (it offers [lz4, zlib]");
      assertThat(server.argv()).anyMatch(a -> a.startsWith("-lHtprze"));
    }
  }

  // ---- wrong checksums and the redo phase

  @Test
  void wrongChecksumOnceIsRepairedInTheRedoPhase() throws Exception {
    Files.createDirectories(target);
    Files.writeString(target.resolve("data.bin"), "an old version of the data");
    byte[] content = randomBytes(5_000, 4);
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("data.bin".getBytes(UTF_8), content))
            .wrongChecksums(1)
            .start()) {
      sync(server);

      assertThat(Files.readAllBytes(target.resolve("data.bin"))).isEqualTo(content);
      assertThat(server.requests())
          .extracting(Request::phase, Request::index, Request::strongSumLength)
          .containsExactly(tuple(0, 1, 2), tuple(1, 1, 16)); // redo: full-length MD5 sums
    }
  }

  @Test
  void wrongChecksumAlwaysFailsTheSyncAndKeepsTheOldFile() throws Exception {
    Files.createDirectories(target);
    Files.writeString(target.resolve("data.bin"), "an old version of the data");
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("data.bin".getBytes(UTF_8), randomBytes(5_000, 5)))
            .wrongChecksums(Integer.MAX_VALUE)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t)
          .isInstanceOf(SyncFailedException.class)
          .hasMessageContaining("1 file(s) could not be fetched")
          .hasMessageContaining("data.bin");
      assertThat(server.requests()).extracting(Request::phase).containsExactly(0, 1);
      assertThat(server.requests().get(1).strongSumLength()).isEqualTo(16);
      assertThat(Files.readString(target.resolve("data.bin")))
          .isEqualTo("an old version of the data");
      assertThat(mirroredFiles()).containsExactly("data.bin");
    }
  }

  @Test
  void wrongChecksumAlwaysSaysWhatWasExpectedAndWhatCame() throws Exception {
    Files.createDirectories(target);
    Files.writeString(target.resolve("data.bin"), "an old version of the data");
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("data.bin".getBytes(UTF_8), randomBytes(5_000, 5)))
            .wrongChecksums(Integer.MAX_VALUE)
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("data.bin")
          .hasMessageContaining("checksum");
    }
  }

  @Test
  void forgedSumHeadEchoIsRefused() throws Exception {
    Files.createDirectories(target);
    Files.writeString(target.resolve("data.bin"), "x".repeat(1_000)); // 2 blocks of 700
    try (FakeRsyncServer server =
        new FakeRsyncServer()
            .files(root(), file("data.bin".getBytes(UTF_8), randomBytes(3_000, 6)))
            .forgeSumHead(5, 700, 2, 0) // 3,500 bytes of basis
            .start()) {
      Throwable t = syncFailure(server);

      assertThat(t).isInstanceOf(SyncFailedException.class);
      assertThat(t)
          .cause()
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("sum header for 3500 basis bytes")
          .hasMessageContaining("expected 1000");
      assertThat(Files.readString(target.resolve("data.bin"))).isEqualTo("x".repeat(1_000));
    }
  }
}
