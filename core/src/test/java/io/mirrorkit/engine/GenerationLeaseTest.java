package io.mirrorkit.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Generation;
import io.mirrorkit.GenerationLease;
import io.mirrorkit.MirrorGenerations;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GenerationLease}: a generation a reader holds survives the pruning of the syncs that
 * publish after it, in this process and from another one, and is pruned by a later sync once it is
 * released or its holder dies.
 */
class GenerationLeaseTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();
  private int version;

  private Path target() {
    return temp.resolve("mirror");
  }

  /** Changes the upstream and syncs it, keeping two generations; returns the published id. */
  private String publish() throws IOException {
    version++;
    TreeBuilder.at(temp.resolve("up")).file("v.txt", "version " + version).file("same", "same");
    engine.sync(
        SyncRequest.of(
            Repository.of(temp.resolve("up")),
            target(),
            SyncOptions.builder().generations(2).build()));
    return ids().get(ids().size() - 1);
  }

  private List<String> ids() throws IOException {
    return MirrorGenerations.list(target()).stream().map(Generation::id).toList();
  }

  private Path generation(String id) {
    return target().resolve(".generations").resolve(id);
  }

  @Test
  void aLeasedGenerationSurvivesPruningAndALaterSyncPrunesItOnceReleased() throws Exception {
    String first = publish();
    GenerationLease lease = GenerationLease.resolve(target().resolve("current"));
    assertThat(lease.held()).isTrue();
    assertThat(lease.generation()).isEqualTo(first);
    assertThat(lease.directory()).isEqualTo(generation(first).toRealPath());

    String second = publish();
    String third = publish(); // would prune the first
    assertThat(ids()).containsExactly(first, second, third);
    assertThat(lease.directory().resolve("v.txt")).hasContent("version 1");
    String fourth = publish();
    assertThat(ids())
        .as("the leased one stays in place of the next oldest, which goes")
        .containsExactly(first, third, fourth);
    assertThat(names(lease.directory()))
        .as("the lease file is beside the generation, not in the served tree")
        .containsExactlyInAnyOrder("v.txt", "same");

    lease.close();
    lease.close(); // idempotent
    String fifth = publish();
    assertThat(ids()).containsExactly(fourth, fifth);
    assertThat(generation(first)).doesNotExist();
    assertThat(names(target().resolve(".generations")))
        .as("no lease file outlives its generation")
        .doesNotContain(first, first + ".json", first + ".lease")
        .noneMatch(n -> n.endsWith(".pruning"));
  }

  @Test
  void leasesInOneProcessAreCountedAndTheLastReleaseFreesTheGeneration() throws Exception {
    String first = publish();
    GenerationLease a = GenerationLease.resolve(target().resolve("current"));
    GenerationLease b = GenerationLease.resolve(target().resolve("current"));
    publish();
    publish();
    a.close();
    String fourth = publish();
    assertThat(ids()).as("b still holds it").contains(first);
    b.close();
    String fifth = publish();
    assertThat(ids()).containsExactly(fourth, fifth);
  }

  @Test
  void aPathInsideAGenerationIsLeasedAndOneOutsideHoldsNothing() throws Exception {
    TreeBuilder.at(temp.resolve("up")).file("sub/x", "x");
    String first = publish();
    try (GenerationLease inside = GenerationLease.resolve(target().resolve("current/sub"))) {
      assertThat(inside.generation()).isEqualTo(first);
      assertThat(inside.held()).isTrue();
      publish();
      publish();
      assertThat(ids()).contains(first);
    }
    try (GenerationLease plain = GenerationLease.resolve(temp.resolve("up"))) {
      assertThat(plain.held()).isFalse();
      assertThat(plain.generation()).isNull();
      assertThat(plain.directory()).isEqualTo(temp.resolve("up").toRealPath());
    }
    assertThatThrownBy(() -> GenerationLease.resolve(temp.resolve("nothing/current")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aLeaseHeldByAnotherProcessKeepsTheGenerationUntilThatProcessDies() throws Exception {
    String first = publish();
    Process holder = holder(target().resolve("current"));
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      assertThat(out.readLine()).as("the child's report").isEqualTo("leased " + first);

      String second = publish();
      String third = publish();
      assertThat(ids()).containsExactly(first, second, third);
      assertThat(generation(first).resolve("v.txt")).hasContent("version 1");

      holder.destroyForcibly(); // a crash: the OS drops the child's lock
      assertThat(holder.waitFor(1, TimeUnit.MINUTES)).isTrue();
      String fourth = publish();
      assertThat(ids()).containsExactly(third, fourth);
      assertThat(generation(first)).doesNotExist();
    } finally {
      holder.destroyForcibly();
    }
  }

  /** A child JVM that takes a lease on {@code path}, says so, and holds it until killed. */
  private static Process holder(Path path) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            LeaseHolder.class.getName(),
            path.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** The child: leases {@code args[0]}, prints {@code leased ID}, waits for its stdin to end. */
  public static final class LeaseHolder {
    public static void main(String[] args) throws IOException {
      GenerationLease lease = GenerationLease.resolve(Path.of(args[0]));
      System.out.println("leased " + lease.generation());
      System.out.flush();
      while (System.in.read() >= 0) {
        // held until killed
      }
      lease.close();
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
