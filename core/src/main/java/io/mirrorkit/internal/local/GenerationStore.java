package io.mirrorkit.internal.local;

import io.mirrorkit.Checksum;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.MirrorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A local directory that keeps {@link Generations}: the plan is made against the published
 * generation and applied to a new one (a {@link LocalMirror} over {@code .generations/ID.building},
 * hard links to the published files), which {@link #publish} switches {@code current} to. A sync
 * that changes nothing builds none; a failed one discards its half-built generation.
 */
public final class GenerationStore implements MirrorStore {
  /** Opens the local store of one generation directory. */
  public interface Opener {
    LocalMirror open(Path root, boolean forWriting) throws IOException;
  }

  private final Generations generations;
  private final int keep;
  private final Opener opener;
  private final LocalMirror published;
  private @Nullable LocalMirror building;
  private @Nullable Path buildingDir;

  /**
   * @param generations the target's generations
   * @param keep how many to keep
   * @param opener opens a local store over a generation directory
   */
  public GenerationStore(Generations generations, int keep, Opener opener, Path target)
      throws IOException {
    this.generations = generations;
    this.keep = keep;
    this.opener = opener;
    Path current = generations.current();
    // a first generation plans against nothing: the target holds only the layout
    this.published =
        opener.open(
            current != null ? current : target.resolve(Generations.DIR).resolve("-"), false);
  }

  @Override
  public List<RemoteEntry> entries() throws IOException {
    return published.entries();
  }

  @Override
  public Checksum checksum(MirrorPath path, String algorithm) throws IOException {
    return published.checksum(path, algorithm);
  }

  @Override
  public java.io.@Nullable InputStream read(MirrorPath path) throws IOException {
    return published.read(path);
  }

  @Override
  public boolean vouched(MirrorPath path) {
    return published.vouched(path);
  }

  @Override
  public void apply(Update update, Fetcher fetcher) throws IOException {
    if (generations.current() != null && update.plan().actions().isEmpty()) {
      return; // nothing changed: the published generation stays, no new one is built
    }
    buildingDir = generations.build();
    building = opener.open(buildingDir, true);
    building.apply(update, fetcher);
  }

  @Override
  public void publish(String upstream, @Nullable String marker) throws IOException {
    if (buildingDir != null) {
      generations.publish(buildingDir, upstream, marker, keep);
      buildingDir = null;
    }
  }

  private LocalMirror building() {
    if (building == null) {
      throw new IllegalStateException("no generation is being built: apply() first");
    }
    return building;
  }

  @Override
  public FetchTarget open(FetchRequest request) throws IOException {
    return building().open(request);
  }

  @Override
  public void vanished(FetchRequest request, String detail) {
    building().vanished(request, detail);
  }

  @Override
  public void failed(FetchRequest request, String detail) {
    building().failed(request, detail);
  }

  @Override
  public boolean done(FetchRequest request) {
    return building().done(request);
  }

  @Override
  public FetchRequest again(FetchRequest request) {
    return building().again(request);
  }

  @Override
  public void awaitPublished() throws IOException {
    if (building != null) {
      building.awaitPublished();
    }
  }

  @Override
  public @Nullable IOException fatal() {
    return building == null ? null : building.fatal();
  }

  @Override
  public Map<MirrorPath, String> refused() {
    return building == null ? Map.of() : building.refused();
  }

  @Override
  public int discardHeld() throws IOException {
    return building == null ? 0 : building.discardHeld();
  }

  /** Closes the stores; a generation that was not published is discarded. */
  @Override
  public void close() throws IOException {
    published.close();
    if (building != null) {
      building.close();
    }
    if (buildingDir != null) {
      Path b = buildingDir;
      buildingDir = null;
      generations.discard(b); // a failed sync's generation is never published
    }
  }
}
