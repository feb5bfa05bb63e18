package io.mirrorkit.internal.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.UnsafePathException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream's validators of the mirror's files ({@code .mirrorkit/validators.json}): for each
 * file a transport gave one for (an HTTP {@code ETag} or {@code Last-Modified}), the validator and
 * the size and modification time the local copy had when it was published. A validator vouches for
 * the local copy only while the copy still has that size and time, so a file changed locally is
 * never reported current by a conditional request.
 *
 * <p>Thread-safe. Written atomically (temporary file, fsync, rename) at the end of a sync; a
 * missing or unreadable file is an empty store (the next sync then fetches without conditions).
 */
public final class ValidatorStore {
  private static final Logger log = LoggerFactory.getLogger(ValidatorStore.class);
  private static final JsonFactory JSON = new JsonFactory();

  /** One file's validator and the local copy it vouches for. */
  public record Entry(long size, long mtimeNanos, String validator) {}

  private final Map<MirrorPath, Entry> entries = new ConcurrentHashMap<>();
  private volatile boolean changed;

  /** An empty store. */
  public static ValidatorStore empty() {
    return new ValidatorStore();
  }

  /** An empty store that replaces the mirror's file when written (a new upstream). */
  public static ValidatorStore replacing() {
    ValidatorStore store = new ValidatorStore();
    store.changed = true;
    return store;
  }

  /** Reads the store from {@code file}; an empty store if there is none. */
  public static ValidatorStore read(Path file) {
    ValidatorStore store = new ValidatorStore();
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = JSON.createParser(in)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!field.equals("files")) {
          p.skipChildren();
          continue;
        }
        expect(t, JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_ARRAY) {
          p.nextToken();
          String path = p.getText();
          p.nextToken();
          long size = p.getLongValue();
          p.nextToken();
          long mtime = p.getLongValue();
          p.nextToken();
          String validator = p.getText();
          expect(p.nextToken(), JsonToken.END_ARRAY);
          try {
            store.entries.put(MirrorPath.parse(path), new Entry(size, mtime, validator));
          } catch (UnsafePathException e) {
            // not ours: ignore it
          }
        }
      }
    } catch (NoSuchFileException e) {
      return store;
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring unreadable {}: {}", file, e.toString());
      return new ValidatorStore();
    }
    return store;
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + ", found " + actual);
    }
  }

  /** Whether the store holds nothing. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The validator for the local copy of {@code path} with the given size and time, or null when
   * there is none or the copy changed since the validator was recorded.
   */
  public @Nullable String validator(MirrorPath path, long size, long mtimeNanos) {
    Entry e = entries.get(path);
    return e != null && e.size() == size && e.mtimeNanos() == mtimeNanos ? e.validator() : null;
  }

  /**
   * The validator for the file at {@code root/path} as it is on disk now, or null (also when the
   * listing gives the file another size than the copy has).
   */
  public @Nullable String validator(Path root, MirrorPath path, long listedSize) {
    if (!entries.containsKey(path)) {
      return null;
    }
    try {
      BasicFileAttributes a =
          Files.readAttributes(
              root.resolve(path.toString()), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || (listedSize >= 0 && listedSize != a.size())) {
        return null;
      }
      return validator(path, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    } catch (IOException e) {
      return null;
    }
  }

  /** Records the validator of a file just published with the given size and time. */
  public void put(MirrorPath path, long size, long mtimeNanos, String validator) {
    entries.put(path, new Entry(size, mtimeNanos, validator));
    changed = true;
  }

  /** Records {@code validator} for {@code path}, whose content is now the file {@code file}. */
  public void record(MirrorPath path, Path file, String validator) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    put(path, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), validator);
  }

  /** Forgets the validator of {@code path} (its content was replaced or it was deleted). */
  public void remove(MirrorPath path) {
    if (entries.remove(path) != null) {
      changed = true;
    }
  }

  /** Forgets every path {@code keep} rejects (files no longer in the listing). */
  public void retainAll(Predicate<MirrorPath> keep) {
    if (entries.keySet().removeIf(p -> !keep.test(p))) {
      changed = true;
    }
  }

  /** Writes the store atomically if it changed since it was read; removes an emptied file. */
  public void write(Path file) throws IOException {
    if (!changed) {
      return;
    }
    if (entries.isEmpty()) {
      Files.deleteIfExists(file);
      changed = false;
      return;
    }
    AtomicFiles.write(
        file,
        out -> {
          try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeArrayFieldStart("files");
            for (Map.Entry<MirrorPath, Entry> e : new TreeMap<>(entries).entrySet()) {
              g.writeRaw('\n');
              g.writeStartArray();
              g.writeString(e.getKey().toString());
              g.writeNumber(e.getValue().size());
              g.writeNumber(e.getValue().mtimeNanos());
              g.writeString(e.getValue().validator());
              g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
          }
        });
    changed = false;
  }
}
