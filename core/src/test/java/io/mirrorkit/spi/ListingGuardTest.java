package io.mirrorkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ListingLimits;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingGuardTest {
  private static final String UP = "ftp://example.org/pub/";

  @Test
  void depthBeyondTheLimitFailsNamingThePath() throws Exception {
    ListingGuard guard = ListingGuard.start(ListingLimits.defaults().withMaxDepth(3), UP);
    guard.enter(null);
    guard.enter(MirrorPath.of("a/b/c"));
    assertThatThrownBy(() -> guard.enter(MirrorPath.of("a/b/c/d")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(UP)
        .hasMessageContaining("deeper than 3 levels")
        .hasMessageContaining("a/b/c/d");
  }

  @Test
  void entriesBeyondTheLimitFail() throws Exception {
    ListingGuard guard = ListingGuard.start(ListingLimits.defaults().withMaxEntries(10), UP);
    guard.entries(null, 6);
    assertThatThrownBy(() -> guard.entries(MirrorPath.of("x"), 5))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 10 entries")
        .hasMessageContaining("\"x\"");
  }

  @Test
  void aDirectoryRepeatingAnAncestorIsALoop() throws Exception {
    ListingGuard guard = ListingGuard.start(ListingLimits.defaults(), UP);
    List<String> same = List.of("d loop", "f file 12 2020");
    guard.contents(null, List.of("d a"));
    guard.contents(MirrorPath.of("a"), same);
    guard.contents(MirrorPath.of("a/b"), List.of("f other 1 2020")); // differs: fine
    assertThatThrownBy(() -> guard.contents(MirrorPath.of("a/loop"), same))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("\"a/loop\" with exactly the entries of its ancestor \"a\"");
    // a sibling with the same entries is no loop, nor are empty directories
    guard.contents(MirrorPath.of("c"), same);
    guard.contents(MirrorPath.of("a/b/e"), List.of());
    guard.contents(MirrorPath.of("a/b/e/f"), List.of());
  }

  @Test
  void theOrderOfEntriesDoesNotMatterForTheLoopCheck() throws Exception {
    ListingGuard guard = ListingGuard.start(ListingLimits.defaults(), UP);
    guard.contents(MirrorPath.of("a"), List.of("x", "y", "loop"));
    assertThatThrownBy(() -> guard.contents(MirrorPath.of("a/loop"), List.of("loop", "y", "x")))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void theWholeListingTimesOut() throws Exception {
    ListingGuard guard =
        ListingGuard.start(ListingLimits.defaults().withListingTimeout(Duration.ofNanos(1)), UP);
    // the clock has moved past one nanosecond by the time the guard is asked
    assertThatThrownBy(() -> guard.enter(MirrorPath.of("a")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("took longer than 0 ms");
    assertThat(guard.directoryTimeout()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void limitsValidateTheirValues() {
    assertThatThrownBy(() -> ListingLimits.defaults().withMaxDepth(0))
        .hasMessageContaining("maxDepth (0)");
    assertThatThrownBy(() -> ListingLimits.defaults().withDirectoryTimeout(Duration.ZERO))
        .hasMessageContaining("directoryTimeout (PT0S)");
  }
}
