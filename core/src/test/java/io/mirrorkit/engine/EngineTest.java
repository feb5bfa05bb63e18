package io.mirrorkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.PlanMismatchException;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  private SyncRequest request(Path upstream, Path mirror, SyncOptions options) {
    return SyncRequest.of(Repository.of(upstream), mirror, options);
  }

  @Test
  void markerUnchangedSkipsTheSync() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("CURRENT", "1").file("a", "a").root();
    Path mirror = temp.resolve("mirror");
    SyncOptions options = SyncOptions.builder().marker(UpstreamMarker.of("CURRENT")).build();
    assertThat(engine.sync(request(up, mirror, options)).skipped()).isFalse();

    TreeBuilder.at(up).file("b", "new but marker unchanged");
    SyncReport second = engine.sync(request(up, mirror, options));
    assertThat(second.skipped()).isTrue();
    assertThat(mirror.resolve("b")).doesNotExist();

    TreeBuilder.at(up).file("CURRENT", "2");
    SyncReport third = engine.sync(request(up, mirror, options));
    assertThat(third.skipped()).isFalse();
    assertThat(mirror.resolve("b")).exists();
  }

  @Test
  void missingMarkerSyncsWithAWarning() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    SyncOptions options = SyncOptions.builder().marker(UpstreamMarker.of("CURRENT")).build();
    SyncReport report = engine.sync(request(up, temp.resolve("m"), options));
    assertThat(report.skipped()).isFalse();
    assertThat(report.warnings()).anyMatch(w -> w.contains("CURRENT"));
  }

  @Test
  void executeCarriesOutAnApprovedPlanFromJson() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").file("d/b", "b").root();
    Path mirror = temp.resolve("mirror");
    SyncRequest request = request(up, mirror, SyncOptions.defaults());
    SyncPlan plan = engine.plan(request);
    assertThat(mirror.resolve("a")).doesNotExist(); // plan() changes nothing
    SyncPlan restored = SyncPlan.fromJson(plan.toJson(), request);
    assertThat(restored.actions()).isEqualTo(plan.actions());
    assertThat(restored.listingDigest()).isEqualTo(plan.listingDigest());
    engine.execute(restored);
    assertThat(mirror.resolve("d/b")).hasContent("b");
  }

  @Test
  void executeRefusesWhenTheUpstreamMoved() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    SyncRequest request = request(up, temp.resolve("mirror"), SyncOptions.defaults());
    SyncPlan plan = engine.plan(request);
    TreeBuilder.at(up).file("a", "changed");
    assertThatThrownBy(() -> engine.execute(plan))
        .isInstanceOf(PlanMismatchException.class)
        .hasMessageContaining("changed since the plan was made");
  }

  @Test
  void planIsItemizedLikeRsync() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("a", "a")
            .dir("d")
            .symlink("l", "a")
            .hardLink("h", "a")
            .root();
    Path mirror = TreeBuilder.at(temp.resolve("mirror")).file("old", "x").root();
    SyncPlan plan =
        engine.plan(
            request(up, mirror, SyncOptions.builder().deletePolicy(DeletePolicy.AFTER).build()));
    assertThat(plan.itemize())
        .contains(">f+++++++++ a\n")
        .contains("cd+++++++++ d/\n")
        .contains("cL+++++++++ l -> a\n")
        .contains("hf+++++++++ h => a\n")
        .contains("*deleting   old\n");
    assertThat(plan.deletions()).isEqualTo(1);
  }

  @Test
  void neverWritesThroughALocalSymlink() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Path up = TreeBuilder.at(temp.resolve("up")).file("sub/x", "upstream").root();
    Path mirror = Files.createDirectories(temp.resolve("mirror"));
    Files.createSymbolicLink(mirror.resolve("sub"), outside);
    engine.sync(request(up, mirror, SyncOptions.defaults()));
    assertThat(outside).isEmptyDirectory();
    assertThat(Files.isSymbolicLink(mirror.resolve("sub"))).isFalse();
    assertThat(mirror.resolve("sub/x")).hasContent("upstream");
  }

  @Test
  void lastStageFilesArePublishedAfterAllData() throws Exception {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("pool/a.rpm", "a")
            .file("pool/b.rpm", "b")
            .file("repodata/repomd.xml", "index")
            .root();
    Path mirror = temp.resolve("mirror");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    SyncListener spy =
        new SyncListener() {
          @Override
          public void fileFinished(MirrorPath path, long bytes) {
            // when each file is done: is it at its final path, and is the index?
            seen.add(
                path
                    + ": self="
                    + Files.exists(mirror.resolve(path.toString()))
                    + " index="
                    + Files.exists(mirror.resolve("repodata/repomd.xml")));
          }
        };
    SyncOptions options = SyncOptions.builder().lastStage("repodata/***").parallelism(1).build();
    engine.sync(request(up, mirror, options).withListener(spy));
    // data is published as it arrives; the index waits, invisible, until all data is in
    assertThat(seen)
        .containsExactlyInAnyOrder(
            "pool/a.rpm: self=true index=false",
            "pool/b.rpm: self=true index=false",
            "repodata/repomd.xml: self=false index=false");
    assertThat(mirror.resolve("repodata/repomd.xml")).hasContent("index");
  }

  @Test
  void delayUpdatesPublishesNothingUntilAllArrived() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").file("b", "b").root();
    Path mirror = temp.resolve("mirror");
    List<Boolean> aVisible = Collections.synchronizedList(new ArrayList<>());
    SyncListener spy =
        new SyncListener() {
          @Override
          public void fileFinished(MirrorPath path, long bytes) {
            aVisible.add(Files.exists(mirror.resolve("a")));
          }
        };
    SyncOptions options = SyncOptions.builder().delayUpdates(true).parallelism(1).build();
    engine.sync(request(up, mirror, options).withListener(spy));
    assertThat(aVisible).containsExactly(false, false);
    assertThat(mirror.resolve("a")).hasContent("a");
  }

  @Test
  void leftoversOfAKilledRunAreRemoved() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("d/a", "a").root();
    Path mirror =
        TreeBuilder.at(temp.resolve("mirror")).file("d/.~mk0123456789abcdef.part", "half").root();
    engine.sync(request(up, mirror, SyncOptions.defaults()));
    assertThat(mirror.resolve("d/.~mk0123456789abcdef.part")).doesNotExist();
    assertThat(mirror.resolve("d/a")).hasContent("a");
  }

  @Test
  void hostileListingsAreRefused() throws Exception {
    MirrorPath x = MirrorPath.of("x");
    List<RemoteEntry> duplicate =
        List.of(RemoteEntry.file(x, 1, null), RemoteEntry.file(x, 2, null));
    assertThatThrownBy(() -> syncFake(duplicate))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("\"x\" twice");
    List<RemoteEntry> insideFile =
        List.of(RemoteEntry.file(x, 1, null), RemoteEntry.file(MirrorPath.of("x/y"), 1, null));
    assertThatThrownBy(() -> syncFake(insideFile))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("not a directory");
    assertThat(temp.resolve("fake-mirror/x")).doesNotExist();
  }

  @Test
  void reservedNameFromUpstreamIsSkipped() throws Exception {
    List<RemoteEntry> listing = List.of(RemoteEntry.directory(MirrorPath.of(".mirrorkit"), null));
    SyncReport report = syncFake(listing);
    assertThat(report.warnings()).anyMatch(w -> w.contains("reserved"));
  }

  @Test
  void twoDiscoveredProvidersForOneSchemeFailLoudly() throws Exception {
    Path services = Files.createDirectories(temp.resolve("cp/META-INF/services"));
    Files.writeString(
        services.resolve(TransportProvider.class.getName()),
        ConflictA.class.getName() + "\n" + ConflictB.class.getName() + "\n");
    try (var loader =
        new java.net.URLClassLoader(
            new java.net.URL[] {temp.resolve("cp").toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> SyncEngine.builder().classLoader(loader).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("\"fake\"")
          .hasMessageContaining(ConflictA.class.getName())
          .hasMessageContaining(ConflictB.class.getName());
      // an explicit provider settles the conflict
      SyncEngine.builder().classLoader(loader).provider(new FakeProvider(List.of())).build();
    }
  }

  /** Discovered provider for "fake". */
  public static final class ConflictA extends Delegating {
    public ConflictA() {
      super("a");
    }
  }

  /** A second discovered provider for "fake". */
  public static final class ConflictB extends Delegating {
    public ConflictB() {
      super("b");
    }
  }

  abstract static class Delegating implements TransportProvider {
    private final String name;

    Delegating(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> schemes() {
      return Set.of("fake");
    }

    @Override
    public Transport create() {
      return new FakeProvider(List.of());
    }
  }

  @Test
  void closingTheEngineClosesItsTransportsAndEndsItsUse() throws Exception {
    java.util.concurrent.atomic.AtomicInteger closed =
        new java.util.concurrent.atomic.AtomicInteger();
    TransportProvider file = new io.mirrorkit.internal.file.FileTransportProvider();
    TransportProvider counting =
        new TransportProvider() {
          @Override
          public String name() {
            return file.name();
          }

          @Override
          public Set<String> schemes() {
            return file.schemes();
          }

          @Override
          public Transport create() {
            Transport t = file.create();
            return new Transport() {
              @Override
              public Set<io.mirrorkit.spi.Capability> capabilities() {
                return t.capabilities();
              }

              @Override
              public io.mirrorkit.spi.Session open(
                  Repository r, SyncOptions o, io.mirrorkit.spi.SessionContext c)
                  throws IOException {
                return t.open(r, o, c);
              }

              @Override
              public void close() {
                closed.incrementAndGet();
              }
            };
          }
        };
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    SyncEngine own = SyncEngine.builder().discoverProviders(false).provider(counting).build();
    SyncRequest request =
        SyncRequest.of(Repository.of(up), temp.resolve("m"), SyncOptions.defaults());
    own.sync(request);
    own.close();
    assertThat(closed.get()).as("the transport the sync used is closed").isEqualTo(1);
    own.close();
    assertThat(closed.get()).as("closing twice does nothing").isEqualTo(1);
    assertThatThrownBy(() -> own.sync(request))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void unknownSchemeNamesWhatIsInstalledAndNoArtifactThatDoesNotExist() {
    SyncRequest request =
        SyncRequest.of(Repository.of("gopher://host/x"), temp.resolve("m"), SyncOptions.defaults());
    assertThatThrownBy(() -> engine.plan(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown URI scheme 'gopher://'")
        .hasMessageContaining("file://")
        .hasMessageNotContaining("mirrorkit-transport-gopher");
  }

  @Test
  void aKnownSchemeWhoseTransportIsMissingNamesTheArtifactToAdd() {
    SyncRequest request =
        SyncRequest.of(Repository.of("rsync://host/x"), temp.resolve("m"), SyncOptions.defaults());
    assertThatThrownBy(() -> engine.plan(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io.mirrorkit:mirrorkit-transport-rsync");
  }

  @Test
  void whatTheTransportCannotGiveIsDecidedInCoreWithOneWarningEach() throws Exception {
    List<RemoteEntry> listing = List.of(RemoteEntry.file(MirrorPath.of("a"), 1, null));
    SyncEngine fake =
        SyncEngine.builder().discoverProviders(false).provider(new FakeProvider(listing)).build();
    SyncOptions asking =
        SyncOptions.builder()
            .compareMode(io.mirrorkit.CompareMode.CHECKSUM)
            .preserve(
                java.util.EnumSet.of(io.mirrorkit.Preserve.TIMES, io.mirrorkit.Preserve.OWNER))
            .build();
    SyncPlan plan =
        fake.plan(SyncRequest.of(Repository.of("fake://host/x"), temp.resolve("m"), asking));
    SyncReport report =
        fake.sync(SyncRequest.of(Repository.of("fake://host/x"), temp.resolve("m"), asking));
    assertThat(report.warnings())
        .filteredOn(w -> w.contains("--checksum"))
        .singleElement()
        .asString()
        .contains("fake://")
        .contains("size and time");
    assertThat(report.warnings())
        .filteredOn(w -> w.contains("-o/-g"))
        .singleElement()
        .asString()
        .contains("fake://");
    assertThat(plan.actions()).isNotEmpty();
  }

  private SyncReport syncFake(List<RemoteEntry> listing) throws IOException {
    SyncEngine fake =
        SyncEngine.builder().discoverProviders(false).provider(new FakeProvider(listing)).build();
    return fake.sync(
        SyncRequest.of(
            Repository.of("fake://upstream/"),
            temp.resolve("fake-mirror"),
            SyncOptions.builder().retryBackoff(Duration.ZERO).build()));
  }

  /** A transport whose listing is scripted and whose files are all one byte long. */
  static final class FakeProvider implements TransportProvider, Transport {
    private final List<RemoteEntry> listing;

    FakeProvider(List<RemoteEntry> listing) {
      this.listing = listing;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("fake", "file");
    }

    @Override
    public Transport create() {
      return this;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public Session open(Repository repository, SyncOptions options, SessionContext context) {
      return new Session() {
        @Override
        public Listing list(ListRequest request) {
          return new Listing(listing, Duration.ofNanos(1));
        }

        @Override
        public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
          for (FetchRequest r : requests) {
            try (var target = sink.open(r)) {
              target.output().write('x');
              target.complete();
            }
          }
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void planActionStagesFollowKinds() {
    RemoteEntry file = RemoteEntry.file(MirrorPath.of("a"), 1, null);
    assertThat(
            new PlanAction(PlanAction.Kind.FETCH_NEW, file.path(), file, null, false, true, "")
                .stage())
        .isEqualTo(SyncPlan.Stage.LAST);
  }
}
