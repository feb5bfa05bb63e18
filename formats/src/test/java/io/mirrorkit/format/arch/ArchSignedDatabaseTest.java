package io.mirrorkit.format.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a keyring, {@code core.db.sig} (repo-add --sign) must verify over {@code core.db}'s bytes: a
 * good signature reads, another key's or a database changed after signing is refused.
 */
class ArchSignedDatabaseTest {
  static final Selection CORE = Selection.builder().dist("core").build();

  @TempDir Path temp;
  TestKey key;
  ArchRepo repo;

  @BeforeEach
  void setUp() throws IOException {
    key = TestKey.create(temp.resolve("k"));
    repo = new ArchRepo(temp.resolve("repo"), temp.resolve("build")).signedBy(key);
    repo.add("core.db.tar.gz", repo.pkg("hello", "1.0-1", "x86_64", "hello"));
  }

  @AfterEach
  void tearDown() throws IOException {
    key.close();
  }

  RepositoryIndex read(Path keyring) throws IOException {
    return new ArchFormat().read(LocalVerification.files(repo.dir), CORE, keyring);
  }

  @Test
  void aDatabaseSignedByTheKeyringsKeyReads() throws Exception {
    RepositoryIndex index = read(key.keyring);

    assertThat(index.data().contains(MirrorPath.of("hello-1.0-1-x86_64.pkg.tar.zst"))).isTrue();
    assertThat(index.metadata().get(1).contains(MirrorPath.of("core.db.sig"))).isTrue();
  }

  @Test
  void aDatabaseSignedByAnotherKeyIsRefused() throws Exception {
    try (TestKey other = TestKey.create(temp.resolve("o"))) {
      assertThatThrownBy(() -> read(other.keyring))
          .isInstanceOfSatisfying(
              MetadataException.class, e -> assertThat(e.file()).hasToString("core.db"))
          .hasMessageContaining("unknown key");
    }
  }

  @Test
  void aDatabaseChangedAfterItWasSignedIsRefused() throws Exception {
    byte[] signature = Files.readAllBytes(repo.dir.resolve("core.db.sig"));
    new ArchRepo(repo.dir, temp.resolve("build2"))
        .add("core.db.tar.gz", repo.pkg("docs", "1.0-1", "any", "docs")); // unsigned
    Files.write(repo.dir.resolve("core.db.tar.gz.sig"), signature);
    Files.deleteIfExists(repo.dir.resolve("core.db.sig"));
    Files.createSymbolicLink(repo.dir.resolve("core.db.sig"), Path.of("core.db.tar.gz.sig"));

    assertThatThrownBy(() -> read(key.keyring))
        .isInstanceOfSatisfying(
            MetadataException.class, e -> assertThat(e.file()).hasToString("core.db"))
        .hasMessageContaining("bad signature");
  }
}
