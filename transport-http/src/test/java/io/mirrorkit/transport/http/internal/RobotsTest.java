package io.mirrorkit.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RobotsTest {
  @Test
  void starGroupWithLongestMatchWinning() {
    Robots r =
        Robots.parse(
            "# comment\nUser-agent: *\nDisallow: /pub/private/\nAllow: /pub/private/ok\n"
                + "Disallow: /*.iso$\n\nUser-agent: otherbot\nDisallow: /\n",
            "mirrorkit");
    assertThat(r.allows("/pub/a.txt")).isTrue();
    assertThat(r.allows("/pub/private/x")).isFalse();
    assertThat(r.allows("/pub/private/ok.txt")).isTrue();
    assertThat(r.allows("/pub/x.iso")).isFalse();
    assertThat(r.allows("/pub/x.iso.sig")).isTrue();
  }

  @Test
  void ownGroupReplacesTheStarGroup() {
    Robots r =
        Robots.parse(
            "User-agent: *\nDisallow: /\n\nUser-agent: MirrorKit\nDisallow: /tmp/\n", "mirrorkit");
    assertThat(r.allows("/pub/a")).isTrue();
    assertThat(r.allows("/tmp/a")).isFalse();
  }

  @Test
  void emptyDisallowAllowsEverything() {
    assertThat(Robots.parse("User-agent: *\nDisallow:\n", "mirrorkit").allows("/x")).isTrue();
  }
}
