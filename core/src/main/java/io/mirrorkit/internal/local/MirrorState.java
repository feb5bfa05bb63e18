package io.mirrorkit.internal.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The small state file of a mirror ({@code state.json} in its {@link StateDirectory}): the
 * upstream, the last good sync, the last check of the upstream, the upstream marker's value then
 * and the plan digest. Written atomically (temporary file, rename), not forced: see {@link #write}.
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
  /**
   * Jackson's streaming layer: every sync reads and writes this file, and the object mapper would
   * load some five hundred classes into each short-lived CLI run for five strings.
   */
  private static final JsonFactory JSON = new JsonFactory();

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
    Map<String, String> n = new HashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren(); // a later version's field
        } else if (value != JsonToken.VALUE_NULL) {
          n.put(name, p.getText());
        }
      }
      Instant good = Instant.parse(n.get("lastGoodSync"));
      String check = n.get("lastCheck");
      String upstream = n.get("upstream");
      String digest = n.get("listingDigest");
      if (upstream == null || digest == null) {
        return null;
      }
      return new MirrorState(
          upstream, good, check == null ? good : Instant.parse(check), n.get("marker"), digest);
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

  /**
   * Writes the state atomically, without forcing it to disk: every sync writes it, a no-change one
   * too, and a forced write waits behind the disk's queue (after a large sync, the write-back of
   * its files; on a file system with a journal, the whole commit), which can take seconds. A crash
   * that loses it costs only a sync planned in full (an unreadable state reads as none, {@link
   * #parse}); the data it describes was forced before.
   */
  public void write(Path file) throws IOException {
    AtomicFiles.writeUnforced(file, toJson());
  }

  /** The state as a small JSON document. */
  public byte[] toJson() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("upstream", upstream);
      g.writeStringField("lastGoodSync", lastGoodSync.toString());
      g.writeStringField("lastCheck", lastCheck.toString());
      g.writeStringField("marker", marker);
      g.writeStringField("listingDigest", listingDigest);
      g.writeEndObject();
    }
    return out.toByteArray();
  }
}
