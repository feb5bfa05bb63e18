package io.mirrorkit.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The directory index pages testkit's {@code HttpUpstream} serves, as the real servers write them.
 */
public final class IndexRenderer {
  private static final DateTimeFormatter NGINX_TIME =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private IndexRenderer() {}

  /** nginx's {@code autoindex_format json}: times to the second, plus {@code mtime_ns}. */
  public static String json(Path dir) throws IOException {
    List<Path> children = children(dir);
    StringBuilder b = new StringBuilder();
    {
      b.append("[\n");
      boolean first = true;
      for (Path c : children) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(c, BasicFileAttributes.class);
        } catch (IOException e) {
          continue; // a dangling symlink: nginx leaves it out too
        }
        Instant t = a.lastModifiedTime().toInstant();
        if (!first) {
          b.append(",\n");
        }
        first = false;
        b.append("{ \"name\":\"")
            .append(json(c.getFileName().toString()))
            .append("\", \"type\":\"")
            .append(a.isDirectory() ? "directory" : "file")
            .append("\", \"mtime\":\"")
            .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC)))
            .append("\", \"mtime_ns\":")
            .append(t.getEpochSecond() * 1_000_000_000L + t.getNano());
        if (!a.isDirectory()) {
          b.append(", \"size\":").append(a.size());
        }
        b.append(" }");
      }
      return b.append("\n]\n").toString();
    }
  }

  /** A plain page of links, as a download page has them: no sizes, no times. */
  public static String links(Path dir) throws IOException {
    List<Path> children = children(dir);
    StringBuilder b = new StringBuilder();
    {
      b.append("<!DOCTYPE html>\n<html><body><h1>Downloads</h1>\n<ul>\n");
      for (Path c : children) {
        boolean isDir = Files.isDirectory(c);
        String href = encode(c.getFileName().toString()) + (isDir ? "/" : "");
        b.append("<li><a href=\"")
            .append(html(href))
            .append("\">")
            .append(html(c.getFileName().toString()))
            .append("</a></li>\n");
      }
      return b.append("</ul>\n<p><a href=\"/\">home</a></p></body></html>\n").toString();
    }
  }

  /** nginx's HTML autoindex of {@code dir}, titled {@code path}: minutes and exact sizes. */
  public static String nginx(Path dir, String path) throws IOException {
    List<Path> children = children(dir);
    StringBuilder b = new StringBuilder();
    String title = html(path);
    b.append("<html>\r\n<head><title>Index of ")
        .append(title)
        .append("</title></head>\r\n")
        .append("<body>\r\n<h1>Index of ")
        .append(title)
        .append("</h1><hr><pre>")
        .append("<a href=\"../\">../</a>\r\n");
    for (Path c : children) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(c, BasicFileAttributes.class);
      } catch (IOException e) {
        continue;
      }
      String name = c.getFileName().toString() + (a.isDirectory() ? "/" : "");
      String href = encode(c.getFileName().toString()) + (a.isDirectory() ? "/" : "");
      b.append("<a href=\"").append(html(href)).append("\">").append(html(name)).append("</a>");
      b.append(" ".repeat(Math.max(1, 51 - name.length())));
      b.append(NGINX_TIME.format(a.lastModifiedTime().toInstant()));
      String size = a.isDirectory() ? "-" : Long.toString(a.size());
      b.append(" ".repeat(Math.max(1, 20 - size.length()))).append(size).append("\r\n");
    }
    return b.append("</pre><hr></body>\r\n</html>\r\n").toString();
  }

  private static List<Path> children(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.sorted().forEach(children::add);
    }
    return children;
  }

  /** One path segment percent-encoded as nginx writes hrefs (unreserved characters kept). */
  public static String encode(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte by : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = by & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append(String.format("%%%02X", c));
      }
    }
    return out.toString();
  }

  /** A percent-encoded path, decoded as UTF-8; null when an escape is malformed. */
  public static @Nullable String decode(String raw) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        try {
          out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          return null;
        }
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
