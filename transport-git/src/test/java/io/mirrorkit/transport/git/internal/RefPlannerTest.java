package io.mirrorkit.transport.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.PlanAction;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.SyncOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;

/** The plan mapping, the digest and name checks, without any git. */
class RefPlannerTest {
  static final ObjectId A = ObjectId.fromString("1111111111111111111111111111111111111111");
  static final ObjectId B = ObjectId.fromString("2222222222222222222222222222222222222222");

  static Map<String, Ref> advertise(String... names) {
    Map<String, Ref> refs = new LinkedHashMap<>();
    for (String n : names) {
      refs.put(n, new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, n, A));
    }
    return refs;
  }

  @Test
  void changeCodesAreElevenCharactersAndDistinct() {
    for (RefChange.Kind k : RefChange.Kind.values()) {
      assertThat(k.code).hasSize(11);
      assertThat(RefChange.Kind.ofCode(k.code)).isEqualTo(k);
    }
  }

  @Test
  void actionsCarryTheRefNameAndObjectIds() {
    PlanAction create =
        RefPlanner.action(
            new RefChange("refs/heads/main", ObjectId.zeroId(), A, RefChange.Kind.CREATE));
    assertThat(create.kind()).isEqualTo(PlanAction.Kind.FETCH_NEW);
    assertThat(create.itemize()).isEqualTo(">r+++++++++ refs/heads/main");
    assertThat(create.entry().checksum().toString()).isEqualTo("SHA-1:" + A.name());
    PlanAction delete =
        RefPlanner.action(
            new RefChange("refs/tags/v1", B, ObjectId.zeroId(), RefChange.Kind.DELETE));
    assertThat(delete.kind()).isEqualTo(PlanAction.Kind.DELETE);
    assertThat(delete.entry().checksum().hex()).isEqualTo(B.name());
    PlanAction forced =
        RefPlanner.action(new RefChange("refs/heads/x", A, B, RefChange.Kind.FORCED));
    assertThat(forced.kind()).isEqualTo(PlanAction.Kind.FETCH_CHANGED);
    assertThat(forced.itemize()).isEqualTo(">r.forced.. refs/heads/x");
  }

  @Test
  void theDigestDependsOnNamesIdsAndHeadOnly() {
    Map<String, ObjectId> one = new TreeMap<>(Map.of("refs/heads/a", A, "refs/heads/b", B));
    Map<String, ObjectId> same = new TreeMap<>(Map.of("refs/heads/b", B, "refs/heads/a", A));
    assertThat(RefPlanner.digest(one, "refs/heads/a"))
        .isEqualTo(RefPlanner.digest(same, "refs/heads/a"));
    assertThat(RefPlanner.digest(one, "refs/heads/a"))
        .isNotEqualTo(RefPlanner.digest(one, "refs/heads/b"));
    Map<String, ObjectId> moved = new TreeMap<>(Map.of("refs/heads/a", B, "refs/heads/b", B));
    assertThat(RefPlanner.digest(one, null)).isNotEqualTo(RefPlanner.digest(moved, null));
  }

  @Test
  void defaultFiltersLeaveOutPullAndMergeRequestRefs() throws ProtocolException {
    RefPlanner planner = new RefPlanner(SyncOptions.defaults(), w -> {});
    Map<String, ObjectId> refs =
        planner.upstreamRefs(
            advertise(
                "HEAD",
                "refs/heads/main",
                "refs/pull/1/head",
                "refs/merge-requests/7/head",
                "refs/heads/pull/ok"),
            "test");
    assertThat(refs).containsOnlyKeys("refs/heads/main", "refs/heads/pull/ok");
  }

  @Test
  void invalidAdvertisedNamesAreRefused() {
    RefPlanner planner = new RefPlanner(SyncOptions.defaults(), w -> {});
    for (String bad :
        new String[] {
          "refs/heads/a..b", "refs/../x", "refs/heads/x.lock", "refs/heads/a\u0001b", "main"
        }) {
      assertThatThrownBy(() -> planner.upstreamRefs(advertise(bad), "test"))
          .as(bad)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("not valid");
    }
  }

  @Test
  void urisMapOntoJgit() {
    assertThat(GitUris.toJgit(URI.create("git+https://h.example/r.git")).toString())
        .isEqualTo("https://h.example/r.git");
    assertThat(GitUris.toJgit(URI.create("git://h.example:9418/r.git")).toString())
        .isEqualTo("git://h.example:9418/r.git");
    assertThatThrownBy(() -> GitUris.toJgit(URI.create("rsync://h/m/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rsync://");
  }
}
