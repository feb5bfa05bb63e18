package io.mirrorkit.internal.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The small state file of a mirror ({@code .mirrorkit/state.json}): the upstream, the last good
 * sync, the upstream marker's value then and the plan digest. Written atomically (temporary file,
 * fsync, rename).
 *
 * @param upstream the repository URI (no password) of the last good sync
 * @param lastGoodSync when it ended
 * @param marker SHA-256 of the upstream marker's content read before it, or null
 * @param listingDigest the digest of the listing it synced
 */
public record MirrorState(
    String upstream, Instant lastGoodSync, @Nullable String marker, String listingDigest) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path file(Path root) {
    return root.resolve(LocalMirror.RESERVED).resolve("state.json");
  }

  /** Reads the state, or null when there is none or it is unreadable (then nothing is skipped). */
  public static @Nullable MirrorState read(Path root) {
    Path file = file(root);
    try {
      if (!Files.exists(file)) {
        return null;
      }
      JsonNode n = JSON.readTree(Files.readString(file, UTF_8));
      JsonNode marker = n.get("marker");
      return new MirrorState(
          n.get("upstream").asText(),
          Instant.parse(n.get("lastGoodSync").asText()),
          marker == null || marker.isNull() ? null : marker.asText(),
          n.get("listingDigest").asText());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Writes the state atomically. */
  public void write(Path root) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("upstream", upstream);
    n.put("lastGoodSync", lastGoodSync.toString());
    n.put("marker", marker);
    n.put("listingDigest", listingDigest);
    AtomicFiles.write(file(root), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }
}
