package io.mirrorkit.transport.http.internal.listing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.http.internal.listing.IndexPage.Link;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: a malformed field of an index row is taken as unknown (an unsafe JSON name
 * skips its entry) with a note naming the entry, never a bare runtime exception.
 */
class IndexParserMalformedTest {
  private static final String NGINX_HEAD =
      "<html><head><title>Index of /</title></head><body>\n<h1>Index of /</h1><hr><pre>"
          + "<a href=\"../\">../</a>\n";

  private static String nginxRow(String name, String time, String size) {
    return "<a href=\"" + name + "\">" + name + "</a>          " + time + "     " + size + "\n";
  }

  private static Map<String, Link> byHref(IndexPage page) {
    return page.links().stream().collect(Collectors.toMap(Link::href, l -> l, (a, b) -> a));
  }

  private static String json(String... entries) {
    return "[" + String.join(",", entries) + "]";
  }

  private static String entry(String name, String fields) {
    return "{\"name\":\"" + name + "\",\"type\":\"file\"" + fields + "}";
  }

  @Test
  void nginxSizeOutOfRangeIsUnknownWithANote() throws Exception {
    String page =
        NGINX_HEAD
            + nginxRow("huge.bin", "05-Mar-2024 06:07", "99999999999999999999999999")
            + nginxRow("ok.bin", "05-Mar-2024 06:07", "12")
            + "</pre><hr></body></html>";
    IndexPage parsed = IndexParser.parse(page, "text/html");
    Map<String, Link> links = byHref(parsed);
    assertThat(links.get("huge.bin").size()).isEqualTo(-1);
    assertThat(links.get("huge.bin").mtime()).isEqualTo(Instant.parse("2024-03-05T06:07:00Z"));
    assertThat(links.get("ok.bin").size()).isEqualTo(12);
    assertThat(parsed.problems())
        .containsExactly(
            "entry 'huge.bin': size '99999999999999999999999999' is out of range;"
                + " taken as unknown");
  }

  @Test
  void nginxNegativeAndGarbageSizesAndTimes() throws Exception {
    String page =
        NGINX_HEAD
            + nginxRow("neg", "05-Mar-2024 06:07", "-5")
            + nginxRow("word", "05-Mar-2024 06:07", "lots")
            + nginxRow("badtime", "31-Feb-2024 25:61", "7")
            + nginxRow("nomonth", "05-Xyz-2024 06:07", "8");
    IndexPage parsed = IndexParser.parse(page, "text/html");
    Map<String, Link> links = byHref(parsed);
    assertThat(links.get("neg").size()).isEqualTo(-1);
    assertThat(links.get("word").size()).isEqualTo(-1);
    assertThat(links.get("badtime").mtime()).isNull();
    assertThat(links.get("badtime").size()).isEqualTo(7);
    assertThat(links.get("nomonth").mtime()).isNull();
    assertThat(parsed.problems())
        .hasSize(4)
        .anyMatch(p -> p.startsWith("entry 'neg': size '-5' is no size"))
        .anyMatch(p -> p.startsWith("entry 'word': size 'lots' is no size"))
        .anyMatch(p -> p.startsWith("entry 'badtime': time '31-Feb-2024 25:61' is no valid time"))
        .anyMatch(p -> p.startsWith("entry 'nomonth': time '05-Xyz-2024 06:07'"));
  }

  @Test
  void nginxRoundedSizesAreUnknownNotExact() throws Exception {
    // autoindex_exact_size off: sizes above 9999 bytes are rounded; smaller ones stay exact
    String page =
        NGINX_HEAD
            + nginxRow("k", "05-Mar-2024 06:07", "1K")
            + nginxRow("m", "05-Mar-2024 06:07", "2M")
            + nginxRow("g", "05-Mar-2024 06:07", "1.5G")
            + nginxRow("small", "05-Mar-2024 06:07", "  9999");
    IndexPage parsed = IndexParser.parse(page, "text/html");
    Map<String, Link> links = byHref(parsed);
    assertThat(links.get("k").size()).isEqualTo(-1);
    assertThat(links.get("m").size()).isEqualTo(-1);
    assertThat(links.get("g").size()).isEqualTo(-1);
    assertThat(links.get("small").size()).isEqualTo(9999);
    assertThat(links.get("k").mtime()).isNotNull();
    assertThat(parsed.problems()).isEmpty();
  }

