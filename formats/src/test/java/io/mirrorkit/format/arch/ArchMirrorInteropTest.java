package io.mirrorkit.format.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.InconsistentMetadataException;
import io.mirrorkit.MirrorVerifier;
import io.mirrorkit.Repository;
import io.mirrorkit.Selection;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.VerifyReport;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.RealServer;
import io.mirrorkit.testkit.RsyncDaemon;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A repo-add repository (signed database, signed packages) served by nginx or the rsync daemon
 * (where {@code core.db} is a symlink), mirrored through {@link SyncEngine} with the {@code arch}
 * format (index-driven and whole-tree), the mirror served by nginx to the real pacman ({@code -Sy},
 * {@code -Sw}, signatures required); and the gate: an upstream caught mid-update (its database
 * names a package it does not serve yet) is not published, pacman keeps working against the old
 * database, and once the upstream is complete the next sync publishes.
 */
class ArchMirrorInteropTest {
  static final String HELLO_1 = "hello-1.0-1-x86_64.pkg.tar.zst";
  static final String HELLO_2 = "hello-1.1-1-x86_64.pkg.tar.zst";

  @TempDir Path temp;
  TestKey key;
  ArchRepo repo;
  Path mirror;
  final SyncEngine engine = SyncEngine.builder().build();

  @BeforeEach
  void setUp() throws IOException {
    key = TestKey.create(temp.resolve("k"));
    repo = new ArchRepo(temp.resolve("up/core/os/x86_64"), temp.resolve("build")).signedBy(key);
    mirror = temp.resolve("mirror");
    Path hello = repo.pkg("hello", "1.0-1", "x86_64", "hello, world");
    Path docs = repo.pkg("docs", "1.0-1", "any", "the documentation");
    repo.pkg("arm", "1.0-1", "aarch64", "not for x86_64");
    key.sign(hello);
    key.sign(docs);
    repo.add("core.db.tar.gz", hello, docs, repo.dir.resolve("arm-1.0-1-aarch64.pkg.tar.zst"));
  }

  @AfterEach
  void tearDown() throws Exception {
    key.close();
    engine.close();
  }

  SyncReport sync(URI upstream, boolean indexOnly) throws IOException {
    Selection selection = Selection.builder().dist("core").architecture("x86_64").build();
    FormatOptions format =
        FormatOptions.of("arch")
            .withSelection(selection)
            .withIndexOnly(indexOnly)
            .withKeyring(key.keyring);
    return engine.sync(
        SyncRequest.of(
            Repository.of(upstream),
            mirror,
            SyncOptions.builder().format(format).retries(0).build()));
  }

  /** A new pacman client (its own database) of the mirror, after {@code pacman -Sy}. */
  Pacman synced(RealServer server, String name) throws IOException {
    Pacman pacman = Pacman.of(temp.resolve("pacman-" + name), "core", server.uri(), key);
    Command.Result r = pacman.run("-Sy");
    assertThat(r.exitCode()).as("pacman -Sy: %s%s", r.stdout(), r.stderr()).isZero();
    return pacman;
  }

  /** {@code pacman -Sw hello} downloads the package file {@code file} as the upstream has it. */
  void downloads(Pacman pacman, String file) throws IOException {
    Command.Result r = pacman.run("-Sw", "hello");
    assertThat(r.exitCode()).as("pacman -Sw hello: %s%s", r.stdout(), r.stderr()).isZero();
    assertThat(pacman.cache().resolve(file)).hasSameBinaryContentAs(repo.dir.resolve(file));
  }

  /** The upstream's repository directory, served by nginx or the rsync daemon. */
  AutoCloseable serve(String transport, URI[] uri) throws IOException {
    if (transport.equals("rsync")) {
      RsyncDaemon daemon =
          RsyncDaemon.builder(temp.resolve("rsyncd")).module("up", temp.resolve("up")).start();
      uri[0] = URI.create(daemon.uri("up") + "core/os/x86_64/");
      return daemon;
    }
    RealServer server =
        RealServer.start(RealServer.Kind.NGINX_HTML, temp.resolve("up"), temp.resolve("nginx-up"));
    uri[0] = server.uri().resolve("core/os/x86_64/");
    return server;
  }

  @ParameterizedTest(name = "{0}, indexOnly={1}")
  @CsvSource({"http,true", "http,false", "rsync,true", "rsync,false"})
  void pacmanUsesTheMirrorAndTheGateKeepsTheOldDatabaseDuringAnUpstreamUpdate(
      String transport, boolean indexOnly) throws Exception {
    Files.createDirectories(mirror);
    URI[] uri = new URI[1];
    try (AutoCloseable up = serve(transport, uri);
        RealServer down =
            RealServer.start(RealServer.Kind.NGINX_HTML, mirror, temp.resolve("nginx-mirror"))) {
      URI upstream = uri[0];
      sync(upstream, indexOnly);
      for (String f : new String[] {"core.db", "core.db.sig", "core.files", HELLO_1 + ".sig"}) {
        assertThat(mirror.resolve(f)).hasSameBinaryContentAs(repo.dir.resolve(f));
      }
      if (indexOnly) {
        assertThat(mirror.resolve("arm-1.0-1-aarch64.pkg.tar.zst")).doesNotExist();
      }
      downloads(synced(down, "first"), HELLO_1);
      byte[] oldDb = Files.readAllBytes(mirror.resolve("core.db"));

      // mid-update: the database names hello 1.1, whose package (and signature) is not there yet
      Path hello2 = repo.pkg("hello", "1.1-1", "x86_64", "hello again, world");
      key.sign(hello2);
      repo.add("core.db.tar.gz", hello2);
      Path aside = Files.createDirectories(temp.resolve("aside"));
      Files.move(hello2, aside.resolve(HELLO_2));
      Files.move(repo.dir.resolve(HELLO_2 + ".sig"), aside.resolve(HELLO_2 + ".sig"));
      assertThatThrownBy(() -> sync(upstream, indexOnly))
          .isInstanceOfSatisfying(
              InconsistentMetadataException.class,
              e -> assertThat(e.problems()).anyMatch(p -> p.contains(HELLO_2)))
          .hasMessageContaining("keeps its previous metadata");
      assertThat(mirror.resolve("core.db")).hasBinaryContent(oldDb);
      downloads(synced(down, "mid-update"), HELLO_1);

      // the upstream completes: the next sync publishes, and pacman gets hello 1.1
      Files.move(aside.resolve(HELLO_2), hello2);
      Files.move(aside.resolve(HELLO_2 + ".sig"), repo.dir.resolve(HELLO_2 + ".sig"));
      sync(upstream, indexOnly);
      assertThat(mirror.resolve("core.db")).hasSameBinaryContentAs(repo.dir.resolve("core.db"));
      downloads(synced(down, "after"), HELLO_2);
      VerifyReport verified =
          MirrorVerifier.verify(
              mirror,
              FormatOptions.of("arch")
                  .withSelection(Selection.builder().dist("core").architecture("x86_64").build()),
              false);
      assertThat(verified.consistent()).as("%s", verified).isTrue();
    }
  }
}
