package io.mirrorkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncRequest;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemesTest {
  @TempDir Path temp;

  @Test
  void aTypoNamesTheInstalledSchemesAndTheClosestOne() {
    // core alone has file://: a typo of a known transport's scheme still finds it
    assertThatThrownBy(
            () ->
                SyncEngine.builder()
                    .build()
                    .sync(SyncRequest.of(Repository.of("rsnyc://host/mod/"), temp.resolve("m"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown URI scheme 'rsnyc://'")
        .hasMessageContaining("mirrorkit syncs from file://")
        .hasMessageContaining("did you mean rsync://?")
        .hasMessageNotContaining("mirrorkit-transport-rsnyc");
  }

  @Test
  void aKnownSchemeWithoutItsTransportNamesTheArtifact() {
    assertThat(Schemes.unknown("ftp", Set.of("file")))
        .contains("add the artifact io.mirrorkit:mirrorkit-transport-ftp");
  }

  @Test
  void somethingUnlikeAnySchemeGetsNoGuess() {
    assertThat(Schemes.unknown("gopher", Set.of("file", "rsync"))).doesNotContain("did you mean");
    assertThat(Schemes.distance("rsnyc", "rsync")).isEqualTo(1);
    assertThat(Schemes.distance("ftp", "ftp")).isZero();
  }
}
