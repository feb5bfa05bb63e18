package io.mirrorkit.transport.http.internal.listing;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Format;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Link;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * nginx's {@code autoindex_format json}: {@code [{"name":..,"type":..,"mtime":..,"size":..}]}, plus
 * testkit's exact {@code mtime_ns}. An entry with an unsafe name is skipped and a malformed size or
 * time taken as unknown, each noted in the page's problems; an entry without name or type, or text
 * that is no such array, fails the page. Not thread-safe: one per page.
 */
final class NginxJson {
  private static final Set<String> FIELDS = Set.of("name", "type", "mtime", "mtime_ns", "size");

  private final int maxLinks;
  private final Problems problems = new Problems();
  private final List<Link> links = new ArrayList<>();
  private boolean allNanos = true;

  NginxJson(int maxLinks) {
    this.maxLinks = maxLinks;
  }

  IndexPage parse(String body) throws ProtocolException {
    try {
      new MiniJson(body, FIELDS).readArrayOfObjects(this::entry);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          "expected nginx's JSON directory index (autoindex_format json), got: " + e.getMessage());
    }
    Duration precision = allNanos && !links.isEmpty() ? Duration.ofNanos(1) : Duration.ofSeconds(1);
    return new IndexPage(Format.NGINX_JSON, links, precision, problems.list());
  }

  private void entry(Map<String, Object> o) throws ProtocolException {
    Object name = o.get("name");
    Object type = o.get("type");
    if (!(name instanceof String) || !(type instanceof String)) {
      throw new ProtocolException(
          "expected nginx's JSON directory index: entry "
              + (links.size() + 1)
              + " has no name or type (it has "
              + o.keySet()
              + ")");
    }
    boolean directory = type.equals("directory");
    if (!directory && !type.equals("file")) {
      return; // "other": sockets, devices, broken links
    }
    String n = (String) name;
    if (n.indexOf('/') >= 0 || !MirrorPath.isValid(n)) {
      problems.add(n, "skipped: no safe file name (empty, '.', '..', '/', NUL or too long)");
      return;
    }
    if (links.size() >= maxLinks) {
      throw IndexParser.tooManyLinks(maxLinks);
    }
    long size = directory ? -1 : size(n, o.get("size"));
    String href = PathCodec.encodeSegment(n) + (directory ? "/" : "");
    links.add(new Link(href, directory, size, mtime(n, o)));
  }

  private long size(String name, @Nullable Object size) {
    if (size == null) {
      return -1;
    }
    if (size instanceof Long && (Long) size >= 0) {
      return (Long) size;
    }
    problems.add(name, "size " + Problems.quote(text(size)) + " is no size; taken as unknown");
    return -1;
  }

  private @Nullable Instant mtime(String name, Map<String, Object> o) {
    Object nanos = o.get("mtime_ns");
    if (nanos instanceof Long) {
      long n = (Long) nanos;
      return Instant.ofEpochSecond(
          Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }
    allNanos = false;
    if (nanos != null) {
      problems.add(name, "mtime_ns " + Problems.quote(text(nanos)) + " is no time; ignored");
    }
    Object t = o.get("mtime");
    if (t == null || t.equals("")) {
      return null;
    }
    try {
      return FixedDates.httpDate(text(t));
    } catch (DateTimeParseException e) {
      problems.add(name, "time " + Problems.quote(text(t)) + " is no valid time; taken as unknown");
      return null;
    }
  }

  private static String text(Object value) {
    return value instanceof MiniJson.OutOfRange
        ? ((MiniJson.OutOfRange) value).excerpt()
        : String.valueOf(value);
  }
}
