package io.mirrorkit.transport.http.internal.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Format;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Link;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The parsers on index pages saved from the real servers (see the resources' README). */
class IndexParserTest {
  private static final Instant MARCH = Instant.parse("2024-03-05T06:07:08Z");

  private static String page(String name) throws IOException {
    try (InputStream in = IndexParserTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, Link> byHref(IndexPage page) {
    return page.links().stream().collect(Collectors.toMap(Link::href, l -> l, (a, b) -> a));
  }

  @Test
  void nginxHtml() throws Exception {
    IndexPage page = IndexParser.parse(page("nginx-1.22.1.html"), "text/html");
    assertThat(page.format()).isEqualTo(Format.NGINX_HTML);
    assertThat(page.mtimePrecision()).isEqualTo(Duration.ofMinutes(1));
    Map<String, Link> links = byHref(page);
    assertThat(links.keySet())
        .contains("../", "sub/", "%23hash", "100%25", "a%20b.txt", "a%26b%3Dc", "colon%3Aname")
        .contains("L".repeat(80)); // the text is truncated to 50 characters, the link is not
    assertThat(links.get("a%20b.txt"))
        .isEqualTo(new Link("a%20b.txt", false, 6, Instant.parse("2024-03-05T06:07:00Z")));
    assertThat(links.get("big.bin").size()).isEqualTo(5000);
    assertThat(links.get("sub/").directory()).isTrue();
    assertThat(links.get("sub/").mtime()).isEqualTo(Instant.parse("2024-03-05T06:07:00Z"));
  }

  @Test
  void nginxJson() throws Exception {
    IndexPage page = IndexParser.parse(page("nginx-1.22.1.json"), "application/json");
    assertThat(page.format()).isEqualTo(Format.NGINX_JSON);
    assertThat(page.mtimePrecision()).isEqualTo(Duration.ofSeconds(1));
    Map<String, Link> links = byHref(page);
    assertThat(links.get("a%20b.txt")).isEqualTo(new Link("a%20b.txt", false, 6, MARCH));
    assertThat(links.get("sub/")).isEqualTo(new Link("sub/", true, -1, MARCH));
    assertThat(links.keySet())
        .contains("%23hash", "100%25", "colon%3Aname", "what%3F", "a&b=c")
        .contains("%C3%BCn%C3%AFc%C3%B6d%C3%A9.txt");
  }

  @Test
  void lighttpd() throws Exception {
    IndexPage page = IndexParser.parse(page("lighttpd-1.4.69.html"), "text/html");
    assertThat(page.format()).isEqualTo(Format.LIGHTTPD);
    assertThat(page.mtimePrecision()).isEqualTo(Duration.ofSeconds(1));
    Map<String, Link> links = byHref(page);
    // sizes are rounded ("0.1K"): unknown; times are the server's local time, to the second
    assertThat(links.get("a%20b.txt")).isEqualTo(new Link("a%20b.txt", false, -1, MARCH));
    assertThat(links.get("sub/").directory()).isTrue();
    assertThat(links).containsKey("colon%3Aname").hasSize(10);
    IndexPage berlin =
        IndexParser.parse(page("lighttpd-1.4.69.html"), "text/html", ZoneId.of("Europe/Berlin"));
    assertThat(byHref(berlin).get("a%20b.txt").mtime()).isEqualTo(MARCH.minusSeconds(3600));
  }

  @Test
  void apacheFancyAndPlain() throws Exception {
    IndexPage fancy = IndexParser.parse(page("apache-2.4-fancy.html"), "text/html");
    assertThat(fancy.format()).isEqualTo(Format.APACHE);
    assertThat(fancy.mtimePrecision()).isEqualTo(Duration.ofMinutes(1));
    Map<String, Link> links = byHref(fancy);
    assertThat(links).containsKeys("?C=N;O=D", "/", "a%20b.txt", "big.bin", "sub/");
    assertThat(links.get("a%20b.txt").mtime()).isEqualTo(Instant.parse("2024-03-05T06:07:00Z"));
    assertThat(links.get("big.bin").size()).isEqualTo(-1);
    IndexPage plain = IndexParser.parse(page("apache-2.4-plain.html"), "text/html");
    assertThat(plain.links())
        .extracting(Link::href)
        .containsExactly("/", "a%20b.txt", "big.bin", "sub/");
  }

  @Test
  void plainPageTolerantOfSloppyMarkup() throws Exception {
    IndexPage page =
        IndexParser.parse(
            "<HTML><BODY><A HREF=one.tar>1</A><a class=x href = 'two%20.iso' >2</a>"
                + "<a name=anchor>no href</a><a href=\"three/?x=1&amp;y=2\">3</A"
                + "><p><a href=\"four.txt\">unclosed <b>bold</a>",
            null);
    assertThat(page.format()).isEqualTo(Format.PLAIN);
    assertThat(page.links())
        .extracting(Link::href)
        .containsExactly("one.tar", "two%20.iso", "three/?x=1&y=2", "four.txt");
  }

  @Test
  void entitiesInLinksAreDecoded() {
    assertThat(IndexParser.decodeEntities("a&amp;b&#x26;c&#38;d&lt;&bogus;&"))
        .isEqualTo("a&b&c&d<&bogus;&");
  }

  @Test
  void brokenJsonIsAProtocolError() {
    assertThatThrownBy(() -> IndexParser.parse("[{\"name\":\"x\",", "application/json"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("nginx's JSON directory index");
    assertThatThrownBy(() -> IndexParser.parse("[{\"size\":1}]", "application/json"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void emptyJsonIndex() throws Exception {
    assertThat(IndexParser.parse("[\n]", "application/json").links()).isEqualTo(List.of());
  }
}
