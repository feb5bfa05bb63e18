package io.mirrorkit.transport.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generated hostile upstream for {@link HostileUpstreamProperties}: index pages (nginx-, Apache-
 * and plain HTML, nginx JSON) whose real entries are mixed with hostile links, markup noise and
 * malformed fields, and what a correct mirror of it holds. Rendering is deterministic; every page
 * says how many links it has and whether it has malformed rows, so the property knows which limit
 * fails and which warnings must come.
 */
final class HostileSite {
  static final String START = "/pub/";
  static final String NGINX_TIME = "05-Mar-2024 06:07";
  static final String APACHE_TIME = "2024-03-05 06:07";
  static final String HTTP_TIME = "Tue, 05 Mar 2024 06:07:00 GMT";

  enum Shape {
    NGINX_HTML,
    APACHE,
    PLAIN,
    JSON
  }

  enum SizeStyle {
    EXACT,
    HUGE,
    NEGATIVE,
    GARBAGE,
    ROUNDED
  }

  enum TimeStyle {
    EXACT,
    GARBAGE,
    IMPOSSIBLE
  }

  /** Which limit the case sets: none, or one just below (fails) or at (passes) the largest page. */
  enum Limit {
    NONE,
    PAGE_BYTES_BELOW,
    PAGE_BYTES_AT,
    LINKS_BELOW,
    LINKS_AT
  }

  /** One item of a page, in page order. */
  sealed interface Item permits FileSpec, DirSpec, Noise, Hostile, OffHost {}

  record FileSpec(String name, byte[] content, SizeStyle size, TimeStyle time, int variant)
      implements Item {}

  record DirSpec(String name, PageSpec page) implements Item {}

  /** Markup that hides nothing: {@code anchors} of its anchors have an {@code href}. */
  record Noise(String html, int anchors) implements Item {}

  /** A link that is no entry (parent, self, absolute, off-host, encoded {@code ..}, query). */
  record Hostile(String href) implements Item {}

  /** Many links to another host: a large link count in a small page. */
  record OffHost(int count) implements Item {}

  /**
   * One page.
   *
   * @param tail text after the page that the page ends inside (an unclosed tag): no links
   * @param brokenJson for JSON: an entry with a nested value, which fails the page
   */
  record PageSpec(Shape shape, List<Item> items, String tail, boolean brokenJson) {}

