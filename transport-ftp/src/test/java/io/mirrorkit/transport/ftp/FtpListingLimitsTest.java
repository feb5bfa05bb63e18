package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.ListingLimits;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Session;
import io.mirrorkit.testkit.FtpUpstream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams that would keep a walk alive forever (issue 18): a directory that contains itself, an
 * endlessly generated tree, an endless or dripping listing, endless lines. Each fails the sync with
 * a message naming the server, the directory and the limit, deletes nothing and stays within
 * bounded memory.
 */
class FtpListingLimitsTest {
  @TempDir Path temp;

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final String DIR = "type=dir;modify=20200102030405; ";
  private static final String FILE = "type=file;size=7;modify=20200102030405; ";

  private static SyncOptions.Builder options(ListingLimits limits) {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .maxDeletePercent(100)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(10))
        .listingLimits(limits);
  }

  private static SyncEngine engine() {
    return SyncEngine.builder()
        .discoverProviders(false)
        .provider(new FtpTransportProvider())
        .build();
  }

  /**
   * Syncs {@code uri} into a mirror holding one extra file; asserts it fails and deletes nothing.
   */
  private Throwable failedSync(String uri, SyncOptions options) throws Exception {
    Path mirror = Files.createDirectories(temp.resolve("mirror"));
    Files.writeString(mirror.resolve("extra.txt"), "local only");
    Throwable[] thrown = new Throwable[1];
    Executable sync =
        () ->
            thrown[0] =
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine().sync(SyncRequest.of(Repository.of(uri), mirror, options)));
    assertTimeoutPreemptively(HANG_GUARD, sync);
    assertThat(thrown[0]).as("the sync must fail").isNotNull();
    assertThat(mirror.resolve("extra.txt")).hasContent("local only");
    assertThat(mirror.resolveSibling("." + mirror.getFileName() + ".mirrorkit/state.json"))
        .doesNotExist();
    return thrown[0];
  }

  @Test
  void aDirectoryThatContainsItselfFailsTheSyncAndDeletesNothing() throws Exception {
    Path upstream = Files.createDirectories(temp.resolve("upstream/a"));
    Files.writeString(upstream.resolve("f.txt"), "content");
    Files.createSymbolicLink(upstream.resolve("loop"), Path.of("."));
    try (FtpUpstream ftp = FtpUpstream.builder(temp.resolve("upstream")).anonymous().start()) {
      Throwable e = failedSync(ftp.uri(), options(ListingLimits.defaults()).build());
      assertThat(e)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(ftp.uri())
          .hasMessageContaining("\"a/loop\"")
          .hasMessageContaining("contains itself");
    }
  }

  /** Every directory holds one more, with a name of its own: no listing repeats another. */
  private static @Nullable Iterable<String> endlessTree(String dir) {
    int depth = dir.equals("/") ? 0 : dir.split("/").length - 1;
    return List.of(DIR + "d" + depth, FILE + "f" + depth);
  }

  @Test
  void anEndlesslyGeneratedTreeStopsAtTheDepthLimit() throws Exception {
    try (FakeFtpServer server =
        new FakeFtpServer(FtpListingLimitsTest::endlessTree, true, "UNIX Type: L8")) {
      Throwable e =
          failedSync(server.uri(), options(ListingLimits.defaults().withMaxDepth(6)).build());
      assertThat(e)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(server.uri())
          .hasMessageContaining("deeper than 6 levels at \"d0/d1/d2/d3/d4/d5/d6\"");
    }
  }

  /** A listing without end: new file names for ever. */
  private static Iterable<String> endless(String prefix) {
    return () ->
        new Iterator<>() {
          long n;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public String next() {
            return prefix + n++;
          }
        };
  }

  @Test
  void anEndlessListingStopsAtTheEntryLimit() throws Exception {
    Function<String, @Nullable Iterable<String>> tree =
        dir -> dir.equals("/") ? endless(FILE + "file-") : null;
    try (FakeFtpServer server = new FakeFtpServer(tree, true, "UNIX Type: L8")) {
      Throwable e =
          failedSync(
              server.uri(), options(ListingLimits.defaults().withMaxEntries(50_000)).build());
      assertThat(e)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(server.uri())
          .hasMessageContaining("more than 50000 entries");
    }
  }

  @Test
  void aListingThatDripsSteadilyStopsAtTheDirectoryTimeout() throws Exception {
    Function<String, @Nullable Iterable<String>> tree =
        dir -> dir.equals("/") ? endless(FILE + "file-") : null;
    try (FakeFtpServer server = new FakeFtpServer(tree, true, "UNIX Type: L8")) {
      server.dripMillis = 20; // never silent as long as the I/O timeout
      ListingLimits limits = ListingLimits.defaults().withDirectoryTimeout(Duration.ofSeconds(1));
      Throwable e =
          failedSync(server.uri(), options(limits).timeout(Duration.ofSeconds(5)).build());
      assertThat(e)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(server.uri())
          .hasMessageContaining("listing \"/\"")
          .hasMessageContaining("took longer than 1 s");
    }
  }

  @Test
  void aListingThatDripsStopsAtTheWholeListingTimeout() throws Exception {
    Function<String, @Nullable Iterable<String>> tree =
        dir -> dir.equals("/") ? endless(FILE + "file-") : null;
    try (FakeFtpServer server = new FakeFtpServer(tree, true, "UNIX Type: L8")) {
      server.dripMillis = 20;
      ListingLimits limits = ListingLimits.defaults().withListingTimeout(Duration.ofSeconds(1));
      Throwable e =
          failedSync(server.uri(), options(limits).timeout(Duration.ofSeconds(5)).build());
      assertThat(e)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(server.uri())
          .hasMessageContaining("took longer than 1 s");
    }
  }

  @Test
  void anEndlessListingLineIsRefused() throws Exception {
    String huge = FILE + "x".repeat(1 << 20);
    try (FakeFtpServer server =
        new FakeFtpServer(Map.of("/", List.of(huge)), true, "UNIX Type: L8")) {
      Throwable e = failedSync(server.uri(), options(ListingLimits.defaults()).build());
      assertThat(e)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(server.uri())
          .hasMessageContaining("line longer than 16384 bytes in the listing of \"/\"");
    }
  }

  @Test
  void anEndlessReplyLineIsRefused() throws Exception {
    // LIST times to the minute: MDTM is asked, and its reply never ends
    List<String> root = List.of("-rw-r--r--    1 0        0               7 Jan 02 03:04 f.txt");
    try (FakeFtpServer server = new FakeFtpServer(Map.of("/", root), false, "UNIX Type: L8")) {
      server.endlessMdtmReply = true;
      Throwable e = failedSync(server.uri(), options(ListingLimits.defaults()).build());
      assertThat(e)
          .hasMessageContaining("127.0.0.1")
          .hasMessageContaining("sent a reply longer than " + (1 << 20) + " characters");
    }
  }

  @Test
  void aStalledListingNamesTheServerTheDirectoryAndTheSilence() throws Exception {
    Map<String, List<String>> tree =
        Map.of("/", List.of(DIR + "sub"), "/sub", List.of(FILE + "a", FILE + "b"));
    try (FakeFtpServer server = new FakeFtpServer(tree, true, "UNIX Type: L8")) {
      server.dripMillis = 60_000; // one line, then silence
      SyncOptions options =
          options(ListingLimits.defaults()).timeout(Duration.ofSeconds(1)).retries(0).build();
      Throwable e =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () -> {
                try (Session session =
                    new FtpTransportProvider()
                        .open(Repository.of(server.uri()), options, new Recording())) {
                  return org.assertj.core.api.Assertions.catchThrowable(
                      () -> session.list(new ListRequest(FilterRules.none(), false)));
                }
              });
      assertThat(e)
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("127.0.0.1:")
          .hasMessageContaining("sent nothing for 1 s while listing \"/")
          .hasMessageContaining("SyncOptions.timeout");
    }
  }
}
