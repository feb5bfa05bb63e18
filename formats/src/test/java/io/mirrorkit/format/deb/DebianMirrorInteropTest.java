package io.mirrorkit.format.deb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.InconsistentMetadataException;
import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorVerifier;
import io.mirrorkit.Repository;
import io.mirrorkit.Selection;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.format.ThrowawayGpg;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.testkit.RealServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Debian archive made by reprepro and served by nginx, mirrored index-only for {@code testing},
 * {@code main}, {@code amd64} with the archive's key; the mirror served by a second nginx is used
 * by the real apt-get, compared with what debmirror takes for the same selection, and kept whole
 * when the upstream is caught mid-update or its Release was tampered with.
 */
class DebianMirrorInteropTest {
  private static final String DIST = "testing";
  private static final Selection SELECTION =
      Selection.builder().dist(DIST).component("main").architecture("amd64").build();
  private static final Set<String> SELECTED =
      Set.of(
          "dists/testing/InRelease",
          "dists/testing/Release",
          "dists/testing/Release.gpg",
          "dists/testing/main/binary-amd64/Packages",
          "dists/testing/main/binary-amd64/Packages.gz",
          "dists/testing/main/binary-amd64/Packages.xz",
          "dists/testing/main/binary-amd64/Release",
          "pool/main/h/hello/hello_1.0_amd64.deb",
          "pool/main/t/tool/tool_2.0_amd64.deb",
          "pool/main/s/srcpkg/srcpkg_1.0_all.deb");

  @TempDir static Path keys;
  private static ThrowawayGpg gpg;
  private static String key;
  private static Path keyring;

  @TempDir Path temp;
  private RepreproArchive archive;
  private Path mirror;
  private final SyncEngine engine = SyncEngine.builder().build();

  @BeforeAll
  static void key() throws IOException {
    gpg = ThrowawayGpg.create(keys.resolve("gnupg"));
    key = gpg.generateKey("Archive <archive@example.org>", "default");
    keyring = gpg.export(keys.resolve("archive.gpg"), false, key);
  }

  @AfterAll
  static void agent() throws IOException {
    gpg.close();
  }

  @BeforeEach
  void upstream() throws IOException {
    Interop.requireProgram("nginx", "nginx");
    archive = RepreproArchive.create(temp.resolve("upstream"), gpg, key, DIST);
    archive.includeDebs(
        DIST,
        "main",
        archive.buildDeb("hello", "1.0", "amd64"),
        archive.buildDeb("hello", "1.0", "arm64"),
        archive.buildDeb("tool", "2.0", "amd64"),
        archive.buildDeb("srcpkg", "1.0", "all"));
    archive.includeDsc(DIST, "main", archive.buildSource("srcpkg", "1.0"));
    archive.includeDebs(DIST, "contrib", archive.buildDeb("common", "1.0", "all"));
    mirror = temp.resolve("mirror");
  }

  private SyncRequest request(RealServer upstream) {
    return request(upstream, true);
  }

  private SyncRequest request(RealServer upstream, boolean indexOnly) {
    SyncOptions options =
        SyncOptions.builder()
            .format(
                FormatOptions.of("deb")
                    .withSelection(SELECTION)
                    .withIndexOnly(indexOnly)
                    .withKeyring(keyring))
            .retries(0)
            .build();
    return SyncRequest.of(Repository.of(upstream.uri()), mirror, options);
  }

  /** apt-get update against the mirror (served by a second nginx) with a fresh state. */
  private AptClient apt(RealServer served, String name) throws IOException {
    AptClient apt = AptClient.of(temp.resolve(name), served.uri(), DIST, "main", keyring);
    Command.Result update = apt.update();
    assertThat(update.exitCode()).as(update.stdout() + update.stderr()).isZero();
    assertThat(update.stdout() + update.stderr()).doesNotContain("W:", "E:", "Err:");
    return apt;
  }

  private static void download(AptClient apt, String pkg, Path expected) throws IOException {
    Command.Result result = apt.download(pkg);
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(apt.downloads().resolve(expected.getFileName())).hasSameBinaryContentAs(expected);
  }

