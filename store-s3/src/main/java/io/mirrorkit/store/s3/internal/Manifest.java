package io.mirrorkit.store.s3.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * What the store knows of each entry beyond a listing's key, size and ETag: type, upstream time,
 * mode, link target, hard-link group, the upstream's validator (an HTTP ETag or Last-Modified), and
 * directories (which S3 does not have). A cache of the objects' metadata, kept as one object
 * outside the published prefix: an object whose size and ETag still match its item needs no HEAD;
 * one that does not (written by someone else, or by a sync that died before saving the manifest) is
 * read with a HEAD. Thread-safe.
 */
final class Manifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One entry, with the ETag of its object (null for a directory) and the upstream's validator of
   * its content (null when the upstream gave none).
   */
  record Item(RemoteEntry entry, @Nullable String etag, @Nullable String validator) {}

  private final Map<MirrorPath, Item> items = new ConcurrentSkipListMap<>();

  static Manifest parse(byte @Nullable [] json) {
    Manifest m = new Manifest();
    if (json == null) {
      return m;
    }
    try {
      for (JsonNode n : JSON.readTree(json).path("entries")) {
        String path = n.path("p").asText();
        if (!MirrorPath.isValid(path)) {
          continue;
        }
        MirrorPath p = MirrorPath.of(path);
        long mtime = n.has("m") ? n.get("m").asLong() : RemoteEntry.UNKNOWN;
        RemoteEntry e =
            switch (n.path("t").asText()) {
              case "d" -> RemoteEntry.directory(p, null);
              case "l" -> RemoteEntry.symlink(p, n.path("l").asText(), null);
              default -> RemoteEntry.file(p, n.path("s").asLong(), null);
            };
        e = e.withMtimeNanos(mtime);
        if (n.has("o")) {
          e = e.withMode(n.get("o").asInt());
        }
        if (n.has("g")) {
          e = e.withHardLinkGroup(n.get("g").asLong());
        }
        m.items.put(
            p,
            new Item(
                e,
                n.has("e") ? n.get("e").asText() : null,
                n.has("v") ? n.get("v").asText() : null));
      }
    } catch (IOException | RuntimeException e) {
      return new Manifest(); // a damaged cache: every object is read with a HEAD once
    }
    return m;
  }

  byte[] toJson() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ArrayNode entries = root.putArray("entries");
    for (Item it : items.values()) {
      RemoteEntry e = it.entry();
      ObjectNode n = entries.addObject();
      n.put("p", e.path().toString());
      n.put("t", e.isDirectory() ? "d" : e.isSymlink() ? "l" : "f");
      if (e.isFile()) {
        n.put("s", e.size());
      }
      if (e.mtimeNanos() != RemoteEntry.UNKNOWN) {
        n.put("m", e.mtimeNanos());
      }
      if (e.mode() != RemoteEntry.UNKNOWN_MODE) {
        n.put("o", e.mode());
      }
      if (e.linkTarget() != null) {
        n.put("l", e.linkTarget());
      }
      if (e.hardLinkGroup() != 0) {
        n.put("g", e.hardLinkGroup());
      }
      if (it.etag() != null) {
        n.put("e", it.etag());
      }
      if (it.validator() != null) {
        n.put("v", it.validator());
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  @Nullable Item get(MirrorPath path) {
    return items.get(path);
  }

  /** Records {@code entry}'s object, whose content no upstream validator vouches for. */
  void put(RemoteEntry entry, @Nullable String etag) {
    put(entry, etag, null);
  }

  void put(RemoteEntry entry, @Nullable String etag, @Nullable String validator) {
    items.put(entry.path(), new Item(entry, etag, validator));
  }

  void remove(MirrorPath path) {
    items.remove(path);
  }

  Map<MirrorPath, Item> items() {
    return items;
  }
}
