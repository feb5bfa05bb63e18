package io.mirrorkit.internal.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The small state file of a mirror ({@code state.json} in its {@link StateDirectory}): the
 * upstream, the last good sync, the last check of the upstream, the upstream marker's value then
 * and the plan digest. Written atomically (temporary file, fsync, rename).
 *
 * @param upstream the repository URI (no password) of the last good sync
 * @param lastGoodSync when it ended
 * @param lastCheck when the upstream was last found in step with the mirror: the end of the last
 *     good sync, or a later sync that skipped because the upstream marker had not changed (a
 *     freshness check tells an idle mirror from a dead one by it)
 * @param marker SHA-256 of the upstream marker's content read before it, or null
 * @param listingDigest the digest of the listing it synced
 */
public record MirrorState(
    String upstream,
    Instant lastGoodSync,
    Instant lastCheck,
    @Nullable String marker,
    String listingDigest) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the state, or null when there is none or it is unreadable (then nothing is skipped). */
  public static @Nullable MirrorState read(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      return parse(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Parses the state as {@link #toJson()} writes it, or null when it is unreadable. */
  public static @Nullable MirrorState parse(byte[] json) {
    try {
      JsonNode n = JSON.readTree(new String(json, UTF_8));
      JsonNode marker = n.get("marker");
      Instant good = Instant.parse(n.get("lastGoodSync").asText());
      JsonNode check = n.get("lastCheck");
      return new MirrorState(
          n.get("upstream").asText(),
          good,
          check == null || check.isNull() ? good : Instant.parse(check.asText()),
          marker == null || marker.isNull() ? null : marker.asText(),
          n.get("listingDigest").asText());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The state of the last good sync from {@code upstream} (its URI without password), or null when
   * there is none or it came from another upstream, which says nothing about this one.
   */
  public static @Nullable MirrorState readFor(Path file, String upstream) {
    MirrorState state = read(file);
    return state != null && state.upstream().equals(upstream) ? state : null;
  }

  /** This state with the upstream checked again at {@code when}. */
  public MirrorState checked(Instant when) {
    return new MirrorState(upstream, lastGoodSync, when, marker, listingDigest);
  }

  /** Writes the state atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, toJson());
  }

  /** The state as a small JSON document. */
  public byte[] toJson() throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("upstream", upstream);
    n.put("lastGoodSync", lastGoodSync.toString());
    n.put("lastCheck", lastCheck.toString());
    n.put("marker", marker);
    n.put("listingDigest", listingDigest);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
  }
}
