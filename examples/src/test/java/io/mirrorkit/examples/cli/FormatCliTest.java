package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository-format flags and {@code mirrorkit verify} on an H-Sphere package list (the
 * simplest format): exit codes, what is mirrored, what verify prints.
 */
class FormatCliTest {
  @TempDir Path temp;
  Path upstream;
  Path mirror;

  @BeforeEach
  void setUp() throws Exception {
    upstream = Files.createDirectories(temp.resolve("up"));
    mirror = temp.resolve("mirror");
    write("3.1/RHES4/a.rpm", "a");
    write("3.1/RHES4/b.rpm", "bb");
    write("3.1/RHES4/unlisted.rpm", "not listed");
    write("3.1/pkglist", "# packages\nRHES4/a.rpm\n\nRHES4/b.rpm\n");
  }

  void write(String path, String content) throws Exception {
    Path file = upstream.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  void aPackageListSyncMirrorsTheListAndWhatItNames() {
    CliResult r =
        run("sync", "-q", "--package-list", "3.1/pkglist", upstream + "/", mirror.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(mirror.resolve("3.1/RHES4/a.rpm")).hasContent("a");
    assertThat(mirror.resolve("3.1/pkglist")).exists();
    assertThat(mirror.resolve("3.1/RHES4/unlisted.rpm")).doesNotExist();

    CliResult verify =
        run("verify", "--format", "pkglist", "--package-list", "3.1/pkglist", mirror.toString());
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("consistent: 3 file(s)");
  }

  @Test
  void aListNamingAMissingPackageExitsFiveAndKeepsTheOldList() throws Exception {
    run("sync", "-q", "--package-list", "3.1/pkglist", upstream + "/", mirror.toString());
    write("3.1/pkglist", "RHES4/a.rpm\nRHES4/b.rpm\nRHES4/c.rpm\n");
    CliResult r =
        run("sync", "-q", "--package-list", "3.1/pkglist", upstream + "/", mirror.toString());
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).contains("3.1/RHES4/c.rpm").contains("keeps its previous metadata");
    assertThat(mirror.resolve("3.1/pkglist")).content().doesNotContain("c.rpm");
  }

  @Test
  void verifyExitsFiveAndListsWhatIsWrong() throws Exception {
    run("sync", "-q", "--package-list", "3.1/pkglist", upstream + "/", mirror.toString());
    Files.delete(mirror.resolve("3.1/RHES4/b.rpm"));
    CliResult r = run("verify", "--package-list", "3.1/pkglist", "--json", mirror.toString());
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.out())
        .contains("\"missing\":[\"3.1/RHES4/b.rpm\"]")
        .contains("\"consistent\":false");
  }

  @Test
  void aSelectionWithoutAFormatIsAUsageError() {
    CliResult r = run("sync", "--arch", "amd64", upstream + "/", mirror.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("need --format");
    CliResult unknown = run("sync", "--format", "nope", upstream + "/", mirror.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no repository format \"nope\"").contains("pkglist");
  }
}
