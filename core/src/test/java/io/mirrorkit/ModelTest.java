package io.mirrorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "/", "/etc/passwd", "a/../b", "..", ".", "a//b", "a/./b", "a\0b"})
  void unsafeNamesAreRefused(String name) {
    assertThatThrownBy(() -> MirrorPath.parse(name))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("unsafe path from upstream");
    assertThat(MirrorPath.isValid(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a\0b", "a//b", "x/../y"})
  void resolvingAnUnsafeNameIsRefusedAsParsingIt(String name) {
    MirrorPath dir = MirrorPath.of("d/e");
    assertThatThrownBy(() -> dir.resolve(name))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("unsafe path from upstream");
    assertThatThrownBy(() -> dir.resolve("é".repeat(128)))
        .hasMessageContaining("component longer than 255 bytes");
  }

  @Test
  void aResolvedPathIsTheParsedOneAndKnowsItsParent() throws Exception {
    MirrorPath dir = MirrorPath.of("d/e");
    MirrorPath child = dir.resolve("f.txt");
    assertThat(child).isEqualTo(MirrorPath.of("d/e/f.txt"));
    assertThat(child.parent()).isSameAs(dir);
    assertThat(MirrorPath.of("d/e/f.txt").parent()).isEqualTo(dir);
    assertThat(dir.resolve("x/y")).isEqualTo(MirrorPath.of("d/e/x/y"));
    assertThat(dir.resolve("")).isEqualTo(dir); // as parse("d/e/") always gave
    assertThat(dir.resolve("..a")).isEqualTo(MirrorPath.of("d/e/..a"));
    assertThat(dir.resolve("é".repeat(127)).name()).isEqualTo("é".repeat(127));
  }

  @Test
  void longNamesAreRefusedByBytesNotChars() throws Exception {
    assertThat(MirrorPath.isValid("é".repeat(127))).isTrue(); // 254 bytes
    assertThat(MirrorPath.isValid("é".repeat(128))).isFalse(); // 256 bytes
    assertThat(MirrorPath.parse("dir/").toString()).isEqualTo("dir");
  }

  @Test
  void pathsSortParentsBeforeContents() {
    List<MirrorPath> paths = new ArrayList<>();
    for (String s : List.of("a.b", "a/b", "a", "a/b/c", "a-b", "b")) {
      paths.add(MirrorPath.of(s));
    }
    paths.sort(null);
    assertThat(paths)
        .map(MirrorPath::toString)
        .containsExactly("a", "a/b", "a/b/c", "a-b", "a.b", "b");
    assertThat(MirrorPath.of("a/b/c").parent()).isEqualTo(MirrorPath.of("a/b"));
    assertThat(MirrorPath.of("a").contains(MirrorPath.of("a/b"))).isTrue();
    assertThat(MirrorPath.of("a").contains(MirrorPath.of("ab"))).isFalse();
  }

  @Test
  void repositoryNeverShowsThePassword() {
    Repository r = Repository.of("ftp://alice:s3cret@ftp.example/pub/");
    assertThat(r.credentials()).isEqualTo(new Credentials("alice", "s3cret"));
    assertThat(r.toString()).doesNotContain("s3cret");
    assertThat(r.uri().toString()).doesNotContain("s3cret").contains("alice@");
    assertThat(r.credentials().toString()).doesNotContain("s3cret");
    // escapes in the path survive taking the password out
    assertThat(Repository.of("ftp://u:p%40ss@h/%2Fsrv/a%3Fb/").uri().toString())
        .isEqualTo("ftp://u@h/%2Fsrv/a%3Fb/");
    assertThat(Repository.of("ftp://u:p%40ss@h/").credentials().password()).isEqualTo("p@ss");
    assertThatThrownBy(() -> Repository.of("no-scheme/path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme");
  }

  @Test
  void optionsValidateAtOnceWithTheValue() {
    assertThatThrownBy(() -> SyncOptions.builder().maxDelete(-1))
        .hasMessageContaining("maxDelete (-1)");
    assertThatThrownBy(() -> SyncOptions.builder().maxDeletePercent(101))
        .hasMessageContaining("101");
    assertThatThrownBy(() -> SyncOptions.builder().parallelism(0)).hasMessageContaining("0");
    assertThatThrownBy(() -> SyncOptions.builder().lastStage("[abc"))
        .isInstanceOf(IllegalArgumentException.class);
    TransportOption<Integer> cut = TransportOption.of("http.cutDirs", Integer.class, 0);
    SyncOptions o = SyncOptions.builder().option(cut, 3).build();
    assertThat(o.option(cut)).isEqualTo(3);
    assertThat(SyncOptions.defaults().option(cut)).isZero();
    assertThat(o.toBuilder().build().option(cut)).isEqualTo(3);
    assertThat(SyncOptions.defaults().fsync()).isTrue();
    TransportOption<String> password = TransportOption.secret("x.password", String.class, "");
    assertThat(SyncOptions.builder().option(password, "hunter2").build().toString())
        .contains("x.password=****")
        .doesNotContain("hunter2");
    assertThat(SyncOptions.builder().fsync(false).build().toBuilder().build().fsync()).isFalse();
  }

  @Test
  void toBuilderKeepsEverySettingAndNeverSharesState() {
    SyncOptions empty = SyncOptions.builder().preserve(Set.of()).build();
    assertThat(empty.toBuilder().build().preserve()).isEmpty(); // threw before: EnumSet.copyOf

    SyncOptions o =
        SyncOptions.builder()
            .maxDelete(7)
            .lastStage("Release")
            .preserve(Set.of(Preserve.TIMES))
            .timeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(3))
            .addressFamily(AddressFamily.IPV6)
            .build();
    SyncOptions.Builder b = o.toBuilder();
    SyncOptions copy = b.build();
    b.lastStage("dists/**").preserve(Set.of(Preserve.PERMISSIONS)).maxDelete(1);
    assertThat(copy.toString()).isEqualTo(o.toString());
    assertThat(copy.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.addressFamily()).isEqualTo(AddressFamily.IPV6);
    assertThat(o.lastStage()).containsExactly("Release");
    assertThat(o.preserve()).containsExactly(Preserve.TIMES);
    assertThat(b.build().lastStage()).containsExactly("Release", "dists/**");
    assertThatThrownBy(() -> o.preserve().add(Preserve.OWNER))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void lastStageGlobsMatchLikeRsyncPatterns() {
    SyncOptions o = SyncOptions.builder().lastStage("repodata/***", "Release").build();
    assertThat(o.isLastStage(MirrorPath.of("repodata/repomd.xml"), false)).isTrue();
    assertThat(o.isLastStage(MirrorPath.of("dists/stable/Release"), false)).isTrue();
    assertThat(o.isLastStage(MirrorPath.of("pool/a.deb"), false)).isFalse();
  }

  @Test
  void reportRoundTripsThroughJson() {
    SyncReport r =
        SyncReport.builder()
            .repository("rsync://h/m/")
            .target("/srv/m")
            .started(Instant.parse("2026-11-21T10:00:00Z"))
            .durationMillis(1234)
            .filesTransferred(3)
            .filesDeleted(1)
            .bytesTransferred(300)
            .bytesReceived(120)
            .bytesSent(20)
            .literalBytes(100)
            .matchedBytes(200)
            .addWarning("w")
            .addFile(new SyncReport.FileOutcome("a", "fetched", 100))
            .build();
    String json = r.toJson();
    assertThat(json)
        .contains("\"filesTransferred\" : 3")
        .contains("\"skipped\" : false")
        .contains("\"matchedBytes\" : 200");
    SyncReport back = SyncReport.fromJson(json);
    assertThat(back.toJson()).isEqualTo(json);
  }

  @Test
  void remoteEntryRejectsNonsense() {
    MirrorPath p = MirrorPath.of("x");
    assertThatThrownBy(() -> RemoteEntry.file(p, -5, null)).hasMessageContaining("negative size");
    assertThatThrownBy(() -> RemoteEntry.file(p, 1, null).withMode(0100644))
        .hasMessageContaining("outside 07777");
    Instant t = Instant.parse("2026-01-01T00:00:00.123456789Z");
    assertThat(RemoteEntry.file(p, 1, t).mtime()).isEqualTo(t);
  }
}
