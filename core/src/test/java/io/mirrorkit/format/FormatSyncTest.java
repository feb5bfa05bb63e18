package io.mirrorkit.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FormatOptions;
import io.mirrorkit.InconsistentMetadataException;
import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.MirrorVerifier;
import io.mirrorkit.PlanAction;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync with a repository format, over file:// with the test format {@link LinesFormat}: the gate,
 * the index-driven plan, metadata last and in stages, verification.
 */
class FormatSyncTest {
  @TempDir Path temp;
  Path upstream;
  Path mirror;
  final SyncEngine engine = SyncEngine.builder().build();

  /** The upstream's data files and the index lines naming them, by index file. */
  final Map<String, String> data = new TreeMap<>();

  @BeforeEach
  void setUp() throws IOException {
    upstream = Files.createDirectories(temp.resolve("up"));
    mirror = temp.resolve("mirror");
    data.put("pool/a.pkg", "package a");
    data.put("pool/b/b.pkg", "package b, longer");
    data.put("pool/c.pkg", "package c");
  }

  /** Writes the data files and an index: sub.lst names c, INDEX names a, b and sub.lst. */
  void publishUpstream() throws IOException {
    for (Map.Entry<String, String> e : data.entrySet()) {
      write(e.getKey(), e.getValue());
    }
    String sub = line("D", "pool/c.pkg", data.get("pool/c.pkg"));
    write("sub.lst", sub);
    StringBuilder index = new StringBuilder();
    data.forEach(
        (path, content) -> {
          if (!path.equals("pool/c.pkg")) {
            index.append(line("D", path, content));
          }
        });
    write("INDEX", index + line("M", "sub.lst", sub));
  }

