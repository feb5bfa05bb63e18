package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Session;
import io.mirrorkit.testkit.FtpUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch faults from scripted servers (issues 10 and 18): a 550 for a file still listed is a
 * failure, for a file no longer listed a vanished one; kept partial bytes are resumed with REST, or
 * fetched again when REST is refused; a stalled download and a silent or address-less host give
 * messages that say who, what and how long.
 */
class FtpFetchFaultsTest {
  @TempDir Path temp;

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final String DATA = "0123456789abcdefghij";

  private static SyncOptions.Builder options() {
    return SyncOptions.builder().timeout(Duration.ofSeconds(10));
  }

  private static Session open(String uri, SyncOptions options, Recording recording)
      throws IOException {
    return new FtpTransportProvider().open(Repository.of(uri), options, recording);
  }

  private static FetchRequest request(String path) {
    return FetchRequest.of(MirrorPath.of(path));
  }

  @Test
  void a550ForAFileStillListedIsAFailureAndForAFileNoLongerListedVanished() throws Exception {
    Map<String, List<String>> tree = new ConcurrentHashMap<>();
    tree.put(
        "/",
        List.of(
            "type=file;size=8;modify=20200102030405; locked.txt",
            "type=file;size=7;modify=20200102030405; gone.txt"));
    try (FakeFtpServer server = new FakeFtpServer(tree::get, true, "UNIX Type: L8")) {
      server.refused.add("/locked.txt");
      server.refused.add("/gone.txt");
      Recording recording = new Recording();
      try (Session session = open(server.uri(), options().build(), recording)) {
        assertThat(session.list(new ListRequest(FilterRules.none(), false)).entries()).hasSize(2);
        tree.put("/", List.of("type=file;size=8;modify=20200102030405; locked.txt"));
        session.fetch(List.of(request("locked.txt"), request("gone.txt")), recording);
      }
      assertThat(recording.refused).containsOnlyKeys("locked.txt");
      assertThat(recording.refused.get("locked.txt"))
          .contains(server.uri())
          .contains("still lists \"locked.txt\"")
          .contains("550 Failed to open file.");
      assertThat(recording.vanished).containsOnlyKeys("gone.txt");
      assertThat(recording.vanished.get("gone.txt")).startsWith("550");
    }
  }

  @Test
  void bytesKeptByAnEarlierRunAreResumedWithRest() throws Exception {
    try (FakeFtpServer server =
        new FakeFtpServer(
            Map.of("/", List.of("type=file;size=20;modify=20200102030405; f.bin")),
            true,
            "UNIX Type: L8")) {
      server.rest = true;
      server.files.put("/f.bin", DATA.getBytes(StandardCharsets.US_ASCII));
      ResumingSink sink = new ResumingSink("0123".getBytes(StandardCharsets.US_ASCII));
      try (Session session = open(server.uri(), options().build(), new Recording())) {
        session.fetch(List.of(request("f.bin")), sink);
      }
      assertThat(server.restOffsets).containsExactly(4L);
      assertThat(sink.written.toString(StandardCharsets.US_ASCII)).isEqualTo(DATA.substring(4));
      assertThat(sink.restarted).isFalse();
      assertThat(sink.completed).isTrue();
      assertThat(new String(sink.content(), StandardCharsets.US_ASCII)).isEqualTo(DATA);
    }
  }

  @Test
  void aServerRefusingRestSendsTheFileFromItsStart() throws Exception {
    try (FakeFtpServer server =
        new FakeFtpServer(
            Map.of("/", List.of("type=file;size=20;modify=20200102030405; f.bin")),
            true,
            "UNIX Type: L8")) {
      server.files.put("/f.bin", DATA.getBytes(StandardCharsets.US_ASCII)); // REST refused: 502
      ResumingSink sink = new ResumingSink("0123".getBytes(StandardCharsets.US_ASCII));
      try (Session session = open(server.uri(), options().build(), new Recording())) {
        session.fetch(List.of(request("f.bin")), sink);
      }
      assertThat(sink.restarted).isTrue();
      assertThat(sink.completed).isTrue();
      assertThat(sink.written.toString(StandardCharsets.US_ASCII)).isEqualTo(DATA);
    }
  }

  @Test
  void bytesKeptByAnEarlierRunAreResumedFromTheEmbeddedServer() throws Exception {
    Path upstream = Files.createDirectories(temp.resolve("upstream"));
    Files.writeString(upstream.resolve("f.bin"), DATA);
    try (FtpUpstream ftp = FtpUpstream.builder(upstream).anonymous().start()) {
      ResumingSink sink = new ResumingSink("01234567".getBytes(StandardCharsets.US_ASCII));
      try (Session session = open(ftp.uri(), options().build(), new Recording())) {
        session.fetch(List.of(request("f.bin")), sink);
      }
      assertThat(sink.written.toString(StandardCharsets.US_ASCII)).isEqualTo(DATA.substring(8));
      assertThat(sink.completed).isTrue();
    }
  }

  @Test
  void aStalledDownloadNamesTheServerTheFileAndTheSilence() throws Exception {
    try (FakeFtpServer server =
        new FakeFtpServer(
            Map.of("/", List.of("type=file;size=20;modify=20200102030405; f.bin")),
            true,
            "UNIX Type: L8")) {
      server.files.put("/f.bin", DATA.getBytes(StandardCharsets.US_ASCII));
      server.stallRetrAfter = 3;
      Recording recording = new Recording();
      SyncOptions options =
          options().timeout(Duration.ofSeconds(1)).option(FtpOptions.RESUME_ATTEMPTS, 0).build();
      assertTimeoutPreemptively(
          HANG_GUARD,
          () -> {
            try (Session session = open(server.uri(), options, recording)) {
              session.fetch(List.of(request("f.bin")), recording);
            }
          });
      assertThat(recording.completed).isEmpty();
      assertThat(recording.warnings)
          .singleElement()
          .asString()
          .contains("127.0.0.1:")
          .contains("sent nothing for 1 s while sending \"/f.bin\" (after 3 bytes)");
    }
  }

  @Test
  void aServerThatNeverGreetsFailsWithinTheConnectTimeout() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // and never a word
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      t.setDaemon(true);
      t.start();
      String uri = "ftp://127.0.0.1:" + silent.getLocalPort() + "/";
      SyncOptions options =
          options().timeout(Duration.ofSeconds(120)).connectTimeout(Duration.ofSeconds(1)).build();
      Throwable e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(15),
              () ->
                  org.assertj.core.api.Assertions.catchThrowable(
                      () -> open(uri, options, new Recording()).close()));
      assertThat(e)
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining(uri)
          .hasMessageContaining("no answer within 1 s (SyncOptions.connectTimeout");
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aHostWithoutAnAddressOfTheFamilyFailsClearly() throws Exception {
    try (FakeFtpServer server = new FakeFtpServer(Map.of("/", List.of()), true, "UNIX Type: L8")) {
      SyncOptions v6 = options().addressFamily(AddressFamily.IPV6).build();
      assertThatThrownBy(() -> open(server.uri(), v6, new Recording()).close())
          .isInstanceOf(UnknownHostException.class)
          .hasMessageContaining("the host \"127.0.0.1\" has no IPv6 address")
          .hasMessageContaining("SyncOptions.addressFamily is IPV6");
      SyncOptions v4 = options().addressFamily(AddressFamily.IPV4).build();
      try (Session session = open(server.uri(), v4, new Recording())) {
        assertThat(session.list(new ListRequest(FilterRules.none(), false)).entries()).isEmpty();
      }
    }
  }
}
