package io.mirrorkit.transport.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/** Which ref deletions must go before the rest of a sync's ref updates. */
class GitUpdateTest {
  static final ObjectId A = RefPlannerTest.A;
  static final ObjectId B = RefPlannerTest.B;

  static RefChange create(String name) {
    return new RefChange(name, ObjectId.zeroId(), A, RefChange.Kind.CREATE);
  }

  static RefChange delete(String name) {
    return new RefChange(name, A, ObjectId.zeroId(), RefChange.Kind.DELETE);
  }

  @Test
  void aDeletionThatFreesTheNameOfANewRefGoesFirst() {
    RefChange below = delete("refs/heads/x/y");
    RefChange above = delete("refs/heads/d");
    List<RefChange> changes =
        List.of(
            create("refs/heads/x"),
            below,
            above,
            create("refs/heads/d/e/f"),
            new RefChange("refs/heads/m", A, B, RefChange.Kind.FORCED));
    assertThat(GitUpdate.freeingDeletions(changes)).containsExactly(below, above);
  }

  @Test
  void namesThatOnlyShareAPrefixDoNotConflict() {
    List<RefChange> changes =
        List.of(
            create("refs/heads/x"),
            delete("refs/heads/xy"),
            delete("refs/heads/x-y/z"),
            create("refs/heads/ab/c"),
            delete("refs/heads/a"),
            delete("refs/tags/x"));
    assertThat(GitUpdate.freeingDeletions(changes)).isEmpty();
  }
}
