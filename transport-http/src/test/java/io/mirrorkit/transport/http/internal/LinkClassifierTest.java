package io.mirrorkit.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.http.internal.listing.IndexPage.Format;
import org.junit.jupiter.api.Test;

/** The scheme check, by hand since issue 18 (no regular expression over upstream text). */
class LinkClassifierTest {
  @Test
  void aColonNameOnAnIndexPageIsANameNotAScheme() {
    assertThat(LinkClassifier.relativeIfIndex("colon:name", Format.NGINX_HTML))
        .isEqualTo("./colon:name");
    assertThat(LinkClassifier.relativeIfIndex("a+b.c-d:x", Format.APACHE)).isEqualTo("./a+b.c-d:x");
    assertThat(LinkClassifier.relativeIfIndex("HTTP://h/x", Format.NGINX_HTML))
        .isEqualTo("HTTP://h/x");
    assertThat(LinkClassifier.relativeIfIndex("https://h/x", Format.LIGHTTPD))
        .isEqualTo("https://h/x");
  }

  @Test
  void noSchemeOrAPlainPageIsLeftAsItIs() {
    for (String href :
        new String[] {"1a:x", ":x", "a b:x", "a/b:c", "plain", "", "a".repeat(9999)}) {
      assertThat(LinkClassifier.relativeIfIndex(href, Format.NGINX_HTML)).isEqualTo(href);
    }
    assertThat(LinkClassifier.relativeIfIndex("colon:name", Format.PLAIN)).isEqualTo("colon:name");
  }
}
