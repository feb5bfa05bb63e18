package io.mirrorkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.rsync.RsyncdModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [rsyncd]} section of the service config: keys, defaults, and errors with lines. */
class RsyncdSectionTest {
  private static final String MIRROR =
      """
      [mirrors.debian]
      source = "rsync://ftp.example.org/debian/"
      target = "/srv/mirror/debian"
      generations = 2

      """;

  @TempDir Path dir;

  private MirrorConfig parse(String toml) {
    return MirrorConfig.parse(toml, dir.resolve("mirrors.toml"));
  }

  private ConfigException error(String toml) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> parse(toml));
    assertThat(t).isInstanceOf(ConfigException.class);
    return (ConfigException) t;
  }

  @Test
  void readsTheServerModuleDefaultsAndModules() throws Exception {
    Files.createDirectories(dir.resolve("pub"));
    Files.writeString(dir.resolve("motd.txt"), "Welcome to the hub\n");
    MirrorConfig c =
        parse(
            MIRROR
                + """
                [rsyncd]
                address = "127.0.0.1"
                port = 8873
                motd_file = "motd.txt"
                max_connections = 5
                timeout = "5m"
                dont_compress = "*.gz *.rpm *.iso"

                [rsyncd.modules.debian]
                mirror = "debian"
                comment = "Debian archive"
                hosts_allow = ["10.0.0.0/8", "192.168.1.5"]
                auth_users = ["alice", "@staff:ro"]
                secrets_file = "rsyncd.secrets"
                refuse_options = ["checksum", "delete"]
                exclude = [".~tmp~/"]
                filter = ["- *.tmp", "+ keep/"]
                munge_symlinks = true

                [rsyncd.modules.pub]
                path = "pub"
                list = false
                max_connections = 0
                timeout = 30
                read_only = "yes"
                """);
    RsyncdSection r = c.rsyncd();
    assertThat(r).isNotNull();
    assertThat(r.address()).isEqualTo("127.0.0.1");
    assertThat(r.port()).isEqualTo(8873);
    assertThat(r.motd()).isEqualTo("Welcome to the hub\n");
    assertThat(r.modules()).extracting(RsyncdModule::name).containsExactly("debian", "pub");
    RsyncdModule debian = r.modules().get(0);
    assertThat(r.mirrorOf("debian")).isEqualTo("debian");
    assertThat(debian.path()).isEqualTo(Path.of("/srv/mirror/debian/current"));
    assertThat(debian.comment()).isEqualTo("Debian archive");
    assertThat(debian.maxConnections()).isEqualTo(5);
    assertThat(debian.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(debian.dontCompress()).containsExactly("*.gz", "*.rpm", "*.iso");
    assertThat(debian.hostsAllow()).containsExactly("10.0.0.0/8", "192.168.1.5");
    assertThat(debian.authUsers()).containsExactly("alice", "@staff:ro");
    assertThat(debian.secretsFile()).isEqualTo(dir.resolve("rsyncd.secrets"));
    assertThat(debian.refuseOptions()).containsExactly("checksum", "delete");
    assertThat(debian.filterRules()).containsExactly("- .~tmp~/", "- *.tmp", "+ keep/");
    assertThat(debian.mungeSymlinks()).isTrue();
    RsyncdModule pub = r.modules().get(1);
    assertThat(r.mirrorOf("pub")).isNull();
    assertThat(pub.path()).isEqualTo(dir.resolve("pub"));
    assertThat(pub.list()).isFalse();
    assertThat(pub.maxConnections()).isZero();
    assertThat(pub.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(pub.readOnly()).isTrue();
  }

  @Test
  void noSectionServesNothing() {
    assertThat(parse(MIRROR).rsyncd()).isNull();
  }

  @Test
  void problemsNameTheirFileLineAndKey() {
    String head = MIRROR + "[rsyncd]\nport = 0\n\n[rsyncd.modules.d]\nmirror = \"debian\"\n";
    assertThat(error(head + "dont_comprss = \"*.gz\"\n").getMessage())
        .startsWith(dir.resolve("mirrors.toml") + ":11: rsyncd.modules.d.dont_comprss: unknown key")
        .contains("dont_compress");
    assertThat(error(head + "max_connections = \"lots\"\n"))
        .hasMessageContaining(":11: rsyncd.modules.d.max_connections: expected a number")
        .hasMessageContaining("lots");
    assertThat(error(head + "list = \"perhaps\"\n"))
        .hasMessageContaining(":11: rsyncd.modules.d.list: expected yes or no");
    assertThat(error(head + "hosts_allow = [\"10.0.0.0/99\"]\n"))
        .hasMessageContaining(":11: rsyncd.modules.d.hosts_allow:");
    assertThat(error(head + "timeout = \"soon\"\n"))
        .hasMessageContaining(":11: rsyncd.modules.d.timeout:")
        .hasMessageContaining("not a duration");
    assertThat(error(head + "path = \"/srv\"\n"))
        .hasMessageContaining(":9: rsyncd.modules.d: give exactly one of path");
    assertThat(error(head.replace("\"debian\"", "\"ubuntu\"")))
        .hasMessageContaining(":10: rsyncd.modules.d.mirror: 'ubuntu' is not a mirror")
        .hasMessageContaining("[debian]");
    assertThat(error(head.replace("generations = 2", "generations = 1")))
        .hasMessageContaining(":10: rsyncd.modules.d.mirror: mirror 'debian' keeps 1 generation")
        .hasMessageContaining("path = \"/srv/mirror/debian\"");
    assertThat(error(MIRROR + "[rsyncd]\nport = 70000\n"))
        .hasMessageContaining(":7: rsyncd.port: must be a port number");
    assertThat(error(MIRROR + "[rsyncd]\nport = 0\n"))
        .hasMessageContaining(":6: rsyncd: serves no module");
    assertThat(error(MIRROR + "[rsyncd]\nmirror = \"debian\"\n"))
        .hasMessageContaining(":7: rsyncd.mirror: mirror belongs to a module");
    assertThat(error(MIRROR + "[rsyncd]\nmotd_file = \"nope.txt\"\n"))
        .hasMessageContaining(":7: rsyncd.motd_file: cannot read " + dir.resolve("nope.txt"));
    assertThat(error(head.replace("[rsyncd.modules.d]", "[rsyncd.modules.\"a/b\"]")))
        .hasMessageContaining("rsyncd.modules.\"a/b\": module name");
  }
}
