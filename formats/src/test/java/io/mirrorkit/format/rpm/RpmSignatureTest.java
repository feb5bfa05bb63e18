package io.mirrorkit.format.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.RepositoryIndex;
import io.mirrorkit.Selection;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.format.ThrowawayGpg;
import io.mirrorkit.internal.format.LocalVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repodata/repomd.xml.asc} (signed with the real gpg, as {@code gpg --detach-sign --armor
 * repomd.xml} signs it) checked against a keyring: good, tampered, by another key, absent; and a
 * sync with a keyring that publishes nothing when the signature is bad.
 */
class RpmSignatureTest {
  @TempDir Path temp;
  ThrowawayGpg gpg;
  Path root;
  Path keyring;
  Path otherKeyring;
  String key;

  @BeforeEach
  void setUp() throws IOException {
    gpg = ThrowawayGpg.create(temp.resolve("gnupg"));
    key = gpg.generateKey("RPM Repository <rpm@example.org>", "ed25519");
    String other = gpg.generateKey("Someone Else <else@example.org>", "ed25519");
    keyring = gpg.export(temp.resolve("keyring.gpg"), false, key);
    otherKeyring = gpg.export(temp.resolve("other.asc"), true, other);
    RpmFixtures.Built built = RpmFixtures.build(temp.resolve("build"));
    root = RpmFixtures.repo(temp.resolve("repo"), List.of(built.noarch(), built.x86_64()));
    sign();
  }

  void sign() throws IOException {
    Path repomd = root.resolve("repodata/repomd.xml");
    gpg.detachSign(repomd, root.resolve("repodata/repomd.xml.asc"), true, key);
  }

  @AfterEach
  void stopAgent() throws IOException {
    gpg.close();
  }

  RepositoryIndex read(Path keys) throws IOException {
    return new RpmFormat().read(LocalVerification.files(root), Selection.all(), keys);
  }

  @Test
  void aGoodSignatureReadsAndIsPublishedWithRepomd() throws Exception {
    RepositoryIndex index = read(keyring);
    assertThat(index.data().size()).isEqualTo(2);
    assertThat(index.metadata().get(1).paths())
        .containsExactly(
            MirrorPath.of("repodata/repomd.xml"), MirrorPath.of("repodata/repomd.xml.asc"));
  }

  @Test
  void aTamperedRepomdIsABadSignature() throws Exception {
    Path repomd = root.resolve("repodata/repomd.xml");
    Files.writeString(repomd, Files.readString(repomd).replace("<revision>", "<revision>1"));
    assertThatThrownBy(() -> read(keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("repodata/repomd.xml")
        .hasMessageContaining("bad signature");
  }

  @Test
  void aSignatureByAnotherKeyIsRefused() {
    assertThatThrownBy(() -> read(otherKeyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("repodata/repomd.xml")
        .hasMessageContaining("unknown key");
  }

  @Test
  void aMissingSignatureIsRefusedWithAKeyringOnly() throws Exception {
    Files.delete(root.resolve("repodata/repomd.xml.asc"));
    assertThat(read(null).data().size()).isEqualTo(2);
    assertThatThrownBy(() -> read(keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("not signed");
  }

  @Test
  void aSyncWithAKeyringPublishesNothingOfABadlySignedUpstream() throws Exception {
    Path mirror = temp.resolve("mirror");
    SyncRequest request =
        SyncRequest.of(
            Repository.of(root),
            mirror,
            SyncOptions.builder()
                .format(FormatOptions.of("rpm").withIndexOnly(true).withKeyring(keyring))
                .build());
    SyncEngine engine = SyncEngine.builder().build();
    engine.sync(request);
    byte[] good = Files.readAllBytes(mirror.resolve("repodata/repomd.xml"));
    assertThat(mirror.resolve("repodata/repomd.xml.asc")).exists();

    Path repomd = root.resolve("repodata/repomd.xml");
    Files.writeString(repomd, Files.readString(repomd).replace("<revision>", "<revision>1"));
    assertThatThrownBy(() -> engine.sync(request))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("bad signature");
    assertThat(mirror.resolve("repodata/repomd.xml")).hasBinaryContent(good);
  }
}