  @Test
  void apacheAndLighttpdImpossibleTimesAreUnknown() throws Exception {
    String apache =
        "<address>Apache</address><a href=\"a\">a</a> 2024-13-45 06:07  1K\n"
            + "<a href=\"b\">b</a> 2024-03-05 06:07:08  1K\n";
    Map<String, Link> a = byHref(IndexParser.parse(apache, "text/html"));
    assertThat(a.get("a").mtime()).isNull();
    assertThat(a.get("b").mtime()).isEqualTo(Instant.parse("2024-03-05T06:07:08Z"));
    String lighttpd =
        "<div class=\"foot\">lighttpd</div><a href=\"c\">c</a></td><td class=\"m\">"
            + "2024-Foo-99 99:99:99</td>";
    IndexPage l = IndexParser.parse(lighttpd, "text/html");
    assertThat(l.links()).singleElement().extracting(Link::mtime).isNull();
    assertThat(l.problems()).singleElement().asString().contains("entry 'c'");
  }

  @Test
  void jsonOutOfRangeNegativeFractionalAndTextSizes() throws Exception {
    String body =
        json(
            entry("huge", ",\"size\":99999999999999999999999999"),
            entry("neg", ",\"size\":-1"),
            entry("frac", ",\"size\":1.5"),
            entry("text", ",\"size\":\"12\""),
            entry("ok", ",\"size\":3"));
    IndexPage parsed = IndexParser.parse(body, "application/json");
    Map<String, Link> links = byHref(parsed);
    assertThat(links.get("huge").size()).isEqualTo(-1);
    assertThat(links.get("neg").size()).isEqualTo(-1);
    assertThat(links.get("frac").size()).isEqualTo(-1);
    assertThat(links.get("text").size()).isEqualTo(-1);
    assertThat(links.get("ok").size()).isEqualTo(3);
    assertThat(parsed.problems())
        .hasSize(4)
        .first()
        .asString()
        .isEqualTo("entry 'huge': size '99999999999999999999999999' is no size; taken as unknown");
  }

  @Test
  void jsonGarbageTimesAreUnknown() throws Exception {
    String body =
        json(
            entry("t", ",\"mtime\":\"yesterday\""),
            entry(
                "ns",
                ",\"mtime_ns\":99999999999999999999999,\"mtime\":\"Tue, 05 Mar 2024"
                    + " 06:07:08 GMT\""));
    IndexPage parsed = IndexParser.parse(body, "application/json");
    Map<String, Link> links = byHref(parsed);
    assertThat(links.get("t").mtime()).isNull();
    assertThat(links.get("ns").mtime()).isEqualTo(Instant.parse("2024-03-05T06:07:08Z"));
    assertThat(parsed.problems()).hasSize(2);
  }

  @Test
  void jsonUnsafeNamesAreSkippedWithANote() throws Exception {
    String body =
        json(
            entry("a\\u0000b", ""),
            entry("..", ""),
            entry(".", ""),
            entry("", ""),
            entry("a/b", ""),
            entry("x".repeat(256), ""),
            entry("fine", ""));
    IndexPage parsed = IndexParser.parse(body, "application/json");
    assertThat(parsed.links()).extracting(Link::href).containsExactly("fine");
    assertThat(parsed.problems())
        .hasSize(6)
        .allMatch(p -> p.contains("skipped: no safe file name"))
        .anyMatch(p -> p.startsWith("entry 'a\\x00b'"))
        .anyMatch(p -> p.startsWith("entry '..'"))
        .anyMatch(p -> p.matches("entry 'x{80}…'.*"));
  }

  @Test
  void aPageOfManyMalformedRowsMakesElevenNotes() throws Exception {
    StringBuilder page = new StringBuilder(NGINX_HEAD);
    for (int i = 0; i < 1000; i++) {
      page.append(nginxRow("f" + i, "05-Mar-2024 06:07", "1" + "0".repeat(30)));
    }
    IndexPage parsed = IndexParser.parse(page.toString(), "text/html");
    assertThat(parsed.links()).hasSize(1001);
    assertThat(parsed.problems()).hasSize(11).last().isEqualTo("and 990 more malformed entries");
  }
}
