package io.mirrorkit.transport.http.internal.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.http.internal.listing.IndexPage.Link;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 2: pages of anchors that never close made the old regular expression backtrack for
 * minutes (1,000 fragments took 13 s; 30 KB never finished). The scanner is linear; the bound here
 * is a hang guard, not a speed assertion.
 */
class IndexParserHostileTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private static IndexPage parseGuarded(String page, String what) {
    return assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          long start = System.nanoTime();
          IndexPage parsed = IndexParser.parse(page, "text/html");
          long ms = (System.nanoTime() - start) / 1_000_000;
          System.out.printf("parsed %s (%,d chars) in %d ms%n", what, page.length(), ms);
          return parsed;
        });
  }

  @Test
  void unclosedQuotedHrefsRepeatedFor30Kilobytes() {
    String page = "<a href=\"x".repeat(30_000 / 10);
    // one start tag that the page ends inside: dropped, as HTML does
    assertThat(parseGuarded(page, "<a href=\"x x3000").links()).isEmpty();
  }

  @Test
  void thousandUnclosedFragments() {
    assertThat(parseGuarded("<a href=\"x".repeat(1000), "<a href=\"x x1000").links()).isEmpty();
  }

  @Test
  void unquotedHrefsWithoutTagEnd() {
    assertThat(parseGuarded("<a href=x ".repeat(3000), "<a href=x  x3000").links()).isEmpty();
  }

  @Test
  void bareAnchorStarts() {
    assertThat(parseGuarded("<a ".repeat(60_000), "<a  x60000").links()).isEmpty();
  }

  @Test
  void thirtyTwoMegabytesOfFragments() {
    String fragments = "<a href=\"x<a href=x <a <a href='y'>";
    StringBuilder b = new StringBuilder(32 << 20);
    while (b.length() < (32 << 20)) {
      b.append(fragments);
    }
    IndexPage page = parseGuarded(b.toString(), "32 MB of fragments");
    // the quotes pair up across fragments: whatever the links, there are at most one per fragment
    assertThat(page.links().size()).isLessThanOrEqualTo(b.length() / fragments.length());
  }

  @Test
  void thirtyTwoMegabytesOfUnclosedQuotedHrefsOnANginxPage() {
    String head =
        "<html><head><title>Index of /</title></head><body>\n<h1>Index of /</h1><hr><pre>";
    String page = head + "<a href=\"x".repeat((32 << 20) / 10);
    assertThat(parseGuarded(page, "32 MB nginx-like page of <a href=\"x").links()).isEmpty();
  }

  @Test
  void anchorsClosedOnlyByTheNextAnchorOrTheEnd() {
    // no </a> anywhere: each anchor ends where the next starts, the last at the end of the page
    IndexPage page = parseGuarded("<a href=a>a <a href=b>b <A\nHREF='c'>c", "unclosed anchors");
    assertThat(page.links()).extracting(Link::href).containsExactly("a", "b", "c");
  }

  @Test
  void aMillionRealLinksAreParsedAndOneMoreFails() throws Exception {
    String link = "<a href=\"f\">f</a>\n";
    IndexPage page = parseGuarded(link.repeat(1_000_000), "1,000,000 links");
    assertThat(page.links()).hasSize(1_000_000);
    String tooMany = link.repeat(1_000_001);
    assertThatThrownBy(() -> IndexParser.parse(tooMany, "text/html", ZoneOffset.UTC, 1_000_000))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 1000000 links")
        .hasMessageContaining("HttpOptions.MAX_LINKS_PER_PAGE (http.maxLinksPerPage)");
  }

  @Test
  void jsonIndexWithTooManyEntriesFails() {
    String entries = "{\"name\":\"f\",\"type\":\"file\"},".repeat(11);
    String json = "[" + entries.substring(0, entries.length() - 1) + "]";
    assertThatThrownBy(() -> IndexParser.parse(json, "application/json", ZoneOffset.UTC, 10))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 10 links");
  }

  @Test
  void hugeAttributeValuesAndEntityRuns() {
    String amps = "&".repeat(4 << 20);
    String page = "<a title=\"" + "t".repeat(8 << 20) + "\" href=\"" + amps + "x\">x</a>";
    IndexPage parsed = parseGuarded(page, "8 MB attribute, 4 MB of '&' in an href");
    assertThat(parsed.links()).singleElement().extracting(Link::href).isEqualTo(amps + "x");
  }

  @Test
  void longRowsWithoutDatesOnAnApachePage() {
    String row = "<a href=\"f\">f</a>" + " 2024-03-0".repeat(200) + "\n";
    String page = "<address>Apache</address>" + row.repeat(20_000);
    IndexPage parsed = parseGuarded(page, "Apache rows of almost-dates");
    assertThat(parsed.links()).hasSize(20_000).allMatch(l -> l.mtime() == null);
  }
}
