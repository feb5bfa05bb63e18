package io.mirrorkit.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.transport.http.internal.LinkClassifier.Decision;
import io.mirrorkit.transport.http.internal.LinkClassifier.Kind;
import io.mirrorkit.transport.http.internal.listing.IndexPage;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okhttp3.HttpUrl;

/** No link, however hostile, makes an entry outside the page it is on. */
class ConfinementProperties {
  private static final HttpUrl BASE = HttpUrl.get("http://127.0.0.1:8080/pub/linux/");
  private static final HttpUrl HERE = HttpUrl.get("http://127.0.0.1:8080/pub/linux/a/");

  @Provide
  Arbitrary<String> hrefs() {
    List<String> pieces =
        List.of(
            "..",
            "../",
            ".",
            "./",
            "/",
            "//",
            "%2e%2e",
            "%2E%2E/",
            "%2F",
            "%2f",
            "%00",
            "%5C",
            "\\",
            "?",
            "?C=N;O=D",
            "#",
            "#top",
            "a",
            "b/",
            "pub",
            "linux/",
            "http://127.0.0.1:8080/",
            "https://127.0.0.1:8080/pub/linux/a/x",
            "http://evil.example/",
            "//evil.example/",
            "colon:",
            "x:",
            "%",
            "%zz",
            " ",
            "\u00fc",
            "&amp;",
            "file:///etc/passwd",
            ";",
            "@");
    return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
  }

  @Property(tries = 3000)
  void entriesAreSafeDirectChildren(
      @ForAll("hrefs") String href, @ForAll IndexPage.Format format, @ForAll boolean dir) {
    Decision d =
        LinkClassifier.classify(BASE, HERE, new IndexPage.Link(href, dir, -1, null), format);
    if (d.kind() == Kind.ENTRY) {
      HttpUrl url = d.url();
      assertThat(url.host()).isEqualTo("127.0.0.1");
      assertThat(url.port()).isEqualTo(8080);
      assertThat(url.scheme()).isEqualTo("http");
      assertThat(url.encodedPath()).startsWith(HERE.encodedPath());
      assertThat(url.query()).isNull();
      assertThat(d.name()).doesNotContain("/").isNotIn("", ".", "..").doesNotContain("\0");
      assertThat(MirrorPath.isValid(d.name())).isTrue();
      assertThat(MirrorPath.isValid("a/" + d.name())).isTrue();
    } else if (d.kind() == Kind.NAVIGATION) {
      // never followed: the page itself (maybe with a query) or its parent
      assertThat(d.url().encodedPath()).isIn(HERE.encodedPath(), BASE.encodedPath());
    }
  }
}
