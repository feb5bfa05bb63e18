package io.mirrorkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

  @TempDir Path temp;

  @Test
  void capturesExitCodeStdoutAndStderr() throws IOException {
    Command.Result result = Command.of("sh", "-c", "echo hi; echo err >&2; exit 3").run();

    assertThat(result).isEqualTo(new Command.Result(3, "hi\n", "err\n"));
  }

  @Test
  void runCheckedFailsWithCommandLineExitCodeAndStderr() {
    Command command = Command.of("sh", "-c", "echo broken >&2; exit 3");

    assertThatThrownBy(command::runChecked)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("sh -c 'echo broken >&2; exit 3'")
        .hasMessageContaining("broken");
  }

  @Test
  void runCheckedReturnsTheResultOfSuccess() throws IOException {
    assertThat(Command.of("echo", "ok").runChecked().stdout()).isEqualTo("ok\n");
  }

  @Test
  void timeoutKillsTheProcess() {
    Command sleep = Command.of("sleep", "60").timeout(Duration.ofMillis(200));

    assertThatThrownBy(sleep::run)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void timeoutKillsDescendantsToo() {
    Command shell = Command.of("sh", "-c", "sleep 60; echo never").timeout(Duration.ofMillis(200));

    assertThatThrownBy(shell::run)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void runsInDirectoryWithEnvironment() throws IOException {
    Command.Result result =
        Command.of("sh", "-c", "pwd; echo \"$GREETING\"")
            .directory(temp)
            .env("GREETING", "hello world")
            .runChecked();

    assertThat(result.stdout()).isEqualTo(temp.toRealPath() + "\nhello world\n");
  }

  @Test
  void largeOutputDoesNotBlockTheChild() throws IOException {
    Command.Result result =
        Command.of(
                "sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x; head -c 1000000 /dev/zero >&2")
            .runChecked();

    assertThat(result.stdout()).hasSize(3_000_000);
    assertThat(result.stderr()).hasSize(1_000_000);
  }

  @Test
  void stdinIsEmpty() throws IOException {
    assertThat(Command.of("cat").runChecked().stdout()).isEmpty();
  }

  @Test
  void startedProcessRunsUntilClosed() throws IOException {
    RunningProcess daemon;
    try (RunningProcess process = Command.of("sh", "-c", "echo ready; exec sleep 60").start()) {
      daemon = process;
      assertThat(process.isAlive()).isTrue();
      assertThat(process.pid()).isPositive();
    }

    assertThat(daemon.isAlive()).isFalse();
    assertThat(daemon.stdout()).isEqualTo("ready\n");
  }

  @Test
  void waitForReturnsTheResultOfAStartedProcess() throws IOException {
    try (RunningProcess process = Command.of("sh", "-c", "echo done").start()) {
      assertThat(process.waitFor(Duration.ofSeconds(30)).stdout()).isEqualTo("done\n");
    }
  }

  @Test
  void toStringQuotesForTheShell() {
    assertThat(Command.of("rsync", "-a", "a b", "it's", ""))
        .hasToString("rsync -a 'a b' 'it'\\''s' ''");
  }

  @Test
  void missingProgramCannotStart() {
    assertThatThrownBy(() -> Command.of("mirrorkit-surely-missing-program").run())
        .isInstanceOf(IOException.class);
  }
}
