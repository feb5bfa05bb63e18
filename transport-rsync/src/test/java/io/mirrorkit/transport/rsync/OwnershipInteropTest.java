package io.mirrorkit.transport.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Ownership;
import io.mirrorkit.Preserve;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -o}/{@code -g} against the real daemon (the module reads as root, so it sends the real
 * owners): the listing carries each entry's uid and gid and, without {@code --numeric-ids}, the
 * names the server has for them; equal owners are one object.
 */
class OwnershipInteropTest {
  @TempDir Path temp;

  private static final Set<Preserve> OWNERS =
      EnumSet.of(
          Preserve.TIMES,
          Preserve.PERMISSIONS,
          Preserve.SYMLINKS,
          Preserve.HARD_LINKS,
          Preserve.OWNER,
          Preserve.GROUP);

  private Path upstream() throws IOException {
    Path up =
        TreeBuilder.at(temp.resolve("up"))
            .file("numbers/a", "a")
            .file("numbers/b", "b")
            .file("named", "n")
            .file("rooted", "r")
            .hardLink("numbers/a-link", "numbers/a")
            .root();
    chown("1234:2345", up.resolve("numbers"), up.resolve("numbers/a"), up.resolve("numbers/b"));
    chown("daemon:daemon", up.resolve("named"));
    chown("0:0", up.resolve("rooted"));
    return up;
  }

  private static void chown(String owner, Path... paths) throws IOException {
    for (Path p : paths) {
      Command.of("chown", "-h", owner, p.toString()).runChecked();
    }
  }

  private RsyncDaemon daemon(Path up, String... arguments) throws IOException {
    RsyncDaemon.Builder b =
        RsyncDaemon.builder(temp.resolve("d" + System.nanoTime()))
            .runAs("root", "root")
            .module("mod", up);
    for (String a : arguments) {
      b.argument(a);
    }
    return b.start();
  }

  private static List<RemoteEntry> list(String uri, SyncOptions options) throws IOException {
    try (SessionHarness h = SessionHarness.open(uri, options)) {
      return h.list().entries();
    }
  }

  private static Ownership owner(List<RemoteEntry> entries, String path) {
    return entries.stream()
        .filter(e -> e.path().toString().equals(path))
        .findFirst()
        .orElseThrow()
        .ownership();
  }

  @ParameterizedTest(name = "protocol {0}")
  @ValueSource(ints = {30, 31, 32})
  void listingCarriesIdsAndNames(int protocol) throws Exception {
    Path up = upstream();
    try (RsyncDaemon d = daemon(up, "--protocol=" + protocol)) {
      List<RemoteEntry> entries =
          list(d.uri("mod"), SyncOptions.builder().preserve(OWNERS).build());

      assertThat(owner(entries, "numbers/a")).isEqualTo(new Ownership(1234, 2345, null, null));
      assertThat(owner(entries, "numbers/a-link")).isEqualTo(owner(entries, "numbers/a"));
      assertThat(owner(entries, "numbers")).isEqualTo(Ownership.ofIds(1234, 2345));
      assertThat(owner(entries, "named")).isEqualTo(new Ownership(1, 1, "daemon", "daemon"));
      assertThat(owner(entries, "rooted")).isEqualTo(new Ownership(0, 0, "root", "root"));
      // one object per distinct owner
      assertThat(owner(entries, "numbers/b")).isSameAs(owner(entries, "numbers/a"));
      // the rest of the list still parses: sizes and times as without -o/-g
      List<RemoteEntry> plain = list(d.uri("mod"), SyncOptions.defaults());
      assertThat(entries.stream().map(e -> e.withOwnership(null)).toList()).isEqualTo(plain);
    }
  }

  @Test
  void numericIdsSendsNoNames() throws Exception {
    Path up = upstream();
    try (RsyncDaemon d = daemon(up)) {
      List<RemoteEntry> entries =
          list(d.uri("mod"), SyncOptions.builder().preserve(OWNERS).numericIds(true).build());

      assertThat(owner(entries, "named")).isEqualTo(Ownership.ofIds(1, 1));
      assertThat(owner(entries, "numbers/a")).isEqualTo(Ownership.ofIds(1234, 2345));
      assertThat(owner(entries, "rooted")).isEqualTo(Ownership.ofIds(0, 0));
    }
  }

  @Test
  void ownerOnlyOrGroupOnly() throws Exception {
    Path up = upstream();
    try (RsyncDaemon d = daemon(up)) {
      Set<Preserve> ownerOnly = EnumSet.copyOf(OWNERS);
      ownerOnly.remove(Preserve.GROUP);
      Set<Preserve> groupOnly = EnumSet.copyOf(OWNERS);
      groupOnly.remove(Preserve.OWNER);

      assertThat(
              owner(list(d.uri("mod"), SyncOptions.builder().preserve(ownerOnly).build()), "named"))
          .isEqualTo(new Ownership(1, Ownership.UNKNOWN, "daemon", null));
      assertThat(
              owner(list(d.uri("mod"), SyncOptions.builder().preserve(groupOnly).build()), "named"))
          .isEqualTo(new Ownership(Ownership.UNKNOWN, 1, null, "daemon"));
      assertThat(owner(list(d.uri("mod"), SyncOptions.defaults()), "named")).isNull();
    }
  }

  @Test
  void realRsyncKeepsTheSameOwners() throws Exception {
    // the reference: rsync -a as root keeps 1234:2345, which is what the listing must carry
    Path up = upstream();
    try (RsyncDaemon d = daemon(up)) {
      Path theirs = temp.resolve("theirs");
      Command.of("rsync", "-a", d.uri("mod"), theirs + "/")
          .timeout(Duration.ofMinutes(1))
          .runChecked();
      assertThat(Files.getAttribute(theirs.resolve("numbers/a"), "unix:uid")).isEqualTo(1234);
      assertThat(Files.getAttribute(theirs.resolve("numbers/a"), "unix:gid")).isEqualTo(2345);
    }
  }
}
