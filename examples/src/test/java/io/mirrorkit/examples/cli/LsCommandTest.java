package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.RemoteEntry;
import org.junit.jupiter.api.Test;

class LsCommandTest {
  private static final MirrorPath PATH = MirrorPath.of("a");

  @Test
  void modeStringsShowSpecialBitsLikeLs() {
    assertThat(LsCommand.mode(RemoteEntry.file(PATH, 1, null).withMode(0644)))
        .isEqualTo("-rw-r--r--");
    assertThat(LsCommand.mode(RemoteEntry.file(PATH, 1, null).withMode(04755)))
        .isEqualTo("-rwsr-xr-x");
    assertThat(LsCommand.mode(RemoteEntry.file(PATH, 1, null).withMode(02740)))
        .isEqualTo("-rwxr-S---");
    assertThat(LsCommand.mode(RemoteEntry.directory(PATH, null).withMode(01777)))
        .isEqualTo("drwxrwxrwt");
    assertThat(LsCommand.mode(RemoteEntry.directory(PATH, null).withMode(01776)))
        .isEqualTo("drwxrwxrwT");
    assertThat(LsCommand.mode(RemoteEntry.symlink(PATH, "b", null))).isEqualTo("lrwxrwxrwx");
  }

  @Test
  void unknownModeIsShownAsQuestionMarks() {
    assertThat(LsCommand.mode(RemoteEntry.file(PATH, 1, null))).isEqualTo("-?????????");
  }
}