  /** One rendered page. */
  record Rendered(
      String path, String encodedPath, String type, String text, int links, boolean malformed) {
    int bytes() {
      return text.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  private final PageSpec root;
  private final Limit limit;
  private final List<Rendered> pages = new ArrayList<>();
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Set<String> directories = new HashSet<>();
  private boolean brokenJson;

  HostileSite(PageSpec root, Limit limit) {
    this.root = root;
    this.limit = limit;
    render(START, START, "", root);
  }

  PageSpec root() {
    return root;
  }

  Limit limit() {
    return limit;
  }

  /** Every page, the start page first. */
  List<Rendered> pages() {
    return pages;
  }

  /** The files a correct mirror holds: path below the start directory -> content. */
  Map<String, byte[]> files() {
    return files;
  }

  /** The directories a correct mirror holds, below the start directory. */
  Set<String> directories() {
    return directories;
  }

  /** Whether a JSON page has an entry with a nested value (which fails it). */
  boolean brokenJson() {
    return brokenJson;
  }

  int largestPage() {
    return pages.stream().mapToInt(Rendered::bytes).max().orElse(1);
  }

  int mostLinks() {
    return pages.stream().mapToInt(Rendered::links).max().orElse(0);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("HostileSite[" + limit + "]");
    for (Rendered p : pages) {
      String t = p.text();
      b.append("\n  ")
          .append(p.path())
          .append(" (")
          .append(p.bytes())
          .append(" bytes, ")
          .append(p.links())
          .append(" links): ")
          .append(t.length() > 600 ? t.substring(0, 600) + "..." : t);
    }
    return b.toString();
  }

  private void render(String path, String encodedPath, String prefix, PageSpec page) {
    List<Item> items = unique(page.items());
    Rendered r =
        page.shape() == Shape.JSON
            ? Json.render(path, encodedPath, items, page.brokenJson())
            : Html.render(path, encodedPath, page.shape(), items, page.tail());
    pages.add(r);
    brokenJson |= page.shape() == Shape.JSON && page.brokenJson();
    for (Item item : items) {
      if (item instanceof FileSpec f) {
        files.put(prefix + f.name(), f.content());
      } else if (item instanceof DirSpec d) {
        directories.add(prefix + d.name());
        String sub = d.name() + "/";
        render(path + sub, encodedPath + encode(d.name()) + "/", prefix + sub, d.page());
      }
    }
  }

  /** The items with each entry name once (the first wins). */
  private static List<Item> unique(List<Item> items) {
    Set<String> names = new HashSet<>();
    List<Item> out = new ArrayList<>();
    for (Item item : items) {
      String name =
          item instanceof FileSpec f ? f.name() : item instanceof DirSpec d ? d.name() : null;
      if (name == null || names.add(name)) {
        out.add(item);
      }
    }
    return out;
  }

  /** Percent-encodes every byte but RFC 3986's unreserved characters. */
  static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  /** Escapes text for HTML. */
  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The HTML shapes. */
  private static final class Html {
    private final StringBuilder b = new StringBuilder();
    private final Shape shape;
    private int links;
    private boolean malformed;

    private Html(Shape shape) {
      this.shape = shape;
    }

    static Rendered render(
        String path, String encodedPath, Shape shape, List<Item> items, String tail) {
      Html h = new Html(shape);
      h.head(path);
      for (Item item : items) {
        h.item(item);
      }
      h.foot();
      h.b.append(tail);
      return new Rendered(path, encodedPath, "text/html", h.b.toString(), h.links, h.malformed);
    }

    private void head(String path) {
      String title = "Index of " + escape(path);
      b.append("<html><head><title>").append(title).append("</title></head><body>\n");
      switch (shape) {
        case NGINX_HTML -> {
          b.append("<h1>").append(title).append("</h1><hr><pre><a href=\"../\">../</a>\n");
          links++;
        }
        case APACHE -> {
          b.append("<h1>").append(title).append("</h1>\n<table>\n");
          b.append("<tr><th><a href=\"?C=N;O=D\">Name</a></th></tr>\n");
          links++;
        }
        default -> b.append("<ul>\n");
      }
    }

    private void foot() {
      switch (shape) {
        case NGINX_HTML -> b.append("</pre><hr></body>\n</html>\n");
        case APACHE ->
            b.append("</table>\n<address>Apache/2.4.62 Server</address>\n</body></html>\n");
        default -> b.append("</ul></body></html>\n");
      }
    }

    private void item(Item item) {
      if (item instanceof FileSpec f) {
        row(anchor(encode(f.name()), f.name(), f.variant()), time(f.time()), size(f));
        malformed |= malformed(f);
      } else if (item instanceof DirSpec d) {
        String href = encode(d.name()) + "/";
        row(anchor(href, d.name() + "/", 0), time(TimeStyle.EXACT), "-");
      } else if (item instanceof Noise n) {
        b.append(n.html()).append('\n');
        links += n.anchors();
      } else if (item instanceof Hostile h) {
        row("<a href=\"" + escape(h.href()) + "\">hostile</a>", "", "");
        links += h.href().strip().isEmpty() || h.href().strip().startsWith("#") ? 0 : 1;
      } else if (item instanceof OffHost o) {
        for (int i = 0; i < o.count(); i++) {
          b.append("<a href=\"http://evil.invalid/").append(i).append("\">e</a>\n");
        }
        links += o.count();
      }
    }

    /** An anchor as one of several real-world and sloppy spellings; counts it. */
    private String anchor(String href, String text, int variant) {
      links++;
      String t = escape(text);
      return switch (Math.floorMod(variant, 5)) {
        case 0 -> "<a href=\"" + href + "\">" + t + "</a>";
        case 1 -> "<A HREF='" + href.replace(".", "&#x2E;") + "'>" + t + "</A>";
        case 2 -> "<a class=\"f\" href=" + href + ">" + t + "</a>";
        case 3 -> "<a\n  href = \"" + href + "\"\n  >" + t + "</a >";
        default ->
            "<a title=\"" + t + "\" href=\"" + href.replace("%", "&#37;") + "\">" + t + "</a>";
      };
    }

    private void row(String anchor, String time, String size) {
      switch (shape) {
        case NGINX_HTML ->
            b.append(anchor)
                .append("                    ")
                .append(time)
                .append("            ")
                .append(size)
                .append('\n');
        case APACHE ->
            b.append("<tr><td>")
                .append(anchor)
                .append("</td><td align=\"right\">")
                .append(time)
                .append("  </td><td align=\"right\">")
                .append(size)
                .append("</td></tr>\n");
        default -> b.append("<li>").append(anchor).append("</li>\n");
      }
    }

    private String time(TimeStyle style) {
      boolean nginx = shape == Shape.NGINX_HTML;
      return switch (style) {
        case EXACT -> nginx ? NGINX_TIME : APACHE_TIME;
        case GARBAGE -> "whenever";
        case IMPOSSIBLE -> nginx ? "31-Feb-2024 25:61" : "2024-13-45 06:07";
      };
    }

    private static String size(FileSpec f) {
      return switch (f.size()) {
        case EXACT -> Integer.toString(f.content().length);
        case HUGE -> "99999999999999999999999999";
        case NEGATIVE -> "-5";
        case GARBAGE -> "lots";
        case ROUNDED -> "1K";
      };
    }

    /** Whether the parser must note the row (only nginx's and Apache's rows are read). */
    private boolean malformed(FileSpec f) {
      return switch (shape) {
        case NGINX_HTML ->
            f.time() == TimeStyle.IMPOSSIBLE
                || f.time() == TimeStyle.EXACT
                    && (f.size() == SizeStyle.HUGE
                        || f.size() == SizeStyle.NEGATIVE
                        || f.size() == SizeStyle.GARBAGE);
        case APACHE -> f.time() == TimeStyle.IMPOSSIBLE;
        default -> false;
      };
    }
  }

  /** nginx's JSON shape. */
  private static final class Json {
    static Rendered render(String path, String encodedPath, List<Item> items, boolean broken) {
      List<String> entries = new ArrayList<>();
      int links = 0;
      boolean malformed = false;
      for (Item item : items) {
        if (item instanceof FileSpec f) {
          entries.add(file(f));
          links++;
          malformed |= f.size() != SizeStyle.EXACT || f.time() != TimeStyle.EXACT;
        } else if (item instanceof DirSpec d) {
          entries.add(
              "{\"name\":"
                  + quote(d.name())
                  + ",\"type\":\"directory\",\"mtime\":\""
                  + HTTP_TIME
                  + "\"}");
          links++;
        } else if (item instanceof Noise n) {
          entries.add("{\"name\":\"noise\",\"type\":\"other\",\"pad\":" + quote(n.html()) + "}");
        } else if (item instanceof Hostile h) {
          entries.add("{\"name\":" + quote(h.href()) + ",\"type\":\"file\",\"size\":1}");
          malformed = true; // every hostile name is skipped with a note
        } else if (item instanceof OffHost o) {
          for (int i = 0; i < o.count(); i++) {
            entries.add("{\"name\":\"s" + i + "\",\"type\":\"other\"}");
          }
        }
      }
      if (broken) {
        entries.add("{\"name\":\"b\",\"type\":\"file\",\"nested\":[[[[1]]]]}");
      }
      String text = "[\n" + String.join(",\n", entries) + "\n]\n";
      return new Rendered(path, encodedPath, "application/json", text, links, malformed);
    }

    private static String file(FileSpec f) {
      String time =
          switch (f.time()) {
            case EXACT -> "\"" + HTTP_TIME + "\"";
            case GARBAGE -> "\"whenever\"";
            case IMPOSSIBLE -> "\"Tue, 31 Feb 2024 25:61:00 GMT\"";
          };
      String size =
          switch (f.size()) {
            case EXACT -> Integer.toString(f.content().length);
            case HUGE -> "99999999999999999999999999";
            case NEGATIVE -> "-5";
            case GARBAGE -> "\"lots\"";
            case ROUNDED -> "1.5";
          };
      return "{\"name\":"
          + quote(f.name())
          + ",\"type\":\"file\",\"mtime\":"
          + time
          + ",\"size\":"
          + size
          + "}";
    }

    static String quote(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      return b.append('"').toString();
    }
  }
}
