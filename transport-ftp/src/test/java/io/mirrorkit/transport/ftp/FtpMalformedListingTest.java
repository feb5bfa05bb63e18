package io.mirrorkit.transport.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FilterRules;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed fields in listings (issue 18): each bad entry is skipped with a warning that names the
 * directory and the entry; too many fail the listing with a clear message; never a bare
 * NumberFormatException, DateTimeException or NullPointerException.
 */
class FtpMalformedListingTest {
  private static final String GOOD = "type=file;size=7;modify=20200102030405; ";

  private static Listing list(FakeFtpServer server, Recording recording) throws Exception {
    SyncOptions options = SyncOptions.builder().timeout(Duration.ofSeconds(10)).build();
    try (Session session =
        new FtpTransportProvider().open(Repository.of(server.uri()), options, recording)) {
      return session.list(new ListRequest(FilterRules.none(), false));
    }
  }

  private static List<String> paths(Listing listing) {
    return listing.entries().stream().map(e -> e.path().toString()).toList();
  }

  @Test
  void malformedMlsdFactsAreSkippedWithWarningsNamingDirectoryAndEntry() throws Exception {
    List<String> sub =
        List.of(
            "type=file;size=99999999999999999999999999;modify=20200102030405; huge",
            "type=file;size=-5;modify=20200102030405; negative",
            "type=file;size=12abc;modify=20200102030405; letters",
            "type=file;size=7;modify=20201340250000; month13",
            "type=file;size=7;modify=yesterday; words",
            "type=file;size=7;modify=2020; short",
            "type=file;size;modify=20200102030405; novalue",
            "size=7;modify=20200102030405; notype",
            "type=file;size=7;modify=20200102030405;no-space-before-name",
            "type=file;size=7;unix.mode=99999x;modify=20200102030405; badmode-ignored",
            GOOD + "ok.txt");
    Map<String, List<String>> tree =
        Map.of("/", List.of("type=dir;modify=20200102030405; sub"), "/sub", sub);
    try (FakeFtpServer server = new FakeFtpServer(tree, true, "UNIX Type: L8")) {
      Recording recording = new Recording();
      Listing listing = list(server, recording);
      assertThat(paths(listing))
          .containsExactlyInAnyOrder("sub", "sub/ok.txt", "sub/badmode-ignored");
      assertThat(recording.warnings).hasSize(9).allMatch(w -> w.contains("in \"/sub\""));
      for (String name :
          List.of(
              "huge", "negative", "letters", "month13", "words", "short", "novalue", "notype")) {
        assertThat(recording.warnings).anyMatch(w -> w.contains(name + "\" ("));
      }
      assertThat(recording.warnings)
          .anyMatch(w -> w.contains("99999999999999999999999999") && w.contains("out of range"))
          .anyMatch(w -> w.contains("\"-5\" is not a number of bytes"))
          .anyMatch(w -> w.contains("modify=20201340250000 is not a time"));
    }
  }

  @Test
  void malformedListLinesAreSkippedWithWarnings() throws Exception {
    List<String> root =
        List.of(
            "total 12",
            "-rw-r--r--    1 0        0    99999999999999999999999 Jan 02  2020 huge",
            "-rw-r--r--    1 0        0               -5 Jan 02  2020 negative",
            "-rw-r--r--    1 0        0                7 Foo 99  2020 baddate",
            "?rw-r--r--    1 0        0                7 Jan 02  2020 badmode",
            "complete garbage",
            "-rw-r--r--    1 0        0                7 Jan 02  2020 ok.txt");
    try (FakeFtpServer server = new FakeFtpServer(Map.of("/", root), false, "UNIX Type: L8")) {
      Recording recording = new Recording();
      Listing listing = list(server, recording);
      assertThat(paths(listing)).containsExactly("ok.txt");
      RemoteEntry ok = listing.entries().get(0);
      assertThat(ok.size()).isEqualTo(7);
      assertThat(recording.warnings)
          .hasSize(5)
          .allMatch(w -> w.contains("in \"/\"") && w.contains("skipped"))
          .anyMatch(w -> w.contains("huge") && w.contains("out of range"))
          .anyMatch(w -> w.contains("negative"))
          .anyMatch(w -> w.contains("baddate"))
          .anyMatch(w -> w.contains("badmode"))
          .anyMatch(w -> w.contains("complete garbage"));
    }
  }

  @Test
  void hostileNamesAreSkippedWithWarnings() throws Exception {
    List<String> root =
        List.of(
            GOOD + "a\u0000nul",
            GOOD + "cr\rin-the-middle",
            GOOD + "tab\there",
            GOOD + "esc\u001b[31m",
            GOOD + "..",
            GOOD + "../../etc/passwd",
            GOOD + "dir/../../x",
            GOOD + "fine.txt");
    try (FakeFtpServer server = new FakeFtpServer(Map.of("/", root), true, "UNIX Type: L8")) {
      Recording recording = new Recording();
      Listing listing = list(server, recording);
      assertThat(paths(listing)).containsExactly("fine.txt");
      assertThat(recording.warnings)
          .hasSize(7)
          .allMatch(w -> w.contains("unsafe name in the top directory"))
          .anyMatch(w -> w.contains("a\\x00nul"))
          .anyMatch(w -> w.contains("cr\\x0din-the-middle"));
    }
  }

  @Test
  void aListingOfGarbageFailsWithAClearMessage() throws Exception {
    List<String> root = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      root.add("garbage line " + i);
    }
    try (FakeFtpServer server = new FakeFtpServer(Map.of("/", root), true, "UNIX Type: L8")) {
      Recording recording = new Recording();
      assertThatThrownBy(() -> list(server, recording))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(server.uri())
          .hasMessageContaining("more than 100 malformed lines in the listing of \"/\"");
      assertThat(recording.warnings).hasSize(100);
    }
  }
}
