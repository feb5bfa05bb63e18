package io.mirrorkit.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.Checksum;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;

/** JSON form of a {@link RemoteEntry}; unknown values are left out. */
public final class EntryJson {
  private EntryJson() {}

  /** One entry as a compact JSON object. */
  public static String write(RemoteEntry e) {
    return write(e, Json.MAPPER.createObjectNode()).toString();
  }

  static ObjectNode write(RemoteEntry e, ObjectNode n) {
    n.put("type", e.type().name().toLowerCase());
    n.put("path", e.path().toString());
    if (e.isFile() && e.size() != RemoteEntry.UNKNOWN) {
      n.put("size", e.size());
    }
    if (e.mtimeNanos() != RemoteEntry.UNKNOWN) {
      n.put("mtime", e.mtime().toString());
    }
    if (e.mode() != RemoteEntry.UNKNOWN_MODE) {
      n.put("mode", String.format("%04o", e.mode()));
    }
    if (e.linkTarget() != null) {
      n.put("target", e.linkTarget());
    }
    if (e.hardLinkGroup() != 0) {
      n.put("linkGroup", e.hardLinkGroup());
    }
    if (e.checksum() != null) {
      n.put("checksum", e.checksum().toString());
    }
    io.mirrorkit.Ownership o = e.ownership();
    if (o != null) {
      n.put("uid", o.uid());
      n.put("gid", o.gid());
      if (o.user() != null) {
        n.put("user", o.user());
      }
      if (o.group() != null) {
        n.put("group", o.group());
      }
    }
    return n;
  }

  static RemoteEntry read(JsonNode n) {
    MirrorPath path = MirrorPath.of(Json.text(n, "path"));
    String type = Json.text(n, "type");
    RemoteEntry e;
    switch (type) {
      case "file":
        e =
            RemoteEntry.file(
                path, n.has("size") ? n.get("size").asLong() : RemoteEntry.UNKNOWN, null);
        break;
      case "directory":
        e = RemoteEntry.directory(path, null);
        break;
      case "symlink":
        e = RemoteEntry.symlink(path, Json.text(n, "target"), null);
        break;
      default:
        throw new IllegalArgumentException("unknown entry type \"" + type + "\" for " + path);
    }
    if (n.has("mtime")) {
      e = e.withMtime(java.time.Instant.parse(n.get("mtime").asText()));
    }
    if (n.has("mode")) {
      e = e.withMode(Integer.parseInt(n.get("mode").asText(), 8));
    }
    if (n.has("linkGroup")) {
      e = e.withHardLinkGroup(n.get("linkGroup").asLong());
    }
    if (n.has("checksum")) {
      e = e.withChecksum(checksum(n.get("checksum").asText()));
    }
    if (n.has("uid") || n.has("gid")) {
      e =
          e.withOwnership(
              new io.mirrorkit.Ownership(
                  n.path("uid").asInt(io.mirrorkit.Ownership.UNKNOWN),
                  n.path("gid").asInt(io.mirrorkit.Ownership.UNKNOWN),
                  n.hasNonNull("user") ? n.get("user").asText() : null,
                  n.hasNonNull("group") ? n.get("group").asText() : null));
    }
    return e;
  }

  /** Parses {@link Checksum#toString()}: {@code ALGORITHM:hex}. */
  static Checksum checksum(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a checksum (ALGORITHM:hex): \"" + text + "\"");
    }
    return new Checksum(text.substring(0, colon), text.substring(colon + 1));
  }
}