  void write(String path, String content) throws IOException {
    Path file = upstream.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  static String line(String kind, String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return kind + " " + sha256(bytes) + " " + bytes.length + " " + path + "\n";
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  SyncReport sync(boolean indexOnly) throws IOException {
    return engine.sync(SyncRequest.of(Repository.of(upstream), mirror, options(indexOnly).build()));
  }

  SyncOptions.Builder options(boolean indexOnly) {
    return SyncOptions.builder()
        .format(FormatOptions.of("lines").withIndexOnly(indexOnly))
        .retryBackoff(java.time.Duration.ofMillis(1));
  }

  String mirrored(String path) throws IOException {
    return Files.readString(mirror.resolve(path));
  }

  @Test
  void anIndexDrivenSyncFetchesTheMetadataAndWhatItNamesOnly() throws Exception {
    publishUpstream();
    write("README.unlisted", "not named by the index");
    SyncReport report = sync(true);
    assertThat(mirror.resolve("README.unlisted")).doesNotExist();
    for (String p : List.of("INDEX", "sub.lst", "pool/a.pkg", "pool/b/b.pkg", "pool/c.pkg")) {
      assertThat(mirror.resolve(p)).hasSameTextualContentAs(upstream.resolve(p));
    }
    assertThat(report.filesTransferred()).isEqualTo(5);
    VerifyReport verified = MirrorVerifier.verify(mirror, FormatOptions.of("lines"), false);
    assertThat(verified.consistent()).isTrue();
    assertThat(verified.checked()).isEqualTo(5);
  }

  /**
   * A file the index names that is a symbolic link upstream is fetched through the link when it
   * stays inside the upstream's directory, and never when it leads out of it.
   */
  @Test
  void anIndexDrivenSyncFollowsLinksInsideTheUpstreamOnly() throws Exception {
    publishUpstream();
    Path c = upstream.resolve("pool/c.pkg");
    Files.move(c, upstream.resolve("pool/c.real"));
    Files.createSymbolicLink(c, Path.of("c.real"));
    sync(true);
    assertThat(mirror.resolve("pool/c.pkg")).isRegularFile().hasContent("package c");

    Files.writeString(temp.resolve("secret"), "package a"); // the content the index wants
    Files.delete(upstream.resolve("pool/a.pkg"));
    Files.createSymbolicLink(upstream.resolve("pool/a.pkg"), temp.resolve("secret"));
    Files.delete(mirror.resolve("pool/a.pkg"));
    assertThatThrownBy(() -> sync(true))
        .isInstanceOf(io.mirrorkit.SyncFailedException.class)
        .hasMessageContaining("pool/a.pkg");
    assertThat(mirror.resolve("pool/a.pkg")).doesNotExist();
  }

  @Test
  void aRerunOfAnUnchangedIndexFetchesNothing() throws Exception {
    publishUpstream();
    sync(true);
    SyncReport again = sync(true);
    assertThat(again.files()).isEmpty();
    assertThat(again.filesTransferred()).isZero();
    assertThat(again.bytesTransferred()).isZero();
  }

  @Test
  void metadataIsTheLastStageInItsOrder() throws Exception {
    publishUpstream();
    SyncPlan plan =
        engine.plan(SyncRequest.of(Repository.of(upstream), mirror, options(false).build()));
    List<MirrorPath> last =
        plan.actions(SyncPlan.Stage.LAST).stream().map(PlanAction::path).toList();
    assertThat(last).containsExactlyInAnyOrder(MirrorPath.of("INDEX"), MirrorPath.of("sub.lst"));
    assertThat(plan.actions(SyncPlan.Stage.DATA).stream().map(PlanAction::path))
        .doesNotContain(MirrorPath.of("INDEX"));
  }

  @Test
  void anIndexNamingAMissingFileIsNotPublishedAndTheOldOneStays() throws Exception {
    publishUpstream();
    sync(true);
    String oldIndex = mirrored("INDEX");
    // the upstream mid-update: a new package named, not yet there
    data.put("pool/d.pkg", "package d");
    publishUpstream();
    Files.delete(upstream.resolve("pool/d.pkg"));
    data.put("pool/a.pkg", "package a, version 2");
    write("pool/a2.pkg", "unrelated");
    for (boolean indexOnly : List.of(true, false)) {
      rewriteIndexWith("pool/d.pkg", "package d");
      assertThatThrownBy(() -> sync(indexOnly))
          .isInstanceOf(InconsistentMetadataException.class)
          .hasMessageContaining("pool/d.pkg")
          .hasMessageContaining("keeps its previous metadata");
      assertThat(mirrored("INDEX")).isEqualTo(oldIndex);
    }
    // the upstream completes: the next sync publishes
    write("pool/d.pkg", "package d");
    sync(true);
    assertThat(mirrored("INDEX")).isEqualTo(Files.readString(upstream.resolve("INDEX")));
    assertThat(mirrored("pool/d.pkg")).isEqualTo("package d");
  }

  /** Adds a line for {@code path} to INDEX without writing the file. */
  void rewriteIndexWith(String path, String content) throws IOException {
    String index = Files.readString(upstream.resolve("INDEX"));
    String line = line("D", path, content);
    if (!index.contains(line)) {
      write("INDEX", index + line);
    }
  }

  @Test
  void aFileOfAnotherSizeThanTheIndexSaysStopsAListedSync() throws Exception {
    publishUpstream();
    sync(false);
    String oldIndex = mirrored("INDEX");
    publishUpstream();
    write("pool/a.pkg", "package a, but not the one the index names");
    write("INDEX", Files.readString(upstream.resolve("INDEX")) + "\n");
    assertThatThrownBy(() -> sync(false))
        .isInstanceOf(InconsistentMetadataException.class)
        .hasMessageContaining("pool/a.pkg (the upstream lists");
    assertThat(mirrored("INDEX")).isEqualTo(oldIndex);
  }

  @Test
  void aFileWhoseChecksumDiffersIsNotPublishedNorItsIndex() throws Exception {
    publishUpstream();
    write("pool/a.pkg", "package A"); // same size, other bytes
    assertThatThrownBy(() -> sync(true))
        .isInstanceOf(InconsistentMetadataException.class)
        .hasMessageContaining("pool/a.pkg (checksum mismatch");
    assertThat(mirror.resolve("INDEX")).doesNotExist();
    assertThat(mirror.resolve("pool/a.pkg")).doesNotExist();
  }

  @Test
  void deletionsRemoveWhatTheNewIndexNoLongerNames() throws Exception {
    publishUpstream();
    sync(true);
    data.remove("pool/b/b.pkg");
    publishUpstream();
    engine.sync(
        SyncRequest.of(
            Repository.of(upstream),
            mirror,
            options(true).deletePolicy(DeletePolicy.AFTER).maxDeletePercent(100).build()));
    assertThat(mirror.resolve("pool/b/b.pkg")).doesNotExist();
    assertThat(mirror.resolve("pool/a.pkg")).exists();
  }

  @Test
  void anUnchangedChildIndexIsReadFromTheMirror() throws Exception {
    publishUpstream();
    sync(true);
    // the upstream's child index is now unreadable: an identical mirror copy must be used
    Path sub = upstream.resolve("sub.lst");
    Files.writeString(sub, Files.readString(sub)); // same content
    sub.toFile().setReadable(false);
    try {
      SyncReport again = sync(true);
      assertThat(again.filesTransferred()).isZero();
    } finally {
      sub.toFile().setReadable(true);
    }
  }

  @Test
  void badMetadataFailsBeforeAnythingIsWritten() throws Exception {
    publishUpstream();
    write("INDEX", "D 00 1 ../escape\n");
    assertThatThrownBy(() -> sync(true))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("INDEX");
    assertThat(mirror.resolve("pool")).doesNotExist();
  }

  @Test
  void verifyFindsMissingCorruptAndUnreferencedFiles() throws Exception {
    publishUpstream();
    sync(true);
    Files.delete(mirror.resolve("pool/c.pkg"));
    Files.writeString(mirror.resolve("pool/a.pkg"), "package A");
    Files.writeString(mirror.resolve("extra.txt"), "x");
    VerifyReport r = MirrorVerifier.verify(mirror, FormatOptions.of("lines"), false);
    assertThat(r.consistent()).isFalse();
    assertThat(r.missing()).containsExactly(MirrorPath.of("pool/c.pkg"));
    assertThat(r.corrupt()).singleElement().asString().startsWith("pool/a.pkg: SHA-256");
    assertThat(r.unreferenced()).containsExactly(MirrorPath.of("extra.txt"));
    VerifyReport quick = MirrorVerifier.verify(mirror, FormatOptions.of("lines"), true);
    assertThat(quick.corrupt()).isEmpty(); // same size: only a checksum tells
  }

  @Test
  void anUnknownFormatIsAUsageErrorNamingTheModule() {
    assertThatThrownBy(
            () ->
                engine.sync(
                    SyncRequest.of(
                        Repository.of(upstream),
                        mirror,
                        SyncOptions.builder().format(FormatOptions.of("nope")).build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lines");
  }
}
