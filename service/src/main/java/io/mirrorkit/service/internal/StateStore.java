package io.mirrorkit.service.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The service's state of each mirror, one JSON file each ({@code STATE_DIR/NAME.json}), written
 * atomically so that {@code mirrorkit status} can read it without a running service: last check,
 * last good sync, last result, the marker key of the last good sync, counters for the metrics.
 */
public final class StateStore {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public StateStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The state of {@code mirror}, or an empty object. */
  public synchronized ObjectNode read(String mirror) {
    Path f = dir.resolve(mirror + ".json");
    try {
      if (Files.isRegularFile(f)) {
        return (ObjectNode) JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
      }
    } catch (IOException | ClassCastException e) {
      // an unreadable state is no state: the next sync does not skip
    }
    return JSON.createObjectNode();
  }

  /** Replaces the state of {@code mirror}. */
  public synchronized void write(String mirror, ObjectNode state) throws IOException {
    Files.createDirectories(dir);
    writeAtomically(dir.resolve(mirror + ".json"), state.toPrettyString());
  }

  /** Where a run's report goes, for hooks ({@code MIRRORKIT_REPORT}). */
  public Path reportFile(String mirror) {
    return dir.resolve(mirror + ".report.json");
  }

  /** Writes {@code text} to a temporary sibling and renames it over {@code file}. */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