  /** The regular files below {@code root}, without the mirror's own state. */
  static Set<String> files(Path root) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(p -> !p.startsWith(".mirrorkit") && !p.startsWith(".~mkwork"))
          .forEach(out::add);
    }
    return out;
  }

  @Test
  void aptUsesTheIndexOnlyMirrorWhichHoldsWhatDebmirrorTakes() throws Exception {
    Interop.requireProgram("debmirror", "debmirror");
    try (RealServer upstream =
            RealServer.start(RealServer.Kind.NGINX_HTML, archive.root(), temp.resolve("n1"));
        RealServer served =
            RealServer.start(RealServer.Kind.NGINX_HTML, mirror(), temp.resolve("n2"))) {
      engine.sync(request(upstream));

      assertThat(files(mirror)).containsExactlyInAnyOrderElementsOf(SELECTED);
      for (String f : SELECTED) {
        assertThat(mirror.resolve(f)).hasSameBinaryContentAs(archive.root().resolve(f));
      }
      assertThat(
              MirrorVerifier.verify(
                      mirror,
                      FormatOptions.of("deb").withSelection(SELECTION).withKeyring(keyring),
                      false)
                  .consistent())
          .isTrue();
      AptClient apt = apt(served, "apt");
      download(apt, "hello", archive.root().resolve("pool/main/h/hello/hello_1.0_amd64.deb"));
      download(apt, "srcpkg", archive.root().resolve("pool/main/s/srcpkg/srcpkg_1.0_all.deb"));

      Path debmirror = temp.resolve("debmirror");
      Command.of(
              "debmirror",
              "--method=http",
              "--host=127.0.0.1:" + upstream.port(),
              "--root=/",
              "--dist=" + DIST,
              "--section=main",
              "--arch=amd64",
              "--nosource",
              "--keyring=" + keyring,
              "--rsync-extra=none",
              "--diff=none",
              debmirror.toString())
          .timeout(Duration.ofMinutes(2))
          .runChecked();
      assertThat(files(mirror).stream().filter(f -> f.startsWith("pool/")))
          .containsExactlyInAnyOrderElementsOf(
              files(debmirror).stream().filter(f -> f.startsWith("pool/")).toList());
    }
  }

  @Test
  void anUpstreamCaughtMidUpdateKeepsTheOldIndicesUntilItIsWhole() throws Exception {
    try (RealServer upstream =
            RealServer.start(RealServer.Kind.NGINX_HTML, archive.root(), temp.resolve("n1"));
        RealServer served =
            RealServer.start(RealServer.Kind.NGINX_HTML, mirror(), temp.resolve("n2"))) {
      SyncRequest request = request(upstream);
      engine.sync(request);
      byte[] oldInRelease = Files.readAllBytes(mirror.resolve("dists/testing/InRelease"));
      byte[] oldPackages =
          Files.readAllBytes(mirror.resolve("dists/testing/main/binary-amd64/Packages.xz"));

      // the upstream's new indices are out; its new package is not yet (then only half of it)
      archive.includeDebs(DIST, "main", archive.buildDeb("newpkg", "1.0", "amd64"));
      Path pool = archive.root().resolve("pool/main/n/newpkg/newpkg_1.0_amd64.deb");
      byte[] whole = Files.readAllBytes(pool);
      Files.delete(pool);
      assertThatThrownBy(() -> engine.sync(request))
          .isInstanceOf(InconsistentMetadataException.class)
          .satisfies(
              e ->
                  assertThat(((InconsistentMetadataException) e).problems())
                      .singleElement()
                      .asString()
                      .contains("pool/main/n/newpkg/newpkg_1.0_amd64.deb"));
      stillServesTheOldIndices(served, "apt-missing", oldInRelease, oldPackages);

      // then half of it is there: the fetch fails its size check, the gate owns it (the
      // upstream serves another size than its index says); the indices stay held back
      Files.write(pool, Arrays.copyOf(whole, whole.length / 2));
      assertThatThrownBy(() -> engine.sync(request))
          .isInstanceOf(InconsistentMetadataException.class)
          .hasMessageContaining("pool/main/n/newpkg/newpkg_1.0_amd64.deb (size mismatch");
      stillServesTheOldIndices(served, "apt-partial", oldInRelease, oldPackages);

      Files.write(pool, whole);
      engine.sync(request);
      assertThat(mirror.resolve("dists/testing/InRelease"))
          .hasSameBinaryContentAs(archive.root().resolve("dists/testing/InRelease"));
      download(apt(served, "apt-whole"), "newpkg", pool);
    }
  }

  @Test
  void aTamperedReleaseWithAKeyringPublishesNothing() throws Exception {
    try (RealServer upstream =
        RealServer.start(RealServer.Kind.NGINX_HTML, archive.root(), temp.resolve("n1"))) {
      engine.sync(request(upstream));
      byte[] release = Files.readAllBytes(mirror.resolve("dists/testing/Release"));
      Set<String> before = files(mirror);
      Path upstreamRelease = archive.root().resolve("dists/testing/Release");
      Files.writeString(
          upstreamRelease,
          Files.readString(upstreamRelease).replace("Suite: testing", "Suite: evil"));

      assertThatThrownBy(() -> engine.sync(request(upstream)))
          .isInstanceOf(MetadataException.class)
          .hasMessageStartingWith("dists/testing/Release: bad signature");
      assertThat(mirror.resolve("dists/testing/Release")).hasBinaryContent(release);
      assertThat(files(mirror)).isEqualTo(before);

      mirror = temp.resolve("fresh");
      assertThatThrownBy(() -> engine.sync(request(upstream)))
          .isInstanceOf(MetadataException.class);
      assertThat(Files.exists(mirror) ? files(mirror) : Set.of()).isEmpty();
    }
  }

  @Test
  void aWholeTreeSyncKeepsEverythingAndIsGatedByTheSelection() throws Exception {
    try (RealServer upstream =
        RealServer.start(RealServer.Kind.NGINX_HTML, archive.root(), temp.resolve("n1"))) {
      engine.sync(request(upstream, false));

      assertThat(files(mirror)).isEqualTo(files(archive.root()));

      archive.includeDebs(DIST, "main", archive.buildDeb("newpkg", "1.0", "amd64"));
      Files.delete(archive.root().resolve("pool/main/n/newpkg/newpkg_1.0_amd64.deb"));
      assertThatThrownBy(() -> engine.sync(request(upstream, false)))
          .isInstanceOf(InconsistentMetadataException.class)
          .hasMessageContaining("pool/main/n/newpkg/newpkg_1.0_amd64.deb");
      assertThat(Files.readString(mirror.resolve("dists/testing/main/binary-amd64/Packages")))
          .doesNotContain("newpkg");
    }
  }

  @Test
  void theByHashCopiesAndTranslationsAreWhatAptFetches() throws Exception {
    TestArchive hand = new TestArchive(archive.root(), DIST);
    String md5 = TestArchive.hex("MD5", "test package hello\n".getBytes(UTF_8));
    byte[] en =
        ("Package: hello\nDescription-md5: " + md5 + "\nDescription-en: test package hello\n\n")
            .getBytes(UTF_8);
    hand.write("dists/testing/main/i18n/Translation-en.xz", TestArchive.xz(en));
    hand.writeRelease(
        TestArchive.header(DIST, "main contrib", "amd64 arm64"),
        true,
        List.of(new TestArchive.Listed("main/i18n/Translation-en", en)));
    hand.sign(gpg, key);
    try (RealServer upstream =
            RealServer.start(RealServer.Kind.NGINX_HTML, archive.root(), temp.resolve("n1"));
        RealServer served =
            RealServer.start(
                RealServer.Kind.NGINX_HTML,
                mirror(),
                temp.resolve("n2"),
                new RealServer.Extras(List.of(), true))) {
      engine.sync(request(upstream));

      AptClient apt = apt(served, "apt");
      download(apt, "hello", archive.root().resolve("pool/main/h/hello/hello_1.0_amd64.deb"));
      List<String> log = served.accessLog();
      assertThat(log)
          .anyMatch(l -> l.contains("/main/binary-amd64/by-hash/SHA256/") && l.contains(" 200 "))
          .anyMatch(l -> l.contains("/main/i18n/by-hash/SHA256/") && l.contains(" 200 "))
          .noneMatch(l -> l.contains(" 404 "));

      // why the translations are mirrored: apt fails without a Translation the Release lists
      try (Stream<Path> i18n = Files.walk(mirror.resolve("dists/testing/main/i18n"))) {
        for (Path p : i18n.filter(Files::isRegularFile).toList()) {
          Files.delete(p);
        }
      }
      AptClient without =
          AptClient.of(temp.resolve("apt-without"), served.uri(), DIST, "main", keyring);
      assertThat(without.update().exitCode()).isNotZero();
    }
  }

  private void stillServesTheOldIndices(
      RealServer served, String client, byte[] inRelease, byte[] packages) throws IOException {
    assertThat(mirror.resolve("dists/testing/InRelease")).hasBinaryContent(inRelease);
    assertThat(mirror.resolve("dists/testing/main/binary-amd64/Packages.xz"))
        .hasBinaryContent(packages);
    AptClient apt = apt(served, client);
    download(apt, "tool", archive.root().resolve("pool/main/t/tool/tool_2.0_amd64.deb"));
    assertThat(apt.download("newpkg").exitCode()).isNotZero();
  }

  /** The mirror's directory, made now so that nginx can serve it before the first sync. */
  private Path mirror() throws IOException {
    return Files.createDirectories(mirror);
  }
}
