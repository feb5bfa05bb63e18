package io.mirrorkit.transport.rsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.transport.rsync.RsyncdConfig;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rsyncd.conf as the SME and Athena hubs write it. */
class RsyncdConfigTest {
  @TempDir Path temp;

  @Test
  void readsGlobalAndModuleSectionsWithInheritance() throws Exception {
    Files.createDirectories(temp.resolve("srv/a"));
    Files.createDirectories(temp.resolve("srv/b"));
    Files.writeString(temp.resolve("motd"), "Welcome\n");
    Path conf = temp.resolve("rsyncd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "# hub",
            "port = 8873",
            "address = 127.0.0.1",
            "motd file = motd",
            "use chroot = yes",
            "max connections = 5",
            "timeout = 300",
            "read only = yes",
            "dont compress = *.gz *.rpm *.iso",
            "",
            "[a]",
            "  path = srv/a",
            "  comment = first \\",
            "    module",
            "  hosts allow = 10.0.0.0/8 192.168.1.5",
            "  exclude = .~tmp~/ *.part",
            "  refuse options = checksum delete",
            "  bogus thing = 1",
            "[b]",
            "  path = " + temp.resolve("srv/b"),
            "  list = no",
            "  max connections = 0",
            "  filter = - *.tmp + keep/ - /private/",
            ""));
    RsyncdConfig c = RsyncdConfig.read(conf);
    assertThat(c.port()).isEqualTo(8873);
    assertThat(c.address()).isEqualTo("127.0.0.1");
    assertThat(c.motd()).isEqualTo("Welcome\n");
    assertThat(c.modules()).extracting(RsyncdModule::name).containsExactly("a", "b");
    RsyncdModule a = c.modules().get(0);
    assertThat(a.path()).isEqualTo(temp.resolve("srv/a"));
    assertThat(a.comment()).isEqualTo("first     module");
    assertThat(a.maxConnections()).isEqualTo(5);
    assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(300));
    assertThat(a.hostsAllow()).containsExactly("10.0.0.0/8", "192.168.1.5");
    assertThat(a.filterRules()).containsExactly("- .~tmp~/", "- *.part");
    assertThat(a.refuseOptions()).containsExactly("checksum", "delete");
    assertThat(a.dontCompress()).containsExactly("*.gz", "*.rpm", "*.iso");
    RsyncdModule b = c.modules().get(1);
    assertThat(b.list()).isFalse();
    assertThat(b.maxConnections()).isZero();
    assertThat(b.filterRules()).containsExactly("- *.tmp", "+ keep/", "- /private/");
    assertThat(c.warnings())
        .containsExactly(
            conf
                + ":18: parameter \"bogus thing\" is not supported by mirrorkit's rsync server;"
                + " ignored");
  }

  @Test
  void badValuesNameTheirLine() {
    assertThatThrownBy(
            () ->
                RsyncdConfig.parse(
                    List.of("[m]", "path = /", "max connections = lots"), "x.conf", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.conf:3")
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> RsyncdConfig.parse(List.of("[m]", "comment = c"), "x.conf", null))
        .hasMessageContaining("x.conf:1")
        .hasMessageContaining("no path");
    assertThatThrownBy(
            () ->
                RsyncdConfig.parse(
                    List.of("[m]", "path = /", "hosts allow = 10.0.0.0/99"), "x.conf", null))
        .hasMessageContaining("x.conf:3");
  }

  @Test
  void mungeSymlinksDefaultsToTheOppositeOfUseChrootAsInRsync() throws Exception {
    RsyncdConfig c =
        RsyncdConfig.parse(
            List.of(
                "[plain]",
                "path = /",
                "[unchrooted]",
                "path = /",
                "use chroot = no",
                "[chrooted-but-set]",
                "path = /",
                "use chroot = yes",
                "munge symlinks = yes"),
            "x.conf",
            null);
    assertThat(c.modules())
        .extracting(RsyncdModule::mungeSymlinks)
        .containsExactly(false, true, true);
  }

  @Test
  void authUsersSplitOnCommasAloneAfterALeadingComma() throws Exception {
    Path secrets = Files.writeString(temp.resolve("s"), "a:b\n");
    RsyncdConfig c =
        RsyncdConfig.parse(
            List.of(
                "[m]",
                "path = /",
                "secrets file = " + secrets,
                "auth users = , joe:deny, @Some Group:ro ,admin:rw"),
            "x.conf",
            null);
    assertThat(c.modules().get(0).authUsers())
        .containsExactly("joe:deny", "@Some Group:ro", "admin:rw");
  }

  @Test
  void directivesThatCannotBeFollowedNameTheirLine() throws Exception {
    Path self = temp.resolve("self.conf");
    Files.writeString(self, "&merge " + self + "\n");
    assertThatThrownBy(() -> RsyncdConfig.read(self))
        .hasMessageContaining(self + ":1: &merge nested more than 20 deep");
    assertThatThrownBy(
            () -> RsyncdConfig.parse(List.of("", "&include /no/such/dir"), "x.conf", null))
        .hasMessageContaining("x.conf:2: &include /no/such/dir: no such file or directory");
    assertThatThrownBy(() -> RsyncdConfig.parse(List.of("&import x"), "x.conf", null))
        .hasMessageContaining("x.conf:1: unknown directive &import");
  }
}
