package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** SOURCE as text: rsync's trailing-slash rule, --port, and unknown schemes. */
class SourceArgumentTest {
  private static SourceArgument source(String text) {
    return new SourceArgument.Converter().convert(text);
  }

  @Test
  void theDirectoryNamedWithoutATrailingSlashGoesIntoTarget() {
    assertThat(source("rsync://h/mod/pub/dir").copiedDirectory()).isEqualTo("dir");
    assertThat(source("rsync://h:873/mod/dir").copiedDirectory()).isEqualTo("dir");
    assertThat(source("file:///srv/repo").copiedDirectory()).isEqualTo("repo");
    assertThat(source("/srv/repo").copiedDirectory()).isEqualTo("repo");
    assertThat(source("repo").copiedDirectory()).isEqualTo("repo");
    assertThat(source("../up/repo").copiedDirectory()).isEqualTo("repo");
    assertThat(source("/srv/repo").mirrorDirectory(Path.of("/m"))).isEqualTo(Path.of("/m/repo"));
  }

  @Test
  void contentsGoIntoTargetWithASlashForAModuleAndForDot() {
    assertThat(source("rsync://h/mod/pub/dir/").copiedDirectory()).isNull();
    assertThat(source("rsync://h/mod").copiedDirectory()).isNull();
    assertThat(source("rsync://h/mod/").copiedDirectory()).isNull();
    assertThat(source("file:///srv/repo/").copiedDirectory()).isNull();
    assertThat(source("/srv/repo/").copiedDirectory()).isNull();
    assertThat(source("/srv/repo/.").copiedDirectory()).isNull();
    assertThat(source(".").copiedDirectory()).isNull();
    assertThat(source("..").copiedDirectory()).isNull();
    assertThat(source("/").copiedDirectory()).isNull();
    assertThat(source("/srv/repo/").mirrorDirectory(Path.of("/m"))).isEqualTo(Path.of("/m"));
  }

  @Test
  void httpFtpAndGitKeepMirroringIntoTarget() {
    assertThat(source("https://h/pub/dir").copiedDirectory()).isNull();
    assertThat(source("ftp://h/pub/dir").copiedDirectory()).isNull();
    assertThat(source("git://h/project.git").copiedDirectory()).isNull();
    assertThat(source("git+file:///srv/project.git").copiedDirectory()).isNull();
  }

  @Test
  void portSetsTheUrisPortAndKeepsTheUser() {
    assertThat(source("rsync://alice@h/mod/").withPort(8730).uri().toString())
        .isEqualTo("rsync://alice@h:8730/mod/");
    assertThat(source("ftp://h/pub/a%20b/").withPort(2121).uri().toString())
        .isEqualTo("ftp://h:2121/pub/a%20b/");
    assertThat(source("rsync://h/mod/").withPort(null).uri().getPort()).isEqualTo(-1);
    assertThatThrownBy(() -> source("rsync://h:1/mod/").withPort(2))
        .hasMessageContaining("disagree");
  }

  @Test
  void unknownSchemesNameTheClosestInstalledOne() {
    assertThatThrownBy(() -> source("rsnyc://h/mod/"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("did you mean rsync://?");
    assertThatThrownBy(() -> source("htps://h/"))
        .hasMessageContaining("did you mean http")
        .hasMessageContaining("mirrorkit syncs from file://");
    assertThatThrownBy(() -> SourceConverter.checkScheme("gopher", Set.of("ftp", "rsync")))
        .hasMessageNotContaining("did you mean");
  }
}
