package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Listings no honest server sends, from a scripted server; and the Windows (IIS) LIST format. */
class HostileListingTest {
  @TempDir Path temp;

  private static final String FACTS = "type=file;size=7;modify=20200102030405;";

  private static SyncOptions.Builder options() {
    return SyncOptions.builder()
        .deletePolicy(DeletePolicy.AFTER)
        .retryBackoff(Duration.ZERO)
        .timeout(Duration.ofSeconds(10));
  }

  private static Listing list(FakeFtpServer server, SyncOptions options, Recording recording)
      throws Exception {
    try (Session session =
        new FtpTransportProvider().open(Repository.of(server.uri()), options, recording)) {
      return session.list(new ListRequest(FilterRules.none(), false));
    }
  }

  @Test
  void unsafeNamesAreSkippedWithWarningsAndNothingLandsOutsideTheMirror() throws Exception {
    List<String> root =
        List.of(
            "type=cdir;modify=20200102030405; .",
            "type=pdir;modify=20200102030405; ..",
            FACTS + " ../evil",
            FACTS + " a/b",
            FACTS + " /etc/passwd",
            FACTS + " ctl\u0001char",
            FACTS + " ..",
            FACTS + " ok.txt");
    try (FakeFtpServer server = new FakeFtpServer(Map.of("/", root), true, "UNIX Type: L8")) {
      Recording recording = new Recording();
      Listing listing = list(server, options().build(), recording);
      assertThat(listing.entries()).extracting(e -> e.path().toString()).containsExactly("ok.txt");
      assertThat(listing.entries().get(0).mtime()).isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
      assertThat(recording.warnings)
          .hasSize(5)
          .anyMatch(w -> w.contains("\"..\" (names the directory itself or its parent)"))
          .anyMatch(w -> w.contains("\"../evil\" (contains /)"))
          .anyMatch(w -> w.contains("\"/etc/passwd\" (absolute path)"))
          .anyMatch(w -> w.contains("ctl\\x01char") && w.contains("control character"));

      Path mirror = temp.resolve("box/mirror");
      SyncEngine engine =
          SyncEngine.builder()
              .discoverProviders(false)
              .provider(new FtpTransportProvider())
              .build();
      engine.sync(SyncRequest.of(Repository.of(server.uri()), mirror, options().build()));
      assertThat(mirror.resolve("ok.txt")).hasContent("/ok.txt");
      try (Stream<Path> all = Files.walk(temp)) {
        assertThat(all.map(p -> temp.relativize(p).toString()))
            .allMatch(
                p ->
                    p.isEmpty()
                        || p.equals("box")
                        || p.startsWith("box/mirror")
                        || p.startsWith("box/.mirror.mirrorkit"));
      }
    }
  }

  @Test
  void aNameListedTwiceIsRefused() throws Exception {
    List<String> root = List.of(FACTS + " dup", FACTS + " dup", FACTS + " fine");
    try (FakeFtpServer server = new FakeFtpServer(Map.of("/", root), true, "UNIX Type: L8")) {
      Path mirror = temp.resolve("mirror");
      SyncEngine engine =
          SyncEngine.builder()
              .discoverProviders(false)
              .provider(new FtpTransportProvider())
              .build();
      assertThatThrownBy(
              () ->
                  engine.sync(
                      SyncRequest.of(Repository.of(server.uri()), mirror, options().build())))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("dup");
      assertThat(mirror.resolve("fine")).doesNotExist();
    }
  }

  @Test
  void windowsListingIsParsedWithMdtmForExactTimes() throws Exception {
    Map<String, List<String>> tree =
        Map.of(
            "/",
            List.of(
                "01-02-20  03:04PM       <DIR>          sub dir",
                "01-02-20  03:04PM                    7 file.txt"),
            "/sub dir",
            List.of("12-31-19  11:59PM                   19 inner.bin"));
    try (FakeFtpServer server = new FakeFtpServer(tree, false, "Windows_NT")) {
      Recording recording = new Recording();
      Listing exact = list(server, options().build(), recording);
      assertThat(exact.mtimePrecision()).isEqualTo(Duration.ofSeconds(1));
      assertThat(exact.entries())
          .extracting(e -> e.path().toString())
          .containsExactlyInAnyOrder("sub dir", "file.txt", "sub dir/inner.bin");
      RemoteEntry file =
          exact.entries().stream()
              .filter(e -> e.path().toString().equals("file.txt"))
              .findFirst()
              .orElseThrow();
      assertThat(file.size()).isEqualTo(7);
      assertThat(file.mtime()).isEqualTo(Instant.parse("2020-01-02T15:04:05Z"));

      Listing coarse =
          list(server, options().option(FtpOptions.USE_MDTM, false).build(), recording);
      assertThat(coarse.mtimePrecision()).isEqualTo(Duration.ofMinutes(1));
      RemoteEntry inner =
          coarse.entries().stream()
              .filter(e -> e.path().toString().equals("sub dir/inner.bin"))
              .findFirst()
              .orElseThrow();
      assertThat(inner.mtime()).isEqualTo(Instant.parse("2019-12-31T23:59:00Z"));
      assertThat(recording.warnings).isEmpty();
    }
  }

  @ParameterizedTest(name = "silently: {0}")
  @ValueSource(booleans = {false, true})
  void aServerThatCannotTakePipelinedCommandsStillGivesExactTimes(boolean silently)
      throws Exception {
    List<String> root = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      root.add("01-02-20  03:04PM                    7 f" + i + ".txt");
    }
    try (FakeFtpServer server =
        new FakeFtpServer(Map.of("/", root), false, "Windows_NT").dropsPipelinedMdtm(silently)) {
      Recording recording = new Recording();
      // lost commands are noticed by the reply timeout
      Listing listing = list(server, options().timeout(Duration.ofSeconds(1)).build(), recording);
      assertThat(server.droppedConnections()).isPositive();
      assertThat(listing.mtimePrecision()).isEqualTo(Duration.ofSeconds(1));
      assertThat(listing.entries())
          .hasSize(40)
          .allMatch(e -> e.mtime().equals(Instant.parse("2020-01-02T15:04:05Z")));
      assertThat(recording.warnings).isEmpty();

      // without pipelining the server is never provoked
      int dropped = server.droppedConnections();
      Listing plain =
          list(server, options().option(FtpOptions.PIPELINING, false).build(), recording);
      assertThat(server.droppedConnections()).isEqualTo(dropped);
      assertThat(plain.entries()).containsExactlyInAnyOrderElementsOf(listing.entries());
    }
  }
}
