package io.mirrorkit.service.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.service.internal.StateStore;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The freshness of one mirror at one check. Immutable.
 *
 * @param url the mirror's base URL, as given
 * @param verdict fresh, stale, updating or down
 * @param reachable whether its files could be read
 * @param version the upstream version it has: a trace's {@code Archive serial:}, Arch's {@code
 *     lastupdate}, IUS {@code CURRENT}'s digest, {@code repomd.xml}'s revision; or null
 * @param versionTime when that version was made (the master trace's date, the epoch of {@code
 *     lastupdate}), or null
 * @param age Debian's mirror checker rule: zero while the mirror has the upstream's current
 *     version, else the time since the upstream moved past the mirror's version (from the history's
 *     upstream versions; the fallbacks are in {@link MirrorChecker}); with no upstream, since its
 *     last sync; null when unknown
 * @param lastSync when it last synced (its own trace, or Arch's {@code lastsync}), or null
 * @param updating whether it announces an update in progress ({@code Archive-Update-in-Progress-*})
 * @param software the software its trace names ({@code Creator:} or {@code Used ftpsync version:})
 * @param error why it is down or has no evidence, or null
 * @param checked when the check began
 * @param duration how long the check took
 */
public record MirrorCheck(
    String url,
    Verdict verdict,
    boolean reachable,
    @Nullable String version,
    @Nullable Instant versionTime,
    @Nullable Duration age,
    @Nullable Instant lastSync,
    boolean updating,
    @Nullable String software,
    @Nullable String error,
    Instant checked,
    Duration duration) {

  /** The verdict of a check. */
  public enum Verdict {
    /** Reachable, not updating, age within the limit. */
    FRESH,
    /** Reachable but older than the limit, or without freshness evidence. */
    STALE,
    /**
     * In the middle of an update ({@code Archive-Update-in-Progress-*}), not older than allowed.
     */
    UPDATING,
    /** Unreachable, or the check timed out. */
    DOWN;

    /** The lower-case name of the JSON output. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The JSON object of {@code mirrorkit check --json}. */
  public ObjectNode toJson() {
    ObjectNode n = StateStore.JSON.createObjectNode();
    n.put("url", url).put("verdict", verdict.label()).put("reachable", reachable);
    n.put("version", version);
    n.put("versionTime", versionTime == null ? null : versionTime.toString());
    if (age == null) {
      n.putNull("ageSeconds");
    } else {
      n.put("ageSeconds", age.toSeconds());
    }
    n.put("lastSync", lastSync == null ? null : lastSync.toString());
    n.put("updating", updating).put("software", software).put("error", error);
    n.put("checked", checked.toString()).put("durationMillis", duration.toMillis());
    return n;
  }
}
